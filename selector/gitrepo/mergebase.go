package gitrepo

import (
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
//
// A commit of the commit-graph is found by its position (byPos), which
// its children name, and a commit outside it by its name (nodes); a name
// is looked up in the commit-graph before a node is made for it, so that
// each commit has one node. Nodes and their parent lists are carved from
// blocks (slab, ptrs): a merge base of a branch far ahead walks thousands
// of commits, and their map entries by name and their allocations one by
// one cost more than reading them from the commit-graph.
type walker struct {
	r           *Repo
	nodes       map[odb.Hash]*commitNode
	byPos       map[int32]*commitNode
	slab        []commitNode
	ptrs        []*commitNode
	pbuf        []int  // CommitAt's parents, reused
	hbuf        []byte // CommitHeader's buffer, reused
	graph       odb.CommitIndex
	graphTried  bool
	shallow     map[odb.Hash]bool
	shallowRead bool
	unmap       func() // releases the mapped commit-graph, nil when not mapped
}

func newWalker(r *Repo) *walker {
	return &walker{r: r, nodes: make(map[odb.Hash]*commitNode), byPos: make(map[int32]*commitNode), hbuf: odb.HeaderBuffer()}
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
	w.byPos = make(map[int32]*commitNode)
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
	e, err := g.CommitAt(pos, nil)
	return e.Tree, err == nil
}

// node is the commit named h.
func (w *walker) node(h odb.Hash) *commitNode {
	n := w.nodes[h]
	if n != nil {
		return n
	}
	if g := w.commitGraph(); g != nil {
		if pos, ok := g.Position(h); ok {
			n = w.nodeAt(g, pos)
		}
	}
	if n == nil {
		n = w.newNode()
		n.hash, n.pos = h, -1
	}
	w.nodes[h] = n
	return n
}

// nodeAt is the commit at position pos of the commit-graph g.
func (w *walker) nodeAt(g odb.CommitIndex, pos int) *commitNode {
	n := w.byPos[int32(pos)]
	if n == nil {
		n = w.newNode()
		n.hash, n.pos = g.HashAt(pos), pos
		w.byPos[int32(pos)] = n
	}
	return n
}

func (w *walker) newNode() *commitNode {
	if len(w.slab) == 0 {
		w.slab = make([]commitNode, 256)
	}
	n := &w.slab[0]
	w.slab = w.slab[1:]
	return n
}

// parentList is a list of count parents, carved from a shared block.
func (w *walker) parentList(count int) []*commitNode {
	if count > 64 {
		return make([]*commitNode, count)
	}
	if len(w.ptrs) < count {
		w.ptrs = make([]*commitNode, 512)
	}
	l := w.ptrs[:count:count]
	w.ptrs = w.ptrs[count:]
	return l
}

// load reads the date and parents of n.
func (w *walker) load(n *commitNode) error {
	if n.loaded {
		return nil
	}
	w.readShallow()
	var parents []odb.Hash
	if g := w.commitGraph(); g != nil && n.pos >= 0 {
		e, err := g.CommitAt(n.pos, w.pbuf)
		if err == nil {
			w.pbuf = e.Parents
			n.when = uint64(e.When)
			w.finish(n, len(e.Parents), func(i int) *commitNode { return w.nodeAt(g, e.Parents[i]) })
			return nil
		}
	}
	data, err := w.r.store.CommitHeader(n.hash, w.hbuf)
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
	n.parents = w.parentList(count)
	for i := range count {
		n.parents[i] = parent(i)
	}
}

// commitQueue orders commits newest first, first in first out among equal
// dates: a binary heap of its own rather than container/heap, whose
// interface boxed every entry pushed (an allocation a commit).
type commitQueue []queued

type queued struct {
	n   *commitNode
	seq uint64
}

func (a queued) before(b queued) bool {
	if a.n.when != b.n.when {
		return a.n.when > b.n.when
	}
	return a.seq < b.seq
}

func (q *commitQueue) push(e queued) {
	*q = append(*q, e)
	h := *q
	for i := len(h) - 1; i > 0; {
		p := (i - 1) / 2
		if !h[i].before(h[p]) {
			break
		}
		h[i], h[p] = h[p], h[i]
		i = p
	}
}

func (q *commitQueue) pop() queued {
	h := *q
	top := h[0]
	last := len(h) - 1
	h[0] = h[last]
	h = h[:last]
	for i := 0; ; {
		c := 2*i + 1
		if c >= len(h) {
			break
		}
		if c+1 < len(h) && h[c+1].before(h[c]) {
			c++
		}
		if !h[c].before(h[i]) {
			break
		}
		h[i], h[c] = h[c], h[i]
		i = c
	}
	*q = h
	return top
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
		q.push(queued{n, seq})
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
		c := q.pop().n
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
