package selector

import (
	"bytes"
	"context"
	"os"
	"testing"

	"github.com/gatesel/gatesel/internal/gittest"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/require"
)

// TestPlanSchemaValidatesPlans checks real plans — from value changes,
// from git, with every gate selected, with a fallback — against the
// embedded JSON Schema, and that the digest verifies.
func TestPlanSchemaValidatesPlans(t *testing.T) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(PlanSchema()))
	require.NoError(t, err)
	c := jsonschema.NewCompiler()
	require.NoError(t, c.AddResource("plan.schema.json", doc))
	schema, err := c.Compile("plan.schema.json")
	require.NoError(t, err)

	policy, err := os.ReadFile("testdata/policy.yaml")
	require.NoError(t, err)
	owners, err := os.ReadFile("testdata/CODEOWNERS")
	require.NoError(t, err)
	g := gittest.New(t)
	g.Commit("one", map[string]string{"gates.yaml": string(policy), "CODEOWNERS": string(owners), "services/ledger/a.go": "package a\n"})
	g.Git("checkout", "-q", "-b", "feature")
	g.Commit("two", map[string]string{"services/ledger/a.go": "package a // changed\n"})
	dir := g.Dir

	ctx := context.Background()
	for name, opt := range map[string]Options{
		"git":      {Dir: dir, Base: "main"},
		"files":    {Dir: dir, Changes: []Change{{Path: "services/ledger/a.go", Status: Modified}, {Path: "x/y", OldPath: "libs/money/m.go", Status: Renamed}}},
		"all":      {Dir: dir, Changes: []Change{{Path: "go.mod", Status: Added}}},
		"fallback": {Dir: dir, Base: "no-such-base", OnError: "all"},
		"profile":  {Dir: dir, Base: "main", Profile: "staging"},
	} {
		t.Run(name, func(t *testing.T) {
			p, err := Compute(ctx, opt)
			require.NoError(t, err)
			data, err := AppendJSON(nil, p)
			require.NoError(t, err)
			v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
			require.NoError(t, err)
			require.NoError(t, schema.Validate(v), string(data))
			require.True(t, p.Verify(), "digest does not verify")
			p.Gates = p.Gates[1:]
			require.False(t, p.Verify(), "digest verifies a changed plan")
		})
	}
}
