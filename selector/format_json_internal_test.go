package selector

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

// sealedPlan is a plan with characters JSON escapes, sealed as Compute
// seals it.
func sealedPlan(t *testing.T) *Plan {
	p := &Plan{
		Schema:    SchemaID,
		Base:      &Revision{Rev: "origin/main", Commit: "0123456789abcdef0123456789abcdef01234567"},
		MergeBase: "0123456789abcdef0123456789abcdef01234567",
		Head:      &Revision{Rev: "HEAD", Commit: "89abcdef0123456789abcdef0123456789abcdef"},
		Changes: []ChangeInfo{
			{Change: Change{Path: "a<b>&c/é\u2028.go", Status: Modified}, Owners: []string{"@x"}, Claims: []string{"service:s"}},
		},
		Gates: []Instance{
			{ID: "unit:s", Gate: "unit", Layer: "local", Scope: "s", Owners: []string{}, Run: "go test \"./s/...\" && echo '<ok>'\n", With: map[string]any{"runs-on": []any{"a", 1, true, nil, 2.5}}, Reasons: []Reason{{Kind: ReasonChanged, Path: "a<b>&c/é\u2028.go", Via: "service s"}}},
		},
		Escalations: []Escalation{},
		Warnings:    []string{"tab\there"},
	}
	p.normalize()
	require.NoError(t, p.seal())
	return p
}

func marshalIndent(t *testing.T, p *Plan) string {
	b, err := json.MarshalIndent(p, "", "  ")
	require.NoError(t, err)
	return string(b) + "\n"
}

// TestRenderJSON checks that the fast indenter prints what
// json.MarshalIndent prints, and that a plan changed after sealing is
// printed as it is now, with a digest that no longer verifies.
func TestRenderJSON(t *testing.T) {
	p := sealedPlan(t)
	var buf bytes.Buffer
	require.NoError(t, RenderJSON(&buf, p))
	require.Equal(t, marshalIndent(t, p), buf.String())
	require.Contains(t, buf.String(), "\n  \"digest\": \""+p.Digest+"\"\n}\n")
	require.True(t, p.Verify())

	p.Gates[0].Run = "changed"
	buf.Reset()
	require.NoError(t, RenderJSON(&buf, p))
	require.Equal(t, marshalIndent(t, p), buf.String())
	require.Contains(t, buf.String(), `"run": "changed"`)
	require.False(t, p.Verify())
}
