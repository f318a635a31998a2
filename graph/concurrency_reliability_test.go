package graph_test

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/graph"
)

// TestGraphConcurrentReads: a loaded graph serves Classify, Dependents,
// Scope and Gate.Render from many goroutines with the sequential answers
// (the graph is read-only after Load).
func TestGraphConcurrentReads(t *testing.T) {
	g, _, err := graph.Parse("gates.yaml", []byte(dependentsConfig))
	require.NoError(t, err)
	answer := func() []any {
		var out []any
		for _, name := range g.ServiceNames() {
			out = append(out, g.Dependents([]graph.Node{{Kind: graph.ServiceNode, Name: name}}, 0))
			s := g.Services[name]
			for _, p := range s.Paths {
				out = append(out, g.Classify(p))
			}
			for _, gate := range append(append([]string{}, s.Gates...), s.Smoke...) {
				run, with, err := g.Gates[gate].Render(g.Scope("service", name))
				out = append(out, run, with, err)
			}
		}
		return out
	}
	want := answer()
	got := make([][]any, 8)
	var wg sync.WaitGroup
	for i := range got {
		wg.Go(func() { got[i] = answer() })
	}
	wg.Wait()
	for _, a := range got {
		assert.Equal(t, want, a)
	}
}
