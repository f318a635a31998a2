package gitrepo

import (
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/gatesel/gatesel/selector/gitrepo/internal/odb"
)

// Names. A revision is resolved here, as git's rev-parse does for the
// syntax gatesel reads: a full hash, else a ref name expanded through
// git's rules (NAME for HEAD and other upper-case names and names under
// refs/, then refs/NAME, refs/tags/NAME, refs/heads/NAME,
// refs/remotes/NAME, refs/remotes/NAME/HEAD), else a unique short hash (4
// hex digits or more), followed by ~N, ^N (ancestry.go) and ^{commit} or
// ^{}. Annotated tags are peeled.
// Anything else — reflog entries (@{…}), :path, ^{/text}, ranges — is
// errRevSyntax: go-git's parser read some of it and silently ignored the
// rest (main@{1} resolved to main), which is not an answer to give CI.
//
// go-git's ResolveRevision also re-read the whole packed-refs file for
// each rule that has no loose ref, milliseconds per revision on a clone
// with thousands of refs; here packed-refs is read once per Repo.

var refRules = []string{"%s", "refs/%s", "refs/tags/%s", "refs/heads/%s", "refs/remotes/%s", "refs/remotes/%s/HEAD"}

// errRevSyntax: the revision uses syntax gatesel does not read.
var errRevSyntax = errors.New("unsupported revision syntax")

// errAmbiguous: a short hash names more than one commit.
var errAmbiguous = errors.New("short hash is ambiguous")

// errBrokenRef: a loose ref file holds no hash and no symbolic ref.
var errBrokenRef = errors.New("broken ref")

// resolveName resolves a revision without a ~N/^N suffix to a commit, in
// git's order (get_oid_1): a full hash, then a ref by the rules, then a
// short hash. odb.ErrReferenceNotFound means nothing has that name.
func (r *Repo) resolveName(name string) (odb.Hash, error) {
	if strings.ContainsAny(name, "~^:\\*?[ ") || strings.Contains(name, "@{") || !validRefName(name) {
		return odb.ZeroHash, errRevSyntax
	}
	if odb.IsHash(name) {
		return r.peelCommit(odb.NewHash(name))
	}
	for i, rule := range refRules {
		if i == 0 && !strings.HasPrefix(name, "refs/") && !isPseudoRef(name) && !otherWorktreeRef(name) {
			continue
		}
		h, found, err := r.refHash(strings.Replace(rule, "%s", name, 1), 0)
		if err != nil {
			return odb.ZeroHash, err
		}
		if found {
			return r.peelCommit(h)
		}
	}
	if isHexPrefix(name) {
		return r.shortHash(strings.ToLower(name))
	}
	if hex, ok := describeHash(name); ok {
		return r.shortHash(strings.ToLower(hex))
	}
	return odb.ZeroHash, odb.ErrReferenceNotFound
}

// describeHash is the hash of a git describe name, "v1.2-3-gHASH" (git's
// get_describe_name, tried when nothing else resolves): the hex digits
// after the last "-g", at least 4 of them.
func describeHash(name string) (string, bool) {
	i := strings.LastIndex(name, "-g")
	if i < 0 {
		return "", false
	}
	hex := name[i+2:]
	return hex, isHexPrefix(hex)
}

// otherWorktreeRef reports whether name is a ref of another worktree as
// git names it: main-worktree/HEAD (a per-worktree ref of the main
// worktree), worktrees/NAME/HEAD (of a linked one).
func otherWorktreeRef(name string) bool {
	if rest, ok := strings.CutPrefix(name, "main-worktree/"); ok {
		return perWorktree(rest)
	}
	if rest, ok := strings.CutPrefix(name, "worktrees/"); ok {
		_, ref, ok := strings.Cut(rest, "/")
		return ok && perWorktree(ref)
	}
	return false
}

// validRefName is git's check of a ref name's format (check-ref-format),
// the characters refused above aside: no empty component (//, a leading
// or trailing /), no component starting with "." or ending with ".lock",
// no "..", no trailing ".". The operating system would otherwise read
// refs/heads//main or ./main as refs/heads/main, which git refuses.
func validRefName(name string) bool {
	if name == "" || strings.Contains(name, "..") || strings.HasSuffix(name, ".") {
		return false
	}
	for _, c := range strings.Split(name, "/") {
		if c == "" || c[0] == '.' || strings.HasSuffix(c, ".lock") {
			return false
		}
	}
	return true
}

// validSymrefTarget reports whether git follows a symbolic ref to name: a
// ref under refs/, or a pseudo ref (HEAD, FETCH_HEAD…), in a valid format.
func validSymrefTarget(name string) bool {
	return (strings.HasPrefix(name, "refs/") || isPseudoRef(name)) && validRefName(name) &&
		!strings.ContainsAny(name, "~^:\\*?[ ") && !strings.Contains(name, "@{") &&
		!strings.ContainsFunc(name, func(c rune) bool { return c < 0x20 || c == 0x7f })
}

// isPseudoRef reports whether git looks name up as it is (HEAD,
// FETCH_HEAD, ORIG_HEAD…): upper-case letters and underscores.
func isPseudoRef(name string) bool {
	for _, c := range []byte(name) {
		if !('A' <= c && c <= 'Z' || c == '_') {
			return false
		}
	}
	return name != ""
}

func isHexPrefix(s string) bool {
	if len(s) < 4 || len(s) > 2*len(odb.ZeroHash) {
		return false
	}
	return odb.IsHex([]byte(s))
}

