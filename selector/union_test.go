package selector

import (
	"testing"

	"github.com/gatesel/gatesel/graph"
	"github.com/stretchr/testify/assert"
)

// TestUniteDefinitions is issue 12 item 3: an instance both policies select
// but define differently runs in both definitions; the head's alone never
// wins, and an instance the same in both stays one.
func TestUniteDefinitions(t *testing.T) {
	why := []Reason{{Kind: ReasonOwner, Path: "services/billing/auth/login.go", Via: "owner @acme/security"}}
	base := &Plan{Gates: []Instance{
		{ID: "sec-review:security", Gate: "sec-review", Layer: graph.LayerLocal, Scope: "security", Run: "scripts/sec-review.sh security", With: map[string]any{}, Reasons: why},
		{ID: "unit:billing", Gate: "unit", Layer: graph.LayerLocal, Scope: "billing", Run: "go test", With: map[string]any{"runs-on": "x"}, Reasons: why},
	}}
	head := &Plan{Gates: []Instance{
		{ID: "sec-review:security", Gate: "sec-review", Layer: graph.LayerLocal, Scope: "security", Run: "true", With: map[string]any{"when": "manual"}, Reasons: why},
		{ID: "unit:billing", Gate: "unit", Layer: graph.LayerLocal, Scope: "billing", Run: "go test", With: map[string]any{"runs-on": "x"}, Reasons: why},
		{ID: "lint:billing", Gate: "lint", Layer: graph.LayerLocal, Scope: "billing", Run: "lint", With: map[string]any{}, Reasons: why},
	}}
	p := unite(base, head)
	p.normalize() // as finish does
	var got []string
	runs := map[string]string{}
	for _, in := range p.Gates {
		got = append(got, in.ID)
		runs[in.ID] = in.Run
	}
	assert.Equal(t, []string{"lint:billing", "sec-review:security", "sec-review:security@head", "unit:billing"}, got)
	assert.Equal(t, "scripts/sec-review.sh security", runs["sec-review:security"])
	assert.Equal(t, "true", runs["sec-review:security@head"])
	note := "the head's policy defines sec-review:security differently (run, with): both run, the base's definition as sec-review:security and the head's as sec-review:security@head"
	assert.Equal(t, []Escalation{{Kind: "policy", Cause: note}}, p.Escalations)
	for _, in := range p.Gates[1:3] {
		assert.Equal(t, note, in.Reasons[0].Note, in.ID)
	}
	assert.Empty(t, p.Gates[3].Reasons[0].Note, "an instance defined alike has no note")
	assert.Equal(t, head, unite(nil, head), "without a base the head's plan is the plan")
}
