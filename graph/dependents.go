package graph

import "slices"

// Dependents follows dependents from the start nodes, breadth first. One
// hop leads from a service S to each service listing S in depends_on and to
// each service consuming a contract S provides (the chain then names the
// contract: S, contract, consumer); from a contract C to each service
// consuming C. maxHops 0 (or less) means transitive.
//
// Every reached service appears once, with its fewest hops and, among
// chains of that length, the lexicographically smallest chain; the result
// is sorted by Service. A start service that another start reaches is
// included. Unknown start nodes are ignored; cycles never loop. The cost is
// linear in the edges walked plus the length of the chains returned.
func (g *Graph) Dependents(start []Node, maxHops int) []Reached {
	ix := g.index()
	n := len(ix.names)
	const unseen = -1
	level := make([]int32, n)
	parent := make([]int32, n)
	via := make([]int32, n)
	for i := range level {
		level[i] = unseen
	}
	isStart := make([]bool, n)
	var frontier []int32
	for _, s := range start {
		if id, ok := ix.ids[s]; ok && !isStart[id] {
			isStart[id] = true
			level[id] = 0
			frontier = append(frontier, id)
		}
	}
	// The frontier is kept in chain order: level 0 by name, later levels in
	// the order they were first reached from an ordered frontier through
	// ordered edges. So the first chain to reach a node is the smallest.
	slices.SortFunc(frontier, func(a, b int32) int {
		if ix.names[a] < ix.names[b] {
			return -1
		}
		if ix.names[a] > ix.names[b] {
			return 1
		}
		return 0
	})
	startHops := map[int32]int32{} // start service -> hops at which another start reached it
	for hops := int32(1); len(frontier) > 0 && (maxHops <= 0 || int(hops) <= maxHops); hops++ {
		var next []int32
		for _, u := range frontier {
			for _, e := range ix.adj[u] {
				v := e.to
				if isStart[v] {
					if _, ok := startHops[v]; !ok {
						startHops[v] = hops
						parent[v], via[v] = u, e.via
					}
					continue
				}
				if level[v] != unseen {
					continue
				}
				level[v], parent[v], via[v] = hops, u, e.via
				next = append(next, v)
			}
		}
		frontier = next
	}
	var out []Reached
	for v := int32(0); v < int32(ix.nSvc); v++ {
		hops := level[v]
		if isStart[v] {
			h, ok := startHops[v]
			if !ok {
				continue
			}
			hops = h
		} else if hops == unseen {
			continue
		}
		out = append(out, Reached{Service: ix.names[v], Hops: int(hops), Chain: ix.chain(v, parent, via, isStart)})
	}
	return out
}

// chain rebuilds the node names from a start to v.
func (ix *index) chain(v int32, parent, via []int32, isStart []bool) []string {
	var rev []string
	for first := true; ; first = false {
		rev = append(rev, ix.names[v])
		if isStart[v] && !first {
			break
		}
		if c := via[v]; c >= 0 {
			rev = append(rev, ix.names[c])
		}
		v = parent[v]
	}
	slices.Reverse(rev)
	return rev
}