// shortHash resolves a short hash (lower case) to the one commit, or tag of
// a commit, whose hash starts with it. As git does where a commit is
// expected, objects of other types do not count, and a commit and a tag of
// it are two candidates: ambiguous.
func (r *Repo) shortHash(short string) (odb.Hash, error) {
	prefix, err := hex.DecodeString(short[:len(short)&^1])
	if err != nil {
		return odb.ZeroHash, odb.ErrReferenceNotFound
	}
	cands, err := r.store.HashesWithPrefix(prefix)
	if err != nil {
		return odb.ZeroHash, err
	}
	var found []odb.Hash
	for _, h := range cands {
		if !strings.HasPrefix(h.String(), short) {
			continue // the odd digit
		}
		if c, err := r.peelCommit(h); err == nil {
			found = append(found, c)
		}
	}
	switch len(found) {
	case 0:
		return odb.ZeroHash, odb.ErrReferenceNotFound
	case 1:
		return found[0], nil
	}
	return odb.ZeroHash, fmt.Errorf("%w: %s names %d commits or tags", errAmbiguous, short, len(found))
}

// perWorktree reports whether a ref lives in a linked worktree's own git
// directory rather than the common one (gitrepository-layout): HEAD and
// the other pseudo refs, refs/bisect, refs/worktree, refs/rewritten.
func perWorktree(name string) bool {
	return isPseudoRef(name) || strings.HasPrefix(name, "refs/bisect/") ||
		strings.HasPrefix(name, "refs/worktree/") || strings.HasPrefix(name, "refs/rewritten/")
}

// refHash reads a ref, loose first, then packed, following symbolic refs.
// found is false when there is no such ref.
func (r *Repo) refHash(name string, depth int) (h odb.Hash, found bool, err error) {
	if depth > 5 {
		return h, false, fmt.Errorf("ref %s: too many levels of symbolic refs", name)
	}
	target, h, found, err := r.readRef(name)
	if err != nil || target == "" {
		return h, found, err
	}
	return r.refHash(target, depth+1)
}

// readRef reads one ref, loose first, then packed: target is the ref a
// symbolic ref names (not followed), else h is its hash. found is false
// when there is no such ref; a loose ref that is not one (empty, not a
// hash) is errBrokenRef, as for git, not a reason to read the packed refs.
func (r *Repo) readRef(name string) (target string, h odb.Hash, found bool, err error) {
	dir, file := r.commonDir, name
	switch {
	case otherWorktreeRef(name):
		// main-worktree/HEAD is the common directory's HEAD;
		// worktrees/NAME/HEAD is in the common directory as it is.
		file = strings.TrimPrefix(name, "main-worktree/")
	case perWorktree(name):
		dir = r.gitDir
	}
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(file)))
	switch {
	case err == nil:
		target, h, err := parseLooseRef(name, data)
		return target, h, err == nil, err
	case errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.EISDIR) || errors.Is(err, syscall.ENOTDIR):
		// No such file, a directory (refs/heads/team/), or below a file.
	default:
		return "", h, false, fmt.Errorf("read ref %s: %w", name, err)
	}
	if perWorktree(name) || otherWorktreeRef(name) {
		return "", h, false, nil // never in the shared packed-refs
	}
	h, found, why := r.packed.lookup(name)
	if why != "" {
		return "", h, false, fmt.Errorf("%w: packed-refs: %s (git refuses it too)", errBrokenRef, why)
	}
	return "", h, found, nil
}

// parseLooseRef reads the loose ref file name: a hash, then the end or a
// blank (FETCH_HEAD: "HASH\t\tdescription"), or "ref: TARGET", a symbolic
// ref whose target git would follow (validSymrefTarget). Anything else is
// errBrokenRef.
func parseLooseRef(name string, data []byte) (target string, h odb.Hash, err error) {
	line, _, _ := strings.Cut(string(data), "\n")
	if target, sym := strings.CutPrefix(line, "ref:"); sym {
		target = strings.TrimSpace(target)
		if !validSymrefTarget(target) {
			// git refuses it too, and reading it could leave the
			// repository (refs/heads/../../../../etc/passwd).
			return "", h, fmt.Errorf("%w %s: it points to %q, which is not a valid ref name", errBrokenRef, name, target)
		}
		return target, h, nil
	}
	if len(line) >= 40 && odb.IsHash(line[:40]) && (len(line) == 40 || line[40] == ' ' || line[40] == '\t' || line[40] == '\r') {
		return "", odb.NewHash(line[:40]), nil
	}
	return "", h, fmt.Errorf("%w %s: it holds %q", errBrokenRef, name, line)
}

// peelCommit returns the commit h names, through annotated tags;
// odb.ErrReferenceNotFound when h is not there or names no commit.
func (r *Repo) peelCommit(h odb.Hash) (odb.Hash, error) {
	for range 10 {
		if _, ok := r.walk.graphTree(h); ok {
			return h, nil // a commit of the commit-graph: no need to inflate it
		}
		typ, data, err := r.store.ReadAny(h)
		switch {
		case errors.Is(err, odb.ErrObjectNotFound):
			return odb.ZeroHash, odb.ErrReferenceNotFound
		case err != nil:
			return odb.ZeroHash, err
		case typ == odb.CommitObject:
			return h, nil
		case typ != odb.TagObject:
			return odb.ZeroHash, odb.ErrReferenceNotFound
		}
		target, ok := odb.HeaderHash(data, "object ")
		if !ok {
			return odb.ZeroHash, &odb.CorruptError{Object: h, Err: errors.New("malformed tag: no object line")}
		}
		h = target
	}
	return odb.ZeroHash, fmt.Errorf("tag %s: more than 10 levels of tags", h)
}
