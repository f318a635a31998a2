package render

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func nodeIDs(v GraphView) []string {
	var ids []string
	for _, n := range v.Nodes {
		ids = append(ids, n.ID)
	}
	return ids
}

var focusTests = []struct {
	name, focus string
	depth       int
	want        []string
}{
	// billing depends on ledger and consumes billing-api; billing-web depends on it
	{name: "a service, one edge", focus: "billing", depth: 1,
		want: []string{"contract:billing-api", "service:billing", "service:billing-web", "service:ledger"}},
	{name: "two edges reach checkout", focus: "billing", depth: 2,
		want: []string{"contract:billing-api", "service:billing", "service:billing-web", "service:checkout", "service:ledger"}},
	{name: "a contract, both ways", focus: "contract:billing-api", depth: 1,
		want: []string{"contract:billing-api", "service:billing", "service:ledger"}},
	{name: "a domain: its services are the centre", focus: "payments", depth: 1,
		want: []string{"contract:billing-api", "service:billing", "service:billing-web", "service:ledger"}},
	{name: "a node with no edge", focus: "search", depth: 3, want: []string{"service:search"}},
}

func TestGraphFocus(t *testing.T) {
	v := graphViewOf(t, false)
	for _, tc := range focusTests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := v.Focus(tc.focus, tc.depth)
			require.NoError(t, err)
			assert.Equal(t, tc.want, nodeIDs(got))
			for _, e := range got.Edges {
				assert.Contains(t, tc.want, e.From)
				assert.Contains(t, tc.want, e.To)
			}
		})
	}
	_, err := v.Focus("biling", 1)
	assert.EqualError(t, err, `no service, contract or domain "biling" in the graph (did you mean "billing"?)`)
	_, err = v.Focus("billing", 0)
	assert.EqualError(t, err, "focus depth must be 1 or more, not 0")
}

// TestGraphClusters: a domain is a cluster around its services, in DOT and
// Mermaid; the other nodes stand outside.
func TestGraphClusters(t *testing.T) {
	v, err := graphViewOf(t, true, "services/ledger/main.go").Focus("ledger", 1)
	require.NoError(t, err)
	assert.Equal(t, []GraphDomain{{Name: "payments", Services: []string{"service:billing", "service:ledger"}, State: NodeChanged}}, v.Domains)
	var buf bytes.Buffer
	require.NoError(t, Graph(&buf, v, "mermaid"))
	assert.Equal(t, `flowchart LR
  subgraph d0["domain payments"]
    n0["billing"]:::affected
    n1["ledger"]:::changed
  end
  n0 -->|depends_on| n1
  classDef changed fill:#f4a6a6,stroke:#b00020
  classDef affected fill:#ffd8a8,stroke:#d9480f
  classDef untouched stroke:#868e96
`, buf.String())
	buf.Reset()
	require.NoError(t, Graph(&buf, v, "dot"))
	assert.Contains(t, buf.String(), "  subgraph \"cluster_payments\" {\n    label=\"domain payments\"; fontname=\"Helvetica\"; style=\"rounded,dashed\"; color=\"#b00020\";\n    \"service:billing\" [label=\"billing\"")
}
