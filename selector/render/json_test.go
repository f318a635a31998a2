package render_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/gatesel/gatesel/graph"
	"github.com/gatesel/gatesel/selector"
	"github.com/gatesel/gatesel/selector/render"
	"github.com/stretchr/testify/require"
)

// sealedPlan is a plan with characters JSON escapes, sealed as Compute
// seals it.
func sealedPlan(t *testing.T) *selector.Plan {
	p := &selector.Plan{
		Schema:    selector.SchemaID,
		Base:      &selector.Revision{Rev: "origin/main", Commit: "0123456789abcdef0123456789abcdef01234567"},
		MergeBase: "0123456789abcdef0123456789abcdef01234567",
		Head:      &selector.Revision{Rev: "HEAD", Commit: "89abcdef0123456789abcdef0123456789abcdef"},
		Changes: []selector.ChangeInfo{
			{Change: selector.Change{Path: "a<b>&c/é\u2028.go", Status: selector.Modified}, Owners: []string{"@x"}, Claims: []string{"service:s"}},
		},
		Gates: []selector.Instance{
			{ID: "unit:s", Gate: "unit", Layer: graph.LayerLocal, Scope: "s", Owners: []string{}, Run: "go test \"./s/...\" && echo '<ok>'\n", With: map[string]any{"runs-on": []any{"a", 1, true, nil, 2.5}}, Reasons: []selector.Reason{{Kind: selector.ReasonChanged, Path: "a<b>&c/é\u2028.go", Via: "service s"}}},
		},
		Escalations: []selector.Escalation{},
		Warnings:    []string{"tab\there"},
	}
	require.NoError(t, p.Seal())
	return p
}

func marshalIndent(t *testing.T, p *selector.Plan) string {
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
	require.NoError(t, render.JSON(&buf, p))
	require.Equal(t, marshalIndent(t, p), buf.String())
	require.Contains(t, buf.String(), "\n  \"digest\": \""+p.Digest+"\"\n}\n")
	require.True(t, p.Verify())

	p.Gates[0].Run = "changed"
	buf.Reset()
	require.NoError(t, render.JSON(&buf, p))
	require.Equal(t, marshalIndent(t, p), buf.String())
	require.Contains(t, buf.String(), `"run": "changed"`)
	require.False(t, p.Verify())
}

// TestRenderSealedJSON: with Options.Sealed, json is printed from the
// encoding Seal kept, the same bytes as JSON; a plan without it (not
// sealed, or its digest changed) is encoded.
func TestRenderSealedJSON(t *testing.T) {
	p := sealedPlan(t)
	var plain, sealed bytes.Buffer
	require.NoError(t, render.JSON(&plain, p))
	require.NoError(t, render.Write(&sealed, p, "json", render.Options{Sealed: true}))
	require.Equal(t, marshalIndent(t, p), sealed.String())
	require.Equal(t, plain.String(), sealed.String())

	p.Digest = "sha256:edited"
	sealed.Reset()
	require.NoError(t, render.Write(&sealed, p, "json", render.Options{Sealed: true}))
	require.Equal(t, marshalIndent(t, p), sealed.String(), "no sealed encoding for this digest: encoded")

	q := &selector.Plan{Schema: selector.SchemaID, Warnings: []string{"w"}}
	sealed.Reset()
	require.NoError(t, render.Write(&sealed, q, "json", render.Options{Sealed: true}))
	require.Equal(t, marshalIndent(t, q), sealed.String(), "not sealed: encoded")
}
