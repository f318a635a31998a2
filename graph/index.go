package graph

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"
)

// index is what Classify and Dependents query; built once by Load and Parse
// (or Reindex) and read-only afterwards, so safe for concurrent use.
type index struct {
	// classification
	root     *trieNode
	dirs     map[string]*trieNode // every other node, by its directory ("services", "services/billing")
	globs    []globEntry
	services []*Service   // by service id (names sorted)
	internal [][]fastGlob // by service id: the shapes of its internal globs
	contract []string     // contract names by contract id (sorted)
	// dependents: node ids are service ids, then contract ids
	names []string
	svcID map[string]int32 // service name -> id
	conID map[string]int32 // contract name -> id (nSvc + its rank among contracts)
	nSvc  int
	adj   [][]edge

	slab []trieNode // the block newNode cuts trie nodes from (carve)
}

// id is the node id of n, false when the graph has no such node.
func (ix *index) id(n Node) (int32, bool) {
	if n.Kind == ContractNode {
		id, ok := ix.conID[n.Name]
		return id, ok
	}
	id, ok := ix.svcID[n.Name]
	return id, ok
}

type globKind uint8

const (
	globService globKind = iota
	globContract
	globTrigger
)

// globEntry is one path glob of a service, contract or trigger.
type globEntry struct {
	pattern string
	prefix  int // length of the literal prefix before the first wildcard
	kind    globKind
	owner   int32    // service id, contract id or trigger index
	fast    fastGlob // how to match it without doublestar, when its shape allows
}

// trieNode indexes globs by the directory segments of their literal
// prefix, so classifying a path only looks at globs that could match it.
// On a node, a glob whose last segment tells the path's last segment is
// kept by that name ("**/BUILD", "docs/README.md") or by the extension
// every such name ends with ("**/*.proto", "*_test.go"); the other globs
// of the node are tried for every path that reaches it.
//
// The nodes below the root are kept in one map by their directory, not
// in a map of children on each node: the map is sized once for every
// glob, where a 10,000-service policy's "services/" node grew its own
// map of 10,000 children entry by entry (a sixth of a cached load).
type trieNode struct {
	parent bool // a node lies below it
	globs  []int32
	byName map[string][]int32
	byExt  map[string][]int32
}

// edge leads from a node to a dependent service, through a contract (via)
// when the dependent consumes a contract the node provides.
type edge struct {
	via int32 // contract id, or -1
	to  int32
}

// Reindex rebuilds the graph's indexes. Load and Parse call it; call it
// again after changing a Graph's services, contracts or triggers by hand.
// A Graph never indexed (built as a literal) is indexed on each query.
func (g *Graph) Reindex() { g.idx = g.buildIndexValue() }

func (g *Graph) buildIndex() { g.Reindex() }

func (g *Graph) index() *index {
	if g.idx != nil {
		return g.idx
	}
	return g.buildIndexValue()
}

func (g *Graph) buildIndexValue() *index {
	return g.indexOf(g.ServiceNames(), g.ContractNames(), nil)
}

// indexOf builds the index of g from its service and contract names,
// sorted, and the dependents' edges when known already (a cached load's);
// nil adj computes them.
func (g *Graph) indexOf(services, contracts []string, adj [][]edge) *index {
	ix := &index{root: &trieNode{}, svcID: make(map[string]int32, len(services)), conID: make(map[string]int32, len(contracts)),
		services: make([]*Service, 0, len(services)), names: make([]string, 0, len(services)+len(contracts)), internal: make([][]fastGlob, 0, len(services))}
	nGlobs := 0
	for _, name := range services {
		nGlobs += len(g.Services[name].Paths)
	}
	for _, name := range contracts {
		nGlobs += len(g.Contracts[name].Paths)
	}
	for _, t := range g.Triggers {
		nGlobs += len(t.Paths)
	}
	ix.globs = make([]globEntry, 0, nGlobs)
	ix.dirs = make(map[string]*trieNode, nGlobs) // a node for each glob, about
	for i, name := range services {
		s := g.Services[name]
		ix.services = append(ix.services, s)
		ix.names = append(ix.names, name)
		ix.svcID[name] = int32(i)
		for _, p := range s.Paths {
			ix.addGlob(p, globService, int32(i))
		}
		fast := make([]fastGlob, len(s.Internal))
		for j, p := range s.Internal {
			fast[j] = compileFast(p)
		}
		ix.internal = append(ix.internal, fast)
	}
	ix.nSvc = len(ix.names)
	for i, name := range contracts {
		ix.contract = append(ix.contract, name)
		ix.names = append(ix.names, name)
		ix.conID[name] = int32(ix.nSvc + i)
		for _, p := range g.Contracts[name].Paths {
			ix.addGlob(p, globContract, int32(i))
		}
	}
	for i, t := range g.Triggers {
		for _, p := range t.Paths {
			ix.addGlob(p, globTrigger, int32(i))
		}
	}
	if adj != nil {
		ix.adj = adj
	} else {
		ix.buildEdges(g)
	}
	return ix
}

