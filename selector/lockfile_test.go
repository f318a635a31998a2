package selector_test

import (
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/graph"
	"github.com/gatesel/gatesel/infer"
	"github.com/gatesel/gatesel/selector"
)

func lockGraph(t *testing.T) *graph.Graph {
	t.Helper()
	g, _, err := graph.Load(fstest.MapFS{
		"gates.yaml":                {Data: []byte("version: 1\ninfer:\n  npm: {gates: [build], smoke: [test]}\ngates:\n  build: {}\n  test: {}\n  lint: {}\ncontracts:\n  platform: {gates: [lint]}\n")},
		"package.json":              {Data: []byte(`{"workspaces": ["packages/*"]}`)},
		"packages/api/package.json": {Data: []byte(`{"name": "api"}`)},
		"packages/web/package.json": {Data: []byte(`{"name": "web", "dependencies": {"api": "*"}}`)},
		"packages/cli/package.json": {Data: []byte(`{"name": "cli"}`)},
	}, "gates.yaml")
	require.NoError(t, err)
	return g
}

func ids(p *selector.Plan) []string {
	var out []string
	for _, in := range p.Gates {
		out = append(out, in.ID)
	}
	return out
}

func TestSelectLockfile(t *testing.T) {
	g := lockGraph(t)
	ch := []selector.Change{{Path: "pnpm-lock.yaml", Status: selector.Modified}}
	p, err := selector.Select(selector.Input{Graph: g, Changes: ch, Lockfiles: map[string]infer.LockChange{
		"pnpm-lock.yaml": {Services: map[string]string{"api": "lockfile: pnpm-lock.yaml: lodash 4.17.20 -> 4.17.21"}},
	}})
	require.NoError(t, err)
	assert.Equal(t, []string{"lint:platform", "build:api", "test:web"}, ids(p))
	assert.Equal(t, "lockfile: pnpm-lock.yaml: lodash 4.17.20 -> 4.17.21", p.Gates[1].Reasons[0].String())
	assert.Equal(t, []string{"lockfile"}, p.Changes[0].Claims)
	assert.Empty(t, p.Escalations, "a compared lockfile is claimed: no unowned escalation")

	// nothing differs (formatting): claimed, nothing selected beyond the contract gates
	p, err = selector.Select(selector.Input{Graph: g, Changes: ch, Lockfiles: map[string]infer.LockChange{"pnpm-lock.yaml": {Services: map[string]string{}}}})
	require.NoError(t, err)
	assert.Equal(t, []string{"lint:platform"}, ids(p))

	// a root-level change: everything, with the reason as the escalation
	p, err = selector.Select(selector.Input{Graph: g, Changes: ch, Lockfiles: map[string]infer.LockChange{
		"pnpm-lock.yaml": {All: true, Reason: "lockfile: pnpm-lock.yaml: overrides changed, which concerns every package"},
	}})
	require.NoError(t, err)
	assert.True(t, p.All)
	assert.Equal(t, []selector.Escalation{{Kind: "lockfile", Path: "pnpm-lock.yaml", Cause: "overrides changed, which concerns every package"}}, p.Escalations)
	assert.Equal(t, []string{"lint:platform", "build:api", "build:cli", "build:web", "test:api", "test:cli", "test:web"}, ids(p))

	// without a comparison the lockfile is unowned: everything (settings.unowned: all)
	p, err = selector.Select(selector.Input{Graph: g, Changes: ch})
	require.NoError(t, err)
	assert.True(t, p.All)
}
