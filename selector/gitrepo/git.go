package gitrepo

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/gatesel/gatesel/selector/gitrepo/internal/odb"
)

// Repo is a git repository opened for reading changes (with go-git).
// It is safe for concurrent use: its methods, and the file systems returned
// by TreeFS, serialise their access to the repository.
type Repo struct {
	mu     sync.Mutex
	closed bool    // Close was called
	store  *odb.DB // the object database (refs, config, index, objects)
	root   string  // work tree root, "" for a bare repository
	walk   *walker
	// packed is packed-refs, read when the repository is opened (refs.go).
	packed *packedRefs
	// gitDir is the git directory (a linked worktree's own), commonDir
	// the one holding the shared objects and refs (refs.go).
	gitDir, commonDir string
	// env reads the environment for the configuration and the user's
	// ignore rules (uncommitted_settings.go); nil is os.Getenv.
	env func(string) string
	// warnings about the repository (Diff.Warnings), e.g. an ignored commit-graph.
	warnings []string
}

// Revision is a revision as asked and the commit it resolved to.
type Revision struct {
	Rev    string `json:"rev"`
	Commit string `json:"commit"`
}

// Open opens the repository containing dir: the first directory from
// dir upward that holds a .git directory or file (a linked worktree) or is
// itself a bare repository.
func Open(ctx context.Context, dir string) (*Repo, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("open repository %s: %w", dir, err)
	}
	top, bare := "", false
	for d := abs; ; {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			top = d
			break
		}
		if isBareDir(d) {
			top, bare = d, true
			break
		}
		parent := filepath.Dir(d)
		if parent == d {
			return nil, fmt.Errorf("open repository %s: not a git repository (nor any of its parents)", dir)
		}
		d = parent
	}
	db, gitDir, commonDir, err := odb.Open(top, bare)
	if err != nil {
		if fe := (*odb.FormatError)(nil); errors.As(err, &fe) {
			return nil, &UnreadableError{Dir: top, Err: err}
		}
		return nil, fmt.Errorf("open repository %s: %w", top, err)
	}
	r := &Repo{store: db, gitDir: gitDir, commonDir: commonDir}
	r.packed = r.readPackedRefs()
	if os.Getenv("GIT_NO_REPLACE_OBJECTS") == "" && r.hasReplaceRefs() {
		r.packed.close()
		_ = db.Close()
		return nil, &UnreadableError{Dir: top, Replace: true}
	}
	if grafts := r.graftFile(); grafts != "" {
		r.packed.close()
		_ = db.Close()
		return nil, &UnreadableError{Dir: top, Grafts: grafts}
	}
	if !bare {
		r.root = top
	}
	r.walk = newWalker(r)
	return r, nil
}

// hasReplaceRefs reports whether the repository has refs/replace/ refs,
// loose or packed.
func (r *Repo) hasReplaceRefs() bool {
	if entries, err := os.ReadDir(filepath.Join(r.commonDir, "refs", "replace")); err == nil && len(entries) > 0 {
		return true
	}
	return r.packed.hasPrefix("refs/replace/")
}

// graftFile is the grafts file git would apply (GIT_GRAFT_FILE, else
// info/grafts of the common directory), "" when there is none or it is
// empty. git 2.39 still rewrites the parents of the commits it names in
// every walk, merge bases included, and gatesel does not.
func (r *Repo) graftFile() string {
	name := os.Getenv("GIT_GRAFT_FILE")
	if name == "" {
		name = filepath.Join(r.commonDir, "info", "grafts")
	}
	data, err := os.ReadFile(name)
	if err != nil || len(strings.TrimSpace(string(data))) == 0 {
		return ""
	}
	for _, line := range strings.Split(string(data), "\n") {
		if line = strings.TrimSpace(line); line != "" && line[0] != '#' {
			return name
		}
	}
	return ""
}

// isBareDir reports whether d looks like a bare repository (git's own test:
// HEAD, objects/ and refs/).
func isBareDir(d string) bool {
	for _, name := range []string{"HEAD", "objects", "refs"} {
		if _, err := os.Stat(filepath.Join(d, name)); err != nil {
			return false
		}
	}
	return true
}

// Root is the root of the work tree ("" for a bare repository).
func (r *Repo) Root() string { return r.root }

