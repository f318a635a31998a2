package selector

import (
	"slices"

	"github.com/gatesel/gatesel/graph"
)

// chainTable numbers chains by value, each link once: the chain of id i
// is the chain of links[i].Prev followed by links[i].Node.
type chainTable struct {
	links []ChainLink
	ids   map[ChainLink]int    // link -> id
	memo  map[*graph.Chain]int // a chain already numbered -> its id
	canon []*graph.Chain       // id -> one chain for it, whose prefixes are canonical too (the first one met, when they are)
}

// newChainTable is a table for the chains of the plan's reasons, its
// maps sized for one link a chain (a walk's chains share their prefixes).
func newChainTable(p *Plan) *chainTable {
	n := 0
	for i := range p.Gates {
		for _, r := range p.Gates[i].Reasons {
			if r.Chain != nil {
				n++
			}
		}
	}
	return &chainTable{ids: make(map[ChainLink]int, n), memo: make(map[*graph.Chain]int, n)}
}

// id numbers c and its prefixes. A prefix numbered before stops the walk,
// so a plan's chains, which share their prefixes, cost their links once.
func (t *chainTable) id(c *graph.Chain) int {
	var todo []*graph.Chain
	l := c
	for ; l != nil; l = l.Prev {
		if _, ok := t.memo[l]; ok {
			break
		}
		todo = append(todo, l)
	}
	prev := -1
	if l != nil {
		prev = t.memo[l]
	}
	for i := len(todo) - 1; i >= 0; i-- {
		link := ChainLink{Node: todo[i].Node, Prev: prev}
		id, ok := t.ids[link]
		if !ok {
			id = len(t.links)
			t.ids[link] = id
			t.links = append(t.links, link)
			var p *graph.Chain
			if prev >= 0 {
				p = t.canon[prev]
			}
			c := todo[i]
			if !extends(c, p) {
				c = p.Append(link.Node) // its prefix is another pointer: a chain of its own
			}
			t.canon = append(t.canon, c)
		}
		t.memo[todo[i]] = id
		prev = id
	}
	return prev
}

// extends reports whether c is p.Append(c.Node): then c is canonical
// when p is, and is kept rather than built again (the chains of one walk
// of the graph all are).
func extends(c, p *graph.Chain) bool {
	if p == nil {
		return c.Prev == nil && c.Len == 1 && c.Start == c.Node
	}
	return c.Prev == p && c.Len == p.Len+1 && c.Start == p.Start
}

// canonicalChains replaces the chains of an instance's reasons by one
// canonical chain per value, so that equal chains (of two policies united)
// are one pointer and compare in one step when its reasons are sorted.
// Only chains compared with another need it: an instance with one chained
// reason (every smoke instance of one plan) keeps its chain, and
// numberChains numbers chains by value either way.
func (p *Plan) canonicalChains() {
	var t *chainTable
	for i := range p.Gates {
		rs := p.Gates[i].Reasons
		if chained := slices.IndexFunc(rs, hasChain); chained < 0 || !slices.ContainsFunc(rs[chained+1:], hasChain) {
			continue
		}
		if t == nil {
			t = newChainTable(p)
		}
		for j := range rs {
			if r := &rs[j]; r.Chain != nil {
				r.Chain = t.canon[t.id(r.Chain)]
			}
		}
	}
}

func hasChain(r Reason) bool { return r.Chain != nil }

// numberChains fills Plan.Chains with the chains of the reasons, in plan
// order, and sets each reason's ChainID.
func (p *Plan) numberChains() {
	t := newChainTable(p)
	for i := range p.Gates {
		for j := range p.Gates[i].Reasons {
			r := &p.Gates[i].Reasons[j]
			r.ChainID = 0
			if r.Chain != nil {
				r.ChainID = t.id(r.Chain)
			}
		}
	}
	p.Chains = t.links
	if p.Chains == nil {
		p.Chains = []ChainLink{}
	}
}
