package gitrepo

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"slices"
	"sort"

	"github.com/gatesel/gatesel/selector/gitrepo/internal/odb"
)

// Diff is the change between the merge base of two revisions and the second.
type Diff struct {
	Base      Revision
	Head      Revision
	MergeBase string   // the commit the changes are computed from (the first, when there are several)
	Changes   []Change // sorted by path, each path once
	// MergeBases lists every merge base when there are several (criss-cross
	// merges); Changes is then the union of the diffs from each.
	MergeBases []string
	// Submodules lists the paths of Changes that are a submodule pointer
	// (a gitlink, mode 160000) on either side, sorted, each once.
	Submodules []string
	// Warnings are about the repository: what was not trusted and why
	// (a commit-graph that disagrees with its commits is ignored).
	Warnings []string
}

// Diff computes the changes between the merge base of base and head, and
// head, like `git diff --name-status --no-renames base...head`: a rename is
// a deletion plus an addition, a submodule pointer change counts as its
// path, a type change (file, symbolic link, submodule) is TypeChg. Only tree
// objects are read, never file contents; identical subtrees are skipped by
// hash. When there are several merge bases (criss-cross merges), Changes
// is the union of the diffs from each: git diff uses one of them, which
// one depending on the order of its walk (commit dates, or the
// commit-graph's generation numbers when it has one), so the union is
// what is sure to hold git's change, whichever it picks.
//
// A revision that does not resolve, or a merge base beyond the end of a
// shallow clone, is a *HistoryError wrapping ErrNoBase or ErrShallow;
// unrelated histories give one wrapping ErrNoMergeBase.
func (r *Repo) Diff(ctx context.Context, base, head string) (*Diff, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil, ErrClosed
	}
	d, err := r.diff(ctx, base, head)
	if err != nil {
		return nil, r.classify(err)
	}
	d.Warnings = slices.Clone(r.warnings)
	return d, nil
}

// diff is Diff under the lock, its errors not yet classified.
func (r *Repo) diff(ctx context.Context, base, head string) (*Diff, error) {
	// The trees of the end points come from their commit objects, which
	// are checked against the commit-graph (commitTree): a graph that
	// disagrees is dropped, and the revisions and the merge base are found
	// again without it.
	var bh, hh odb.Hash
	var bases []odb.Hash
	for range 2 {
		hadGraph := r.walk.commitGraph() != nil
		var err error
		if bh, err = r.resolve(base, RoleBase); err != nil {
			return nil, err
		}
		if hh, err = r.resolve(head, RoleHead); err != nil {
			return nil, err
		}
		trees := map[odb.Hash]*odb.Tree{}
		if err := r.endTrees(trees, bh, hh); err != nil {
			return nil, err
		}
		if bases, err = r.mergeBase(base, head, bh, hh); err != nil {
			return nil, err
		}
		if err := r.endTrees(trees, bases...); err != nil {
			return nil, err
		}
		if !hadGraph || r.walk.commitGraph() != nil {
			break
		}
	}
	d := &Diff{
		Base:      Revision{Rev: base, Commit: bh.String()},
		Head:      Revision{Rev: head, Commit: hh.String()},
		MergeBase: bases[0].String(),
	}
	for _, mb := range bases {
		changes, subs, err := r.diffCommits(ctx, mb, hh)
		if err != nil {
			return nil, err
		}
		d.Changes = append(d.Changes, changes...)
		d.Submodules = append(d.Submodules, subs...)
	}
	slices.Sort(d.Submodules)
	d.Submodules = slices.Compact(d.Submodules)
	if len(bases) > 1 {
		for _, mb := range bases {
			d.MergeBases = append(d.MergeBases, mb.String())
		}
		d.Changes = sortChanges(d.Changes)
	}
	return d, nil
}

// mergeBase finds the merge bases, turning "none" into the right error.
func (r *Repo) mergeBase(base, head string, bh, hh odb.Hash) ([]odb.Hash, error) {
	bases, cut, err := r.walk.mergeBases(bh, hh)
	if err != nil {
		return nil, fmt.Errorf("merge base of %s and %s: %w", base, head, err)
	}
	if len(bases) > 0 {
		return bases, nil
	}
	if cut {
		return nil, &HistoryError{Rev: base, Role: RoleBase, Problem: Shallow, Shallow: len(r.walk.shallow), Commands: r.deepen(base),
			Err: fmt.Errorf("merge base of %s and %s: %w: history ends at %d shallow commits",
				base, head, ErrShallow, len(r.walk.shallow))}
	}
	return nil, &HistoryError{Rev: base, Role: RoleBase, Problem: Unrelated, Other: head,
		Err: fmt.Errorf("merge base of %s and %s: %w: the histories are unrelated", base, head, ErrNoMergeBase)}
}