// SparseCheckout reports whether the repository's configuration sets
// core.sparseCheckout: its work tree may lack files of the index (the
// directories a sparse checkout leaves out), so it is not the whole
// revision.
func (r *Repo) SparseCheckout() bool { return r.store.Sparse }

// GateselDir is the path of name in the repository's gatesel directory:
// gatesel/ in the git directory (a linked worktree's common one), where
// gatesel keeps what it may recompute (graph-verified, policy-cache).
func (r *Repo) GateselDir(name string) string {
	return filepath.Join(r.commonDir, "gatesel", name)
}

// Resolve resolves a revision to a commit: a branch, a remote branch, a tag
// (annotated tags are peeled), HEAD, a suffix ~N, ^ or ^N, a full or short
// hash. A revision that does not resolve is a *HistoryError wrapping
// ErrNoBase; an ancestor beyond the end of a shallow clone is one wrapping
// ErrShallow.
func (r *Repo) Resolve(ctx context.Context, rev string) (Revision, error) {
	return r.ResolveAs(ctx, rev, RoleRevision)
}

// ResolveAs is Resolve with the revision's role named in errors (RoleHead:
// "resolve head revision ...").
func (r *Repo) ResolveAs(ctx context.Context, rev string, role Role) (Revision, error) {
	if err := ctx.Err(); err != nil {
		return Revision{}, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return Revision{}, ErrClosed
	}
	h, err := r.resolve(rev, role)
	if err != nil {
		return Revision{}, err
	}
	return Revision{Rev: rev, Commit: h.String()}, nil
}

// resolve resolves rev; role says which revision it is in errors.
func (r *Repo) resolve(rev string, role Role) (odb.Hash, error) {
	h, err := r.resolveRevision(rev)
	switch {
	case err == nil:
		return h, nil
	case errors.Is(err, errRevSyntax) || errors.Is(err, errAmbiguous):
		return h, &HistoryError{Rev: rev, Role: role, Problem: BadSyntax, Commands: []string{"git rev-parse " + shellQuote(rev)},
			Err: fmt.Errorf("resolve %s %q: %w", role, rev, err)}
	case errors.Is(err, errBrokenRef):
		return h, fmt.Errorf("resolve %s %s: %w (git reports it too; fix or delete the ref file)", role, rev, err)
	case isObjectStoreError(err):
		// Damage, or an object a partial clone lacks: not a revision to fetch.
		return h, r.classify(fmt.Errorf("resolve %s %s: %w", role, rev, err))
	case strings.ContainsAny(rev, "~^") && r.walk.isShallowRepo():
		return h, &HistoryError{Rev: rev, Role: role, Problem: Shallow, Commands: r.deepen(rev),
			Err: fmt.Errorf("resolve %s %s: %w: the ancestor is beyond the history of this clone", role, rev, ErrShallow)}
	}
	return h, &HistoryError{Rev: rev, Role: role, Problem: NotFound, Commands: r.fetch(rev),
		Err: fmt.Errorf("resolve %s %s: %w", role, rev, ErrNoBase)}
}

// resolveRevision resolves a name (refs.go), then walks its ~N/^N suffix
// (ancestry.go). A trailing ^{commit} or ^{} peels, as every name is
// peeled to its commit anyway.
func (r *Repo) resolveRevision(rev string) (odb.Hash, error) {
	for _, peel := range []string{"^{commit}", "^{}"} {
		rev = strings.TrimSuffix(rev, peel)
	}
	if rev == "" || strings.ContainsFunc(rev, func(c rune) bool { return c < 0x20 || c == 0x7f }) {
		return odb.ZeroHash, errRevSyntax
	}
	name, steps, ok := splitAncestry(rev)
	if !ok {
		name = rev
	}
	if name == "@" {
		name = "HEAD" // git's shorthand
	}
	h, err := r.resolveName(name)
	if err != nil || !ok {
		return h, err
	}
	return r.walk.ancestor(h, steps)
}

// isObjectStoreError reports whether err is the object store's (damage,
// a missing object of a partial clone, a malformed commit), rather than
// a name that does not resolve.
func isObjectStoreError(err error) bool {
	var ce *odb.CorruptError
	var nf *odb.NotFoundError
	return errors.As(err, &ce) || errors.As(err, &nf) && nf.Promisor != ""
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && !strings.ContainsFunc(s, func(c rune) bool {
		return !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("-_./~^@", c))
	}) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// remoteOf splits "origin/main" into a configured remote and a branch.
