package render

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/graph"
	"github.com/gatesel/gatesel/internal/testtool"
	"github.com/gatesel/gatesel/ownership"
	"github.com/gatesel/gatesel/selector"
)

func graphViewOf(t *testing.T, affectedOnly bool, paths ...string) GraphView {
	in := testInput(t)
	for _, p := range paths {
		in.Changes = append(in.Changes, selector.Change{Path: p, Status: selector.Modified})
	}
	p, err := selector.Select(in)
	require.NoError(t, err)
	return NewGraphView(in.Graph, p, affectedOnly)
}

func TestGraphViewStates(t *testing.T) {
	v := graphViewOf(t, false, "services/ledger/main.go")
	states := map[string]string{}
	for _, n := range v.Nodes {
		states[n.ID] = n.State
	}
	assert.Equal(t, map[string]string{
		"contract:billing-api": NodeUntouched,
		"contract:platform":    NodeUntouched,
		"service:billing":      NodeAffected,
		"service:billing-web":  NodeAffected,
		"service:checkout":     NodeAffected,
		"service:ledger":       NodeChanged,
		"service:search":       NodeUntouched,
	}, states)
	assert.Contains(t, v.Edges, GraphEdge{From: "service:billing", To: "service:ledger", Kind: "depends_on"})
	assert.Contains(t, v.Edges, GraphEdge{From: "contract:billing-api", To: "service:ledger", Kind: "provides"})

	only := graphViewOf(t, true, "services/ledger/main.go")
	var ids []string
	for _, n := range only.Nodes {
		ids = append(ids, n.ID)
	}
	assert.Equal(t, []string{"service:billing", "service:billing-web", "service:checkout", "service:ledger"}, ids)
	for _, e := range only.Edges {
		assert.NotContains(t, e.From+e.To, "contract:", "an edge to a node left out")
	}
}

// TestGraphDOTRendersWithGraphviz feeds the DOT output to Graphviz. CI
// installs graphviz; elsewhere the test needs `dot` on the PATH, and skips
// without it (testtool.Need).
func TestGraphDOTRendersWithGraphviz(t *testing.T) {
	dot := testtool.Need(t, "dot", "Graphviz checks the DOT output renders")
	var buf bytes.Buffer
	require.NoError(t, Graph(&buf, graphViewOf(t, false, "api/billing/openapi.yaml"), "dot"))
	cmd := exec.Command(dot, "-Tsvg")
	cmd.Stdin = &buf
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, stderr.String())
	require.Empty(t, stderr.String())
	svg := string(out)
	assert.Contains(t, svg, "<svg")
	assert.Contains(t, svg, "#f4a6a6", "changed nodes are filled")
	assert.Contains(t, svg, "#ffd8a8", "affected nodes are filled")
	assert.Contains(t, svg, ">billing&#45;web<")
}

func TestGraphMermaidAndJSON(t *testing.T) {
	v := graphViewOf(t, true, "services/billing/web/x.go")
	var buf bytes.Buffer
	require.NoError(t, Graph(&buf, v, "mermaid"))
	assert.Equal(t, `flowchart LR
  n0["billing-web"]:::changed
  n1["checkout"]:::affected
  n1 -->|depends_on| n0
  classDef changed fill:#f4a6a6,stroke:#b00020
  classDef affected fill:#ffd8a8,stroke:#d9480f
  classDef untouched stroke:#868e96
`, buf.String())
	buf.Reset()
	require.NoError(t, Graph(&buf, v, "json"))
	assert.Contains(t, buf.String(), `"state": "affected"`)
	require.Error(t, Graph(&buf, v, "svg"))
}

// testInput loads the selector's test policy, ../testdata/policy.yaml and
// ../testdata/CODEOWNERS.
func testInput(t testing.TB) selector.Input {
	t.Helper()
	data, err := os.ReadFile("../testdata/policy.yaml")
	require.NoError(t, err)
	g, _, err := graph.Parse("gates.yaml", data)
	require.NoError(t, err)
	co, err := os.ReadFile("../testdata/CODEOWNERS")
	require.NoError(t, err)
	rs, err := ownership.Parse("CODEOWNERS", co, ownership.GitHub)
	require.NoError(t, err)
	return selector.Input{Graph: g, Owners: rs}
}