// newNode is a new trie node, cut from a block of them (a 10,000-service
// policy has 20,000 nodes).
func (ix *index) newNode() *trieNode { return &carve(&ix.slab, 1)[0] }

func (ix *index) addGlob(pattern string, kind globKind, owner int32) {
	prefix := literalPrefix(pattern)
	ix.globs = append(ix.globs, globEntry{pattern: pattern, prefix: len(prefix), kind: kind, owner: owner, fast: compileFast(pattern)})
	n := ix.root
	dir := prefix
	if i := strings.LastIndexByte(dir, '/'); i >= 0 {
		dir = dir[:i]
	} else if len(prefix) < len(pattern) {
		dir = "" // "foo*": no full literal segment
	}
	for start, more := 0, dir != ""; more; {
		var end int
		end, more = segmentEnd(dir, start)
		if !cleanLiteral(dir[start:end]) {
			break // doublestar compares runes: this segment may match other bytes
		}
		c := ix.dirs[dir[:end]]
		if c == nil {
			c = ix.newNode()
			ix.dirs[dir[:end]] = c
			n.parent = true
		}
		n, start = c, end+1
	}
	gi := int32(len(ix.globs) - 1)
	switch key, ext := lastSegmentKey(pattern); {
	case key == "":
		n.globs = append(n.globs, gi)
	case ext:
		if n.byExt == nil {
			n.byExt = map[string][]int32{}
		}
		n.byExt[key] = append(n.byExt[key], gi)
	default:
		if n.byName == nil {
			n.byName = map[string][]int32{}
		}
		n.byName[key] = append(n.byName[key], gi)
	}
}

