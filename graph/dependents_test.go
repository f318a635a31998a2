package graph_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/graph"
)

// a -> b -> c -> a is a cycle; a provides api, consumed by d and e;
// e also depends on d; f depends on e, g on f; p provides and consumes
// own, which q consumes too.
const dependentsConfig = `version: 1
contracts:
  api: {}
  c1: {}
  own: {}
services:
  a: {paths: [a/**], depends_on: [c], provides: [api]}
  b: {paths: [b/**], depends_on: [a]}
  c: {paths: [c/**], depends_on: [b]}
  d: {paths: [d/**], consumes: [api]}
  e: {paths: [e/**], consumes: [api], depends_on: [d]}
  f: {paths: [f/**], depends_on: [e]}
  g: {paths: [g/**], depends_on: [f]}
  lone: {paths: [lone/**]}
  s: {paths: [s/**], provides: [c1]}
  t: {paths: [t/**], depends_on: [s], consumes: [c1]}
  p: {paths: [p/**], provides: [own], consumes: [own]}
  q: {paths: [q/**], consumes: [own]}
`

func svc(name string) graph.Node      { return graph.Node{Kind: graph.ServiceNode, Name: name} }
func contract(name string) graph.Node { return graph.Node{Kind: graph.ContractNode, Name: name} }

var dependentsTests = []struct {
	name    string
	start   []graph.Node
	maxHops int
	want    []reached
}{
	{"one hop", []graph.Node{svc("a")}, 1, []reached{
		{Service: "b", Hops: 1, Chain: nodes("a", "b")},
		{Service: "d", Hops: 1, Chain: nodes("a", "api", "d")},
		{Service: "e", Hops: 1, Chain: nodes("a", "api", "e")},
	}},
	{"two hops", []graph.Node{svc("a")}, 2, []reached{
		{Service: "b", Hops: 1, Chain: nodes("a", "b")},
		{Service: "c", Hops: 2, Chain: nodes("a", "b", "c")},
		{Service: "d", Hops: 1, Chain: nodes("a", "api", "d")},
		{Service: "e", Hops: 1, Chain: nodes("a", "api", "e")},
		{Service: "f", Hops: 2, Chain: nodes("a", "api", "e", "f")},
	}},
	{"transitive through a cycle back to the start", []graph.Node{svc("a")}, 0, []reached{
		{Service: "a", Hops: 3, Chain: nodes("a", "b", "c", "a")},
		{Service: "b", Hops: 1, Chain: nodes("a", "b")},
		{Service: "c", Hops: 2, Chain: nodes("a", "b", "c")},
		{Service: "d", Hops: 1, Chain: nodes("a", "api", "d")},
		{Service: "e", Hops: 1, Chain: nodes("a", "api", "e")},
		{Service: "f", Hops: 2, Chain: nodes("a", "api", "e", "f")},
		{Service: "g", Hops: 3, Chain: nodes("a", "api", "e", "f", "g")},
	}},
	{"from a contract", []graph.Node{contract("api")}, 0, []reached{
		{Service: "d", Hops: 1, Chain: nodes("api", "d")},
		{Service: "e", Hops: 1, Chain: nodes("api", "e")},
		{Service: "f", Hops: 2, Chain: nodes("api", "e", "f")},
		{Service: "g", Hops: 3, Chain: nodes("api", "e", "f", "g")},
	}},
	{"a start reached by another start; smallest chain wins", []graph.Node{svc("d"), svc("a")}, 1, []reached{
		{Service: "b", Hops: 1, Chain: nodes("a", "b")},
		{Service: "d", Hops: 1, Chain: nodes("a", "api", "d")},
		{Service: "e", Hops: 1, Chain: nodes("a", "api", "e")},
	}},
	{"same parent: contract name sorts before service name", []graph.Node{svc("s")}, 0, []reached{
		{Service: "t", Hops: 1, Chain: nodes("s", "c1", "t")},
	}},
	// SPEC §2: one hop leads to each consumer of a contract the service
	// provides, the service itself included, as a depends_on cycle does.
	{"a service consuming the contract it provides is its own dependent", []graph.Node{svc("p")}, 0, []reached{
		{Service: "p", Hops: 1, Chain: nodes("p", "own", "p")},
		{Service: "q", Hops: 1, Chain: nodes("p", "own", "q")},
	}},
	{"its own dependent within one hop", []graph.Node{svc("p")}, 1, []reached{
		{Service: "p", Hops: 1, Chain: nodes("p", "own", "p")},
		{Service: "q", Hops: 1, Chain: nodes("p", "own", "q")},
	}},
	{"the contract it provides and consumes", []graph.Node{contract("own")}, 0, []reached{
		{Service: "p", Hops: 1, Chain: nodes("own", "p")},
		{Service: "q", Hops: 1, Chain: nodes("own", "q")},
	}},
	{"no dependents", []graph.Node{svc("lone")}, 0, nil},
	{"unknown and duplicate starts are ignored", []graph.Node{svc("nope"), contract("a"), svc("f"), svc("f")}, 0, []reached{
		{Service: "g", Hops: 1, Chain: nodes("f", "g")},
	}},
	{"no start", nil, 0, nil},
}

