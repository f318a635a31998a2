package gitrepo

import (
	"container/heap"
	"errors"
	"fmt"
	"runtime"

	"github.com/gatesel/gatesel/selector/gitrepo/internal/odb"
)

// The merge base is found as git finds it (commit-reach.c,
// paint_down_to_common): both tips are painted, their ancestors are visited
// newest first by commit date, a commit reached from both sides is a
// candidate and paints its ancestors stale, and the walk stops as soon as
// the queue holds only stale commits. Commits are read from the
// commit-graph file when the repository has one, else by decoding only the
// header of the commit object. Unlike go-git's Commit.MergeBase, the walk
// never goes below the merge base (beyond the commits dated like it).

// Paint flags.
const (
	paint1 uint8 = 1 << iota // reachable from the first tip
	paint2                   // reachable from one of the other tips
	stale                    // below a common ancestor
	result                   // recorded as a candidate
)

// commitNode is one commit of the walk.
type commitNode struct {
	hash    odb.Hash
	when    uint64
	parents []*commitNode
	loaded  bool
	cut     bool // a shallow commit: its parents are not in this clone
	flags   uint8
	queued  int32 // entries of this node in the queue
	pos     int   // position in the commit-graph, -1 when not known
}

// walker loads commits; it belongs to a Repo and is used under its lock.
type walker struct {
	r           *Repo
	nodes       map[odb.Hash]*commitNode
	graph       odb.CommitIndex
	graphTried  bool
	shallow     map[odb.Hash]bool
	shallowRead bool
	unmap       func() // releases the mapped commit-graph, nil when not mapped
}

func newWalker(r *Repo) *walker {
	return &walker{r: r, nodes: make(map[odb.Hash]*commitNode)}
}

// isShallowRepo reports whether the repository is a shallow clone.
func (w *walker) isShallowRepo() bool {
	w.readShallow()
	return len(w.shallow) > 0
}

func (w *walker) readShallow() {
	if w.shallowRead {
		return
	}
	w.shallowRead = true
	hs, err := w.r.store.Shallow()
	if err != nil {
		return
	}
	w.shallow = make(map[odb.Hash]bool, len(hs))
	for _, h := range hs {
		w.shallow[h] = true
	}
}

func (w *walker) commitGraph() odb.CommitIndex {
	if !w.graphTried {
		w.graphTried = true
		g, release, warn := w.r.store.OpenCommitGraph()
		if warn != nil {
			w.r.warn(warn.Error())
		}
		if g != nil {
			w.graph = g
		}
		if release != nil {
			w.unmap = release
			runtime.AddCleanup(w, func(release func()) { release() }, release)
		}
	}
	return w.graph
}

// distrustGraph drops the commit-graph, which gave an answer its commit
// objects contradict: what was read from it is forgotten, and the history
// is read from the commit objects from now on.
func (w *walker) distrustGraph(why string) {
	w.r.warn("the commit-graph is ignored: " + why + " (git commit-graph verify reports it; git commit-graph write --reachable rewrites it)")
	w.graph, w.graphTried = nil, true
	w.nodes = make(map[odb.Hash]*commitNode)
}

// graphTree returns the root tree of h, if h is a commit of the commit-graph.
func (w *walker) graphTree(h odb.Hash) (odb.Hash, bool) {
	g := w.commitGraph()
	if g == nil {
		return odb.ZeroHash, false
	}
	pos, ok := g.Position(h)
	if !ok {
		return odb.ZeroHash, false
	}
	e, err := g.CommitAt(pos)
	return e.Tree, err == nil
}

func (w *walker) node(h odb.Hash) *commitNode {
	n := w.nodes[h]
	if n == nil {
		n = &commitNode{hash: h, pos: -1}
		w.nodes[h] = n
	}
	return n
}

// load reads the date and parents of n.
func (w *walker) load(n *commitNode) error {
	if n.loaded {
		return nil
	}
	w.readShallow()
	var parents []odb.Hash
	if g := w.commitGraph(); g != nil {
		pos, ok := n.pos, n.pos >= 0
		if !ok {
			pos, ok = g.Position(n.hash)
		}
		if ok {
			if e, err := g.CommitAt(pos); err == nil {
				n.when = uint64(e.When)
				w.finish(n, len(e.Parents), func(i int) *commitNode {
					p := w.node(g.HashAt(e.Parents[i]))
					p.pos = e.Parents[i] // loaded without a search
					return p
				})
				return nil
			}
		}
	}
	data, err := w.r.store.ReadObject(odb.CommitObject, n.hash)
	if err != nil {
		return fmt.Errorf("read commit %s: %w", n.hash, err)
	}
	n.when, parents, err = odb.ParseCommitHeader(data)
	if err != nil {
		return fmt.Errorf("read commit %s: %w", n.hash, &odb.CorruptError{Object: n.hash, Err: err})
	}
	w.finish(n, len(parents), func(i int) *commitNode { return w.node(parents[i]) })
	return nil
}

// finish marks n loaded with its count parents, parent(i) each, or as cut
// when the clone is shallow there.
func (w *walker) finish(n *commitNode, count int, parent func(i int) *commitNode) {
	n.loaded = true
	if w.shallow[n.hash] {
		n.cut = true
		return
	}
	n.parents = make([]*commitNode, count)
	for i := range count {
		n.parents[i] = parent(i)
	}
}