// lastSegmentKey is what every path a glob matches has as its last
// segment: the name itself when the glob's last segment is literal
// ("BUILD" of "**/BUILD"), or, with ext, the extension that every such
// name ends with (".go" of "**/*_test.go": the literal after the last
// wildcard holds a dot). "" when the glob does not tell: its last segment
// is empty, "**", or ends in a wildcard, or the glob has a brace, class or
// escape anywhere (a brace may hold a slash: its segments are not the
// path's).
func lastSegmentKey(pattern string) (key string, ext bool) {
	if strings.ContainsAny(pattern, `[]{}\`) {
		return "", false
	}
	last := pattern[strings.LastIndexByte(pattern, '/')+1:]
	if last == "" || strings.Contains(last, "**") {
		return "", false
	}
	w := strings.LastIndexAny(last, "*?")
	if w < 0 {
		if !cleanLiteral(last) {
			return "", false
		}
		return last, false
	}
	suffix := last[w+1:]
	dot := strings.LastIndexByte(suffix, '.')
	if dot < 0 || !cleanLiteral(suffix) {
		return "", false
	}
	return suffix[dot:], true
}

// cleanLiteral reports whether a literal part of a glob matches only the
// same bytes. doublestar compares runes, and decodes a byte that is not
// UTF-8 as U+FFFD, so a literal that is not valid UTF-8, or holds U+FFFD,
// also matches other bytes; such a literal is not used as a key.
func cleanLiteral(s string) bool {
	for i := range len(s) {
		if s[i] >= utf8.RuneSelf {
			return utf8.ValidString(s) && !strings.ContainsRune(s, utf8.RuneError)
		}
	}
	return true // ASCII
}

// literalPrefix is the part of a glob before its first wildcard (or escape).
func literalPrefix(g string) string {
	if i := strings.IndexAny(g, `*?[{\`); i >= 0 {
		return g[:i]
	}
	return g
}

// literalDir is the directory part of a glob's literal prefix:
// "services/billing" for "services/billing/**" and for "services/billing/go.mod".
func literalDir(g string) string {
	p := literalPrefix(g)
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[:i]
	}
	return ""
}

// visit calls f for the globs indexed at every node on the path's way
// down that may match it: a node's unkeyed globs, and those keyed by the
// path's last segment or its extension.
func (ix *index) visit(path string, f func(gi int32, e *globEntry)) {
	name := path[strings.LastIndexByte(path, '/')+1:]
	ext := ""
	if dot := strings.LastIndexByte(name, '.'); dot >= 0 {
		ext = name[dot:]
	}
	n := ix.root
	start, more := 0, true // more: a segment is left, "" for "a/" after "a"
	for {
		for _, gi := range n.globs {
			f(gi, &ix.globs[gi])
		}
		if n.byName != nil {
			for _, gi := range n.byName[name] {
				f(gi, &ix.globs[gi])
			}
		}
		if n.byExt != nil && ext != "" {
			for _, gi := range n.byExt[ext] {
				f(gi, &ix.globs[gi])
			}
		}
		if !n.parent || !more {
			return
		}
		var end int
		end, more = segmentEnd(path, start)
		if n = ix.dirs[path[:end]]; n == nil {
			return
		}
		start = end + 1
	}
}

// segmentEnd is where the segment of s that starts at start ends: at the
// next slash (more: a segment follows it), else at the end of s. The
// nodes below the root are keyed by s up to the end of their segment.
func segmentEnd(s string, start int) (end int, more bool) {
	i := strings.IndexByte(s[start:], '/')
	if i < 0 {
		return len(s), false
	}
	return start + i, true
}

// visitAll calls f for every glob, in order: classification without the
// index, which the tests compare with visit's.
func (ix *index) visitAll(f func(gi int32, e *globEntry)) {
	for gi := range ix.globs {
		f(int32(gi), &ix.globs[gi])
	}
}

// buildEdges fills adj: dependents of each service and contract, sorted so
// that a breadth-first walk meets the lexicographically smallest chain first.
// A service that consumes a contract it provides is its own dependent
// through that contract (SPEC §2: one hop leads to each consumer of a
// contract the service provides, the service itself included).
func (ix *index) buildEdges(g *Graph) {
	type arc struct {
		from int32
		edge
	}
	var arcs []arc
	deg := make([]int32, len(ix.names)+1)
	add := func(from, via, to int32) {
		if from == to && via < 0 {
			return // depends_on itself: a validation error, not an edge
		}
		arcs = append(arcs, arc{from, edge{via, to}})
		deg[from+1]++
	}
	for i, s := range ix.services {
		to := int32(i)
		for _, d := range s.DependsOn {
			if from, ok := ix.svcID[d]; ok {
				add(from, -1, to)
			}
		}
		for _, c := range s.Consumes {
			cid, ok := ix.conID[c]
			if !ok {
				continue
			}
			add(cid, -1, to)
			for _, p := range g.Contracts[c].Providers {
				if from, ok := ix.svcID[p]; ok {
					add(from, cid, to)
				}
			}
		}
	}
	// one array of every node's edges, each node's a block of it
	for i := 1; i < len(deg); i++ {
		deg[i] += deg[i-1]
	}
	flat := make([]edge, len(arcs))
	next := slices.Clone(deg[:len(ix.names)])
	for _, a := range arcs {
		flat[next[a.from]] = a.edge
		next[a.from]++
	}
	// services and contracts are each in name order; merged, they give
	// every name's rank, so that the edges sort by integers
	rank := make([]int32, len(ix.names))
	for i, j, r := 0, ix.nSvc, int32(0); i < ix.nSvc || j < len(ix.names); r++ {
		if j == len(ix.names) || (i < ix.nSvc && ix.names[i] < ix.names[j]) {
			rank[i] = r
			i++
		} else {
			rank[j] = r
			j++
		}
	}
	ix.adj = make([][]edge, len(ix.names))
	for n := range ix.adj {
		es := flat[deg[n]:deg[n+1]]
		if len(es) == 0 {
			continue
		}
		slices.SortFunc(es, func(a, b edge) int {
			a1, a2 := edgeKey(rank, a)
			b1, b2 := edgeKey(rank, b)
			return cmp.Or(cmp.Compare(a1, b1), cmp.Compare(a2, b2))
		})
		es = slices.Compact(es) // an edge added twice (a name listed twice)
		ix.adj[n] = es[:len(es):len(es)]
	}
}

// edgeKey is the chain suffix an edge adds, [via, to] or [to], as the
// ranks of the names (-1 for none): edges compare as their names do.
func edgeKey(rank []int32, e edge) (int32, int32) {
	if e.via < 0 {
		return rank[e.to], -1
	}
	return rank[e.via], rank[e.to]
}
