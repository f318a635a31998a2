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

func TestRenderJSONFromSeal(t *testing.T) {
	p := sealedPlan(t)
	require.NotNil(t, p.sealed.compact)
	var buf bytes.Buffer
	require.NoError(t, RenderJSON(&buf, p))
	require.Equal(t, marshalIndent(t, p), buf.String())
	require.Contains(t, buf.String(), "\n  \"digest\": \""+p.Digest+"\"\n}\n")
	require.True(t, p.Verify())

	// a plan changed together with its digest is encoded afresh
	p.Gates[0].Run = "changed"
	p.Digest = ""
	buf.Reset()
	require.NoError(t, RenderJSON(&buf, p))
	require.Equal(t, marshalIndent(t, p), buf.String())
	require.Contains(t, buf.String(), `"run": "changed"`)
	require.NotContains(t, buf.String(), `"digest"`)

	// a tampered digest is printed as it is, and does not verify
	q := sealedPlan(t)
	q.Digest = "sha256:00"
	buf.Reset()
	require.NoError(t, RenderJSON(&buf, q))
	require.Equal(t, marshalIndent(t, q), buf.String())
	require.False(t, q.Verify())
}