// commitQueue orders commits newest first, first in first out among equal dates.
type commitQueue []queued

type queued struct {
	n   *commitNode
	seq uint64
}

func (q commitQueue) Len() int { return len(q) }
func (q commitQueue) Less(i, j int) bool {
	if q[i].n.when != q[j].n.when {
		return q[i].n.when > q[j].n.when
	}
	return q[i].seq < q[j].seq
}
func (q commitQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *commitQueue) Push(x any)   { *q = append(*q, x.(queued)) }
func (q *commitQueue) Pop() any {
	old := *q
	e := old[len(old)-1]
	*q = old[:len(old)-1]
	return e
}

// paint runs paint_down_to_common from one against twos. It returns the
// candidates in the order found, the nodes it touched (whose flags the
// caller must clear), and whether the walk crossed a shallow boundary.
func (w *walker) paint(one *commitNode, twos []*commitNode) (found, touched []*commitNode, cut bool, err error) {
	var q commitQueue
	var seq uint64
	nonStale := 0
	push := func(n *commitNode) {
		seq++
		n.queued++
		if n.flags&stale == 0 {
			nonStale++
		}
		heap.Push(&q, queued{n, seq})
	}
	mark := func(n *commitNode, f uint8) {
		if n.flags == 0 {
			touched = append(touched, n)
		}
		if f&stale != 0 && n.flags&stale == 0 {
			nonStale -= int(n.queued)
		}
		n.flags |= f
	}
	mark(one, paint1)
	push(one)
	for _, t := range twos {
		mark(t, paint2)
		push(t)
	}
	for nonStale > 0 {
		c := heap.Pop(&q).(queued).n
		c.queued--
		if c.flags&stale == 0 {
			nonStale--
		}
		f := c.flags & (paint1 | paint2 | stale)
		if f == paint1|paint2 {
			if c.flags&result == 0 {
				mark(c, result)
				found = append(found, c)
			}
			f |= stale
		}
		if err := w.load(c); err != nil {
			return nil, touched, cut, err
		}
		if c.cut && f&stale == 0 {
			cut = true
		}
		for _, p := range c.parents {
			if p.flags&f == f {
				continue
			}
			if err := w.load(p); err != nil {
				if errors.Is(err, odb.ErrObjectNotFound) && w.isShallowRepo() {
					cut = true
					continue
				}
				return nil, touched, cut, err
			}
			mark(p, f)
			push(p)
		}
	}
	for _, e := range q {
		e.n.queued = 0
	}
	return found, touched, cut, nil
}

func clearFlags(ns []*commitNode) {
	for _, n := range ns {
		n.flags, n.queued = 0, 0
	}
}

// mergeBases returns the merge bases of a and b, newest first (git merge-base --all).
// cut reports that the walk met the end of a shallow clone.
func (w *walker) mergeBases(a, b odb.Hash) (bases []odb.Hash, cut bool, err error) {
	one, two := w.node(a), w.node(b)
	if err := w.load(one); err != nil {
		return nil, false, err
	}
	if err := w.load(two); err != nil {
		return nil, false, err
	}
	if a == b {
		return []odb.Hash{a}, false, nil
	}
	found, touched, cut, err := w.paint(one, []*commitNode{two})
	var cands []*commitNode
	for _, n := range found {
		if n.flags&stale == 0 {
			cands = append(cands, n)
		}
	}
	clearFlags(touched)
	if err != nil {
		return nil, cut, err
	}
	if len(cands) > 1 {
		if cands, err = w.removeRedundant(cands); err != nil {
			return nil, cut, err
		}
	}
	sortByDate(cands)
	for _, n := range cands {
		bases = append(bases, n.hash)
	}
	return bases, cut, nil
}

// removeRedundant drops candidates that are ancestors of other candidates
// (git's remove_redundant_no_gen).
func (w *walker) removeRedundant(cands []*commitNode) ([]*commitNode, error) {
	redundant := make([]bool, len(cands))
	for i := range cands {
		if redundant[i] {
			continue
		}
		var others []*commitNode
		var idx []int
		for j := range cands {
			if j != i && !redundant[j] {
				others = append(others, cands[j])
				idx = append(idx, j)
			}
		}
		_, touched, _, err := w.paint(cands[i], others)
		if err != nil {
			clearFlags(touched)
			return nil, err
		}
		if cands[i].flags&paint2 != 0 {
			redundant[i] = true
		}
		for k, o := range others {
			if o.flags&paint1 != 0 {
				redundant[idx[k]] = true
			}
		}
		clearFlags(touched)
	}
	var out []*commitNode
	for i, n := range cands {
		if !redundant[i] {
			out = append(out, n)
		}
	}
	return out, nil
}

// sortByDate sorts newest first, keeping the order of equal dates (git's
// commit_list_insert_by_date).
func sortByDate(ns []*commitNode) {
	for i := 1; i < len(ns); i++ {
		for j := i; j > 0 && ns[j].when > ns[j-1].when; j-- {
			ns[j], ns[j-1] = ns[j-1], ns[j]
		}
	}
}