func (r *Repo) remoteOf(rev string) (remote, branch string) {
	name := strings.TrimPrefix(strings.TrimPrefix(rev, "refs/"), "remotes/")
	for _, n := range r.store.Remotes() {
		if b, ok := strings.CutPrefix(name, n+"/"); ok && b != "" {
			return n, b
		}
	}
	return "", ""
}

// defaultRemote is "origin" when configured, else the first remote by name, else "".
func (r *Repo) defaultRemote() string {
	names := r.store.Remotes()
	if len(names) == 0 {
		return ""
	}
	if slices.Contains(names, "origin") {
		return "origin"
	}
	return names[0]
}

// baseName strips ~N and ^N suffixes: "origin/main~3" → "origin/main".
func baseName(rev string) string {
	if i := strings.IndexAny(rev, "~^"); i > 0 {
		return rev[:i]
	}
	return rev
}

// fetch is the command that fetches a revision that does not resolve,
// none when there is no remote to fetch from.
func (r *Repo) fetch(rev string) []string {
	name := baseName(rev)
	if remote, branch := r.remoteOf(name); remote != "" {
		return []string{fmt.Sprintf("git fetch %s %s", remote, branch)}
	}
	remote := r.defaultRemote()
	switch {
	case remote == "":
		return nil
	case odb.IsHash(name):
		return []string{fmt.Sprintf("git fetch %s %s", remote, name)}
	default:
		return []string{fmt.Sprintf("git fetch %s %s:%s", remote, name, name)}
	}
}

// deepen are the commands that fetch history cut by a shallow clone.
func (r *Repo) deepen(rev string) []string {
	remote, branch := r.remoteOf(baseName(rev))
	if remote == "" {
		remote = r.defaultRemote()
	}
	fetch := fmt.Sprintf("git fetch --deepen=%d", shallowDeepen)
	if remote != "" {
		fetch += " " + remote
		if branch != "" {
			fetch += " " + branch
		}
	}
	return []string{fetch, "git fetch --unshallow"}
}

// DefaultBase returns the base revision to use when none was asked:
// configured (settings.base) if non-empty, else the first of origin/HEAD
// (named by the branch it points to, e.g. origin/main), origin/main and main
// that resolves. None resolving is a *HistoryError wrapping ErrNoBase.
func (r *Repo) DefaultBase(ctx context.Context, configured string) (string, error) {
	if configured != "" {
		return configured, nil
	}
	if err := ctx.Err(); err != nil {
		return "", err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return "", ErrClosed
	}
	if target, _, found, err := r.readRef("refs/remotes/origin/HEAD"); err == nil && found {
		if target != "" {
			if _, _, ok, err := r.readRef(target); err == nil && ok && strings.HasPrefix(target, "refs/remotes/") {
				return strings.TrimPrefix(target, "refs/remotes/"), nil
			}
		} else if _, err := r.resolve("origin/HEAD", RoleBase); err == nil {
			return "origin/HEAD", nil
		}
	}
	for _, name := range []string{"origin/main", "main"} {
		if _, err := r.resolve(name, RoleBase); err == nil {
			return name, nil
		}
	}
	return "", &HistoryError{Rev: "origin/main", Role: RoleBase, Problem: NoDefaultBase, Commands: []string{"git fetch origin main"},
		Err: fmt.Errorf("find the default base revision: none of origin/HEAD, origin/main, main resolves: %w", ErrNoBase)}
}

// Tracked lists the files of the index (the files of HEAD's tree for a bare
// repository), sorted, each once. Submodules are listed by their path.
func (r *Repo) Tracked(ctx context.Context) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil, ErrClosed
	}
	if r.root == "" {
		h, err := r.resolve("HEAD", RoleRevision)
		if err != nil {
			return nil, err
		}
		tree, err := r.commitTree(h)
		if err != nil {
			return nil, err
		}
		var out []string
		err = walkFiles(ctx, r.store, tree.Hash, "", func(p string, _ odb.FileMode) { out = append(out, p) })
		sort.Strings(out)
		return out, err
	}
	names, err := r.store.IndexNames()
	if err != nil {
		return nil, fmt.Errorf("read the index: %w", err)
	}
	out := make([]string, 0, len(names))
	for _, name := range names {
		if n := len(out); n > 0 && out[n-1] == name {
			continue // conflict stages
		}
		out = append(out, name)
	}
	sort.Strings(out)
	return out, nil
}