// reached is graph.Reached with its chain as names, for comparisons.
type reached struct {
	Service string
	Hops    int
	Chain   []string
}

func nodes(n ...string) []string { return n }

func flatten(rs []graph.Reached) []reached {
	var out []reached
	for _, r := range rs {
		out = append(out, reached{r.Service, r.Hops, r.Chain.Nodes()})
	}
	return out
}

func TestDependents(t *testing.T) {
	g, _, err := graph.Parse("gates.yaml", []byte(dependentsConfig))
	require.NoError(t, err)
	for _, tt := range dependentsTests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, flatten(g.Dependents(tt.start, tt.maxHops)))
		})
	}
}

// TestDependentsLongChainShared: on a chain of 20,000 services each
// reached service's chain is its predecessor's plus one link, so the walk
// holds 20,000 links, not the 200 million names of separate chains.
func TestDependentsLongChainShared(t *testing.T) {
	const n = 20000
	var b strings.Builder
	b.WriteString("version: 1\nservices:\n")
	for i := range n {
		fmt.Fprintf(&b, "  s%05d: {paths: [s%05d/**]", i, i)
		if i > 0 {
			fmt.Fprintf(&b, ", depends_on: [s%05d]", i-1)
		}
		b.WriteString("}\n")
	}
	g, _, err := graph.Parse("gates.yaml", []byte(b.String()))
	require.NoError(t, err)
	got := g.Dependents([]graph.Node{svc("s00000")}, 0)
	require.Len(t, got, n-1)
	for i, r := range got {
		require.Equal(t, fmt.Sprintf("s%05d", i+1), r.Service)
		require.Equal(t, i+1, r.Hops)
		require.Equal(t, i+2, r.Chain.Len)
		if i > 0 {
			require.Same(t, got[i-1].Chain, r.Chain.Prev, "chain of %s does not share its predecessor's", r.Service)
		}
	}
	last := got[n-2].Chain.Nodes()
	assert.Equal(t, []string{"s00000", "s00001"}, last[:2])
	assert.Equal(t, "s19999", last[n-1])
}

func TestChain(t *testing.T) {
	a := graph.NewChain("ledger", "billing-api")
	b, c := a.Append("checkout"), a.Append("billing")
	assert.Equal(t, []string{"ledger", "billing-api", "checkout"}, b.Nodes())
	assert.Equal(t, "ledger -> billing-api -> billing", c.String())
	assert.Same(t, b.Prev, c.Prev)
	assert.True(t, b.Equal(graph.NewChain("ledger", "billing-api", "checkout")))
	assert.False(t, b.Equal(c))
	assert.False(t, b.Equal(a))
	assert.True(t, (*graph.Chain)(nil).Equal(nil))
	assert.Nil(t, (*graph.Chain)(nil).Nodes())
	assert.Equal(t, 0, b.Compare(graph.NewChain("ledger", "billing-api", "checkout")))
	assert.Positive(t, b.Compare(c)) // checkout > billing
	assert.Negative(t, a.Compare(b)) // shorter first
	assert.Positive(t, a.Compare(nil))
}