// diffCommits lists the paths that differ between the trees of two
// commits (read from their commit objects, endTrees), and those of them
// that are submodule pointers.
func (r *Repo) diffCommits(ctx context.Context, from, to odb.Hash) ([]Change, []string, error) {
	trees := map[odb.Hash]*odb.Tree{}
	if err := r.endTrees(trees, from, to); err != nil {
		return nil, nil, err
	}
	a, err := readTree(r.store, trees[from].Hash, "")
	if err != nil {
		return nil, nil, err
	}
	b, err := readTree(r.store, trees[to].Hash, "")
	if err != nil {
		return nil, nil, err
	}
	var out changeList
	if err := diffTrees(ctx, r.store, a, b, "", &out); err != nil {
		return nil, nil, err
	}
	return sortChanges(out.changes), out.submodules, nil
}

// changeList collects a diff: the changes, and the paths among them that
// are submodule pointers.
type changeList struct {
	changes    []Change
	submodules []string
}

func (l *changeList) add(p string, st Status, submodule bool) {
	l.changes = append(l.changes, Change{Path: p, Status: st})
	if submodule {
		l.submodules = append(l.submodules, p)
	}
}

// endTrees reads the root trees of the commits hs into trees, from their
// commit objects (commitTree), once each.
func (r *Repo) endTrees(trees map[odb.Hash]*odb.Tree, hs ...odb.Hash) error {
	for _, h := range hs {
		if trees[h] != nil {
			continue
		}
		t, err := r.commitTree(h)
		if err != nil {
			return err
		}
		trees[h] = t
	}
	return nil
}

// diffTrees compares two trees entry by entry, in git's tree order, from
// their bytes (read with NextEntry, once): an entry equal on both sides
// (same name, mode and hash) costs a comparison and no allocation, and a
// subtree equal by hash is never read, as in git's diff_tree. The first
// entry that does not parse ends the diff with the tree's error.
func diffTrees(ctx context.Context, s *odb.DB, ta, tb treeIter, prefix string, out *changeList) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	ta.next()
	tb.next()
	for (ta.ok || tb.ok) && ta.err == nil && tb.err == nil {
		var c int
		switch {
		case !ta.ok:
			c = 1
		case !tb.ok:
			c = -1
		default:
			c = compareEntries(&ta.e, &tb.e)
		}
		ea, eb := &ta.e, &tb.e
		switch {
		case c < 0:
			if err := allFiles(ctx, s, ea, prefix, Deleted, out); err != nil {
				return err
			}
		case c > 0:
			if err := allFiles(ctx, s, eb, prefix, Added, out); err != nil {
				return err
			}
		case ea.Hash == eb.Hash && ea.Mode == eb.Mode:
		case ea.Mode == odb.Dir:
			p := prefix + string(ea.Name)
			sa, err := readTree(s, ea.Hash, p)
			if err != nil {
				return err
			}
			sb, err := readTree(s, eb.Hash, p)
			if err != nil {
				return err
			}
			if err := diffTrees(ctx, s, sa, sb, p+"/", out); err != nil {
				return err
			}
		default:
			st := Modified
			if kind(ea.Mode) != kind(eb.Mode) {
				st = TypeChg
			}
			out.add(prefix+string(ea.Name), st, ea.Mode == odb.Submodule || eb.Mode == odb.Submodule)
		}
		if c <= 0 {
			ta.next()
		}
		if c >= 0 {
			tb.next()
		}
	}
	return cmp.Or(ta.err, tb.err)
}

// treeIter reads the entries of a tree's bytes, one at a time: e is the
// current entry while ok. Each tree is parsed once, as it is read; the
// first entry that does not parse is the tree's error, as a check of its
// bytes before the first entry is used gave it (a second parse of every
// tree, 3–7 % of the tree diff of synth.Huge()'s 100,000-file change).
type treeIter struct {
	h    odb.Hash
	p    string // its path, for the error
	rest []byte
	e    odb.RawEntry
	ok   bool
	err  error // the bytes stopped parsing: the tree is damaged
}

