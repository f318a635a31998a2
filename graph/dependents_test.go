package graph_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/graph"
)

// a -> b -> c -> a is a cycle; a provides api, consumed by d and e;
// e also depends on d; f depends on e, g on f.
const dependentsConfig = `version: 1
contracts:
  api: {}
  c1: {}
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
`

func svc(name string) graph.Node      { return graph.Node{Kind: graph.ServiceNode, Name: name} }
func contract(name string) graph.Node { return graph.Node{Kind: graph.ContractNode, Name: name} }

var dependentsTests = []struct {
	name    string
	start   []graph.Node
	maxHops int
	want    []graph.Reached
}{
	{"one hop", []graph.Node{svc("a")}, 1, []graph.Reached{
		{Service: "b", Hops: 1, Chain: []string{"a", "b"}},
		{Service: "d", Hops: 1, Chain: []string{"a", "api", "d"}},
		{Service: "e", Hops: 1, Chain: []string{"a", "api", "e"}},
	}},
	{"two hops", []graph.Node{svc("a")}, 2, []graph.Reached{
		{Service: "b", Hops: 1, Chain: []string{"a", "b"}},
		{Service: "c", Hops: 2, Chain: []string{"a", "b", "c"}},
		{Service: "d", Hops: 1, Chain: []string{"a", "api", "d"}},
		{Service: "e", Hops: 1, Chain: []string{"a", "api", "e"}},
		{Service: "f", Hops: 2, Chain: []string{"a", "api", "e", "f"}},
	}},
	{"transitive through a cycle back to the start", []graph.Node{svc("a")}, 0, []graph.Reached{
		{Service: "a", Hops: 3, Chain: []string{"a", "b", "c", "a"}},
		{Service: "b", Hops: 1, Chain: []string{"a", "b"}},
		{Service: "c", Hops: 2, Chain: []string{"a", "b", "c"}},
		{Service: "d", Hops: 1, Chain: []string{"a", "api", "d"}},
		{Service: "e", Hops: 1, Chain: []string{"a", "api", "e"}},
		{Service: "f", Hops: 2, Chain: []string{"a", "api", "e", "f"}},
		{Service: "g", Hops: 3, Chain: []string{"a", "api", "e", "f", "g"}},
	}},
	{"from a contract", []graph.Node{contract("api")}, 0, []graph.Reached{
		{Service: "d", Hops: 1, Chain: []string{"api", "d"}},
		{Service: "e", Hops: 1, Chain: []string{"api", "e"}},
		{Service: "f", Hops: 2, Chain: []string{"api", "e", "f"}},
		{Service: "g", Hops: 3, Chain: []string{"api", "e", "f", "g"}},
	}},
	{"a start reached by another start; smallest chain wins", []graph.Node{svc("d"), svc("a")}, 1, []graph.Reached{
		{Service: "b", Hops: 1, Chain: []string{"a", "b"}},
		{Service: "d", Hops: 1, Chain: []string{"a", "api", "d"}},
		{Service: "e", Hops: 1, Chain: []string{"a", "api", "e"}},
	}},
	{"same parent: contract name sorts before service name", []graph.Node{svc("s")}, 0, []graph.Reached{
		{Service: "t", Hops: 1, Chain: []string{"s", "c1", "t"}},
	}},
	{"no dependents", []graph.Node{svc("lone")}, 0, nil},
	{"unknown and duplicate starts are ignored", []graph.Node{svc("nope"), contract("a"), svc("f"), svc("f")}, 0, []graph.Reached{
		{Service: "g", Hops: 1, Chain: []string{"f", "g"}},
	}},
	{"no start", nil, 0, nil},
}

func TestDependents(t *testing.T) {
	g, _, err := graph.Parse("gates.yaml", []byte(dependentsConfig))
	require.NoError(t, err)
	for _, tt := range dependentsTests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, g.Dependents(tt.start, tt.maxHops))
		})
	}
}
