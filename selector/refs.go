package selector

import (
	"bufio"
	"bytes"
	"io"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Fast name resolution. go-git's ResolveRevision expands a name through
// git's rev-parse rules (NAME, refs/NAME, refs/tags/NAME, refs/heads/NAME,
// refs/remotes/NAME, refs/remotes/NAME/HEAD) and reads the whole
// packed-refs file again for every rule that has no loose ref: on a clone
// with thousands of refs that is milliseconds per revision. Here the
// packed refs are read once per Repo. Anything unusual (a short hash, a
// name that is not a plain ref name, a ref to something other than a
// commit or tag) is left to go-git, so the answers are go-git's.

var refRules = []string{"%s", "refs/%s", "refs/tags/%s", "refs/heads/%s", "refs/remotes/%s", "refs/remotes/%s/HEAD"}

// resolveName resolves a revision without a ~N/^N suffix to a commit.
func (r *Repo) resolveName(name string) (plumbing.Hash, error) {
	if h, ok := r.fastName(name); ok {
		return h, nil
	}
	got, err := r.repo.ResolveRevision(plumbing.Revision(name))
	if err != nil {
		return plumbing.ZeroHash, err
	}
	return *got, nil
}

// fastName resolves a full hash or a plain ref name; ok is false when go-git
// must decide.
func (r *Repo) fastName(name string) (plumbing.Hash, bool) {
	fs := r.fsStorage()
	if fs == nil || strings.ContainsAny(name, "~^:{}@\\*?[ ") || strings.Contains(name, "..") {
		return plumbing.ZeroHash, false
	}
	if plumbing.IsHash(name) {
		return r.peelCommit(plumbing.NewHash(name))
	}
	if isHexPrefix(name) {
		return plumbing.ZeroHash, false // could be a short hash: go-git's order applies
	}
	for _, rule := range refRules {
		ref := strings.Replace(rule, "%s", name, 1)
		h, found, ok := r.refHash(ref, 0)
		if !ok {
			return plumbing.ZeroHash, false
		}
		if found {
			return r.peelCommit(h)
		}
	}
	return plumbing.ZeroHash, false // not found: go-git says so in its own words
}

func isHexPrefix(s string) bool {
	if len(s) < 4 {
		return false
	}
	for _, c := range []byte(s) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// refHash reads a ref, loose first, then packed, following symbolic refs.
// found is false when there is no such ref; ok is false on anything
// unexpected.
func (r *Repo) refHash(name string, depth int) (h plumbing.Hash, found, ok bool) {
	if depth > 5 {
		return h, false, false
	}
	fsys := r.fsStorage().Filesystem()
	fi, err := fsys.Lstat(name)
	if err == nil && !fi.IsDir() && !fi.Mode().IsRegular() {
		return h, false, false // a symbolic link: go-git's business
	}
	if err == nil && fi.Mode().IsRegular() {
		f, err := fsys.Open(name)
		if err != nil {
			return h, false, false
		}
		data, err := io.ReadAll(io.LimitReader(f, 4096))
		f.Close()
		if err != nil {
			return h, false, false
		}
		line := strings.TrimSpace(string(data))
		if target, sym := strings.CutPrefix(line, "ref: "); sym {
			return r.refHash(target, depth+1)
		}
		if !plumbing.IsHash(line) {
			return h, false, false // not a ref at all
		}
		return plumbing.NewHash(line), true, true
	}
	if r.packed == nil {
		r.packed = r.readPackedRefs()
	}
	if h, found := r.packed[name]; found {
		return h, true, true
	}
	return h, false, true
}

// readPackedRefs reads the packed-refs file once.
func (r *Repo) readPackedRefs() map[string]plumbing.Hash {
	out := map[string]plumbing.Hash{}
	f, err := r.fsStorage().Filesystem().Open("packed-refs")
	if err != nil {
		return out
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Bytes()
		if len(line) < 42 || line[0] == '#' || line[0] == '^' || line[40] != ' ' {
			continue
		}
		if hex := string(line[:40]); plumbing.IsHash(hex) {
			out[string(bytes.TrimSpace(line[41:]))] = plumbing.NewHash(hex)
		}
	}
	return out
}

// peelCommit returns the commit h names, through annotated tags.
func (r *Repo) peelCommit(h plumbing.Hash) (plumbing.Hash, bool) {
	for range 10 {
		o, err := r.store.EncodedObject(plumbing.AnyObject, h)
		if err != nil {
			return plumbing.ZeroHash, false
		}
		switch o.Type() {
		case plumbing.CommitObject:
			return h, true
		case plumbing.TagObject:
			t := &object.Tag{}
			if err := t.Decode(o); err != nil {
				return plumbing.ZeroHash, false
			}
			h = t.Target
		default:
			return plumbing.ZeroHash, false
		}
	}
	return plumbing.ZeroHash, false
}