// readTree reads the tree h at path p for a treeIter; its bytes are the
// object store's, shared with its cache, to read and never to change.
func readTree(s *odb.DB, h odb.Hash, p string) (treeIter, error) {
	data, err := s.ReadObject(odb.TreeObject, h)
	if err != nil {
		return treeIter{}, fmt.Errorf("read tree %s (%s): %w", h, p, err)
	}
	return treeIter{h: h, p: p, rest: data}, nil
}

// next moves to the following entry.
func (t *treeIter) next() {
	if t.ok = len(t.rest) > 0; t.ok {
		if t.rest, t.ok = odb.NextEntry(t.rest, &t.e); !t.ok {
			t.err = fmt.Errorf("read tree %s (%s): %w", t.h, t.p, odb.MalformedTree(t.h))
		}
	}
}

// compareEntries orders tree entries as git does, a directory as its name
// followed by "/" (bytes.Compare of the keys without building them).
func compareEntries(a, b *odb.RawEntry) int {
	n := min(len(a.Name), len(b.Name))
	if c := bytes.Compare(a.Name[:n], b.Name[:n]); c != 0 {
		return c
	}
	ka, kb := keyLen(a), keyLen(b)
	for k := n; k < ka && k < kb; k++ {
		if ca, cb := keyByte(a, k), keyByte(b, k); ca != cb {
			return cmp.Compare(ca, cb)
		}
	}
	return cmp.Compare(ka, kb)
}

// keyLen is the length of an entry's sort key.
func keyLen(e *odb.RawEntry) int {
	if e.Mode == odb.Dir {
		return len(e.Name) + 1
	}
	return len(e.Name)
}

// keyByte is the byte at i < keyLen(e) of an entry's sort key.
func keyByte(e *odb.RawEntry, i int) byte {
	if i < len(e.Name) {
		return e.Name[i]
	}
	return '/'
}

// kind is the type of an entry for type changes: file, link or submodule.
func kind(m odb.FileMode) int {
	switch m {
	case odb.Symlink:
		return 1
	case odb.Submodule:
		return 2
	}
	return 0
}

// allFiles records e (every file below it if it is a tree) with status st.
func allFiles(ctx context.Context, s *odb.DB, e *odb.RawEntry, prefix string, st Status, out *changeList) error {
	p := prefix + string(e.Name)
	if e.Mode != odb.Dir {
		out.add(p, st, e.Mode == odb.Submodule)
		return nil
	}
	return walkFiles(ctx, s, e.Hash, p, func(p string, m odb.FileMode) {
		out.add(p, st, m == odb.Submodule)
	})
}

// sortChanges sorts by path and keeps each path once.
func sortChanges(cs []Change) []Change {
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].Path < cs[j].Path })
	out := cs[:0]
	for _, c := range cs {
		if n := len(out); n > 0 && out[n-1].Path == c.Path {
			continue
		}
		out = append(out, c)
	}
	return out
}

// commitTree reads the root tree of a commit, as its commit object names
// it. When the commit-graph names another, the graph is wrong: it is
// dropped (distrustGraph) with a warning.
func (r *Repo) commitTree(h odb.Hash) (*odb.Tree, error) {
	th, err := r.store.CommitTree(h)
	if err != nil {
		return nil, fmt.Errorf("read commit %s: %w", h, err)
	}
	if gt, ok := r.walk.graphTree(h); ok && gt != th {
		r.walk.distrustGraph(fmt.Sprintf("it names tree %s for commit %s, whose object names %s", gt, h, th))
	}
	t, err := r.store.Tree(th)
	if err != nil {
		return nil, fmt.Errorf("read tree %s of commit %s: %w", th, h, err)
	}
	return t, nil
}

// walkFiles calls fn for every non-tree entry below the tree h, at path
// p ("" at the root), with its path and mode.
func walkFiles(ctx context.Context, s *odb.DB, h odb.Hash, p string, fn func(string, odb.FileMode)) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	t, err := readTree(s, h, p)
	if err != nil {
		return err
	}
	prefix := p
	if p != "" {
		prefix += "/"
	}
	for t.next(); t.ok; t.next() {
		q := prefix + string(t.e.Name)
		if t.e.Mode != odb.Dir {
			fn(q, t.e.Mode)
		} else if err := walkFiles(ctx, s, t.e.Hash, q, fn); err != nil {
			return err
		}
	}
	return t.err
}

func hashOf(s string) odb.Hash { return odb.NewHash(s) }
