package graph

import (
	"slices"
	"strings"
)

// Chain is a path of the dependency graph, from a changed service or
// contract to a reached service, contracts included: ledger -> billing-api
// -> checkout. Chains share their prefixes: the chain of a reached service
// is the chain of the node it was reached from with one or two nodes more,
// so the chains of a whole walk cost what the walk costs, not the sum of
// their lengths (a chain of 20,000 services is 20,000 links, not 200
// million names). A Chain is never modified once built.
type Chain struct {
	Prev  *Chain // the chain up to the node before Node; nil at the start
	Node  string // the last node's name
	Len   int    // the number of nodes, Node included
	Start string // the first node's name: the changed service or contract
}

// NewChain builds a chain from node names; nil for none.
func NewChain(nodes ...string) *Chain {
	var c *Chain
	for _, n := range nodes {
		c = c.Append(n)
	}
	return c
}

// Append returns the chain extended by one node; c is unchanged.
func (c *Chain) Append(node string) *Chain {
	if c == nil {
		return &Chain{Node: node, Len: 1, Start: node}
	}
	return &Chain{Prev: c, Node: node, Len: c.Len + 1, Start: c.Start}
}

// Nodes lists the node names from the start; nil for a nil chain.
func (c *Chain) Nodes() []string {
	if c == nil {
		return nil
	}
	out := make([]string, c.Len)
	for i, l := c.Len-1, c; l != nil && i >= 0; i, l = i-1, l.Prev {
		out[i] = l.Node
	}
	return out
}

// String joins the nodes with " -> ".
func (c *Chain) String() string { return strings.Join(c.Nodes(), " -> ") }

// Equal reports whether two chains name the same nodes. Shared prefixes
// compare in one step.
func (c *Chain) Equal(d *Chain) bool {
	for c != d {
		if c == nil || d == nil || c.Len != d.Len || c.Node != d.Node {
			return false
		}
		c, d = c.Prev, d.Prev
	}
	return true
}

// Compare orders chains by length, then by their nodes from the start.
func (c *Chain) Compare(d *Chain) int {
	lc, ld := 0, 0
	if c != nil {
		lc = c.Len
	}
	if d != nil {
		ld = d.Len
	}
	if lc != ld || c.Equal(d) {
		return lc - ld
	}
	return slices.Compare(c.Nodes(), d.Nodes())
}

// Dependents follows dependents from the start nodes, breadth first. One
// hop leads from a service S to each service listing S in depends_on and to
// each service consuming a contract S provides, S itself included when it
// consumes what it provides (the chain then names the contract: S,
// contract, consumer); from a contract C to each service consuming C.
// maxHops 0 (or less) means transitive.
//
// Every reached service appears once, with its fewest hops and, among
// chains of that length, the lexicographically smallest chain; the result
// is sorted by Service. A start service that a start reaches (another, or
// itself through a cycle or a contract it provides and consumes) is
// included. Unknown start nodes are ignored; cycles never loop. The cost is
// linear in the edges walked: the chains share their prefixes (Chain).
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
		if id, ok := ix.id(s); ok && !isStart[id] {
			isStart[id] = true
			level[id] = 0
			frontier = append(frontier, id)
		}
	}
	// The frontier is kept in chain order: level 0 by name, later levels in
	// the order they were first reached from an ordered frontier through
	// ordered edges. So the first chain to reach a node is the smallest.
	slices.SortFunc(frontier, func(a, b int32) int { return strings.Compare(ix.names[a], ix.names[b]) })
	order := slices.Clone(frontier) // every node in the order it was reached: a parent before its children
	startHops := map[int32]int32{}  // start service -> hops at which a start reached it
	for hops := int32(1); len(frontier) > 0 && (maxHops <= 0 || int(hops) <= maxHops); hops++ {
		var next []int32
		for _, u := range frontier {
			for _, e := range ix.adj[u] {
				v := e.to
				if isStart[v] {
					if _, ok := startHops[v]; !ok {
						startHops[v] = hops
						parent[v], via[v] = u, e.via
						order = append(order, v)
					}
					continue
				}
				if level[v] != unseen {
					continue
				}
				level[v], parent[v], via[v] = hops, u, e.via
				next = append(next, v)
				order = append(order, v)
			}
		}
		frontier = next
	}
	// chains[v] is the chain a walk from v extends: a start's is itself
	// alone; a reached node's is its parent's, through the contract.
	chains := make([]*Chain, n)
	reached := make([]*Chain, n)
	for _, v := range order {
		if isStart[v] && chains[v] == nil {
			chains[v] = NewChain(ix.names[v])
			continue
		}
		c := chains[parent[v]]
		if via[v] >= 0 {
			c = c.Append(ix.names[via[v]])
		}
		reached[v] = c.Append(ix.names[v])
		if !isStart[v] {
			chains[v] = reached[v]
		}
	}
	var out []Reached
	for v := int32(0); v < int32(ix.nSvc); v++ {
		if reached[v] == nil {
			continue
		}
		hops := level[v]
		if isStart[v] {
			hops = startHops[v]
		}
		out = append(out, Reached{Service: ix.names[v], Hops: int(hops), Chain: reached[v]})
	}
	return out
}
