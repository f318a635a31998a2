package synth_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/gatesel/gatesel/graph"
	"github.com/gatesel/gatesel/internal/synth"
	"github.com/gatesel/gatesel/ownership"
)

// TestPolicyFiles checks gates.yaml and CODEOWNERS of a small repository: they
// parse as YAML and load with the graph and ownership packages, with every
// size the options asked for.
func TestPolicyFiles(t *testing.T) {
	opt := synth.Small()
	repo := generate(t, opt)

	data, err := os.ReadFile(filepath.Join(repo.Dir, "gates.yaml"))
	require.NoError(t, err)
	var root map[string]any
	require.NoError(t, yaml.Unmarshal(data, &root))
	assert.Equal(t, []any{"services/*/gates.yaml"}, root["include"])
	assert.Equal(t, map[string]any{"base": "main", "unowned": "all", "smoke_depth": "transitive"}, root["settings"])

	g, warnings, err := graph.Load(os.DirFS(repo.Dir), "gates.yaml")
	require.NoError(t, err)
	assert.Empty(t, warnings)
	assert.Len(t, g.Services, opt.Services)
	assert.Len(t, g.Contracts, opt.Contracts+1, "the contracts and platform")
	assert.Len(t, g.Domains, opt.Domains)
	assert.Len(t, g.Files, 1+opt.Services/20, "the root file and the fragments")
	var gates []string
	for name := range g.Gates {
		gates = append(gates, name)
	}
	assert.ElementsMatch(t, []string{
		"contract-check", "openapi-diff", "full-build", "unit", "lint", "smoke",
		"domain-00-e2e", "domain-01-e2e", "domain-02-e2e",
	}, gates)
	assert.Equal(t, []string{"go.mod", "go.sum", ".github/workflows/**", "scripts/ci/**"}, g.Triggers[0].Paths)
	assert.True(t, g.Triggers[0].All)
	assert.Equal(t, []string{"full-build"}, g.Triggers[1].Select)
	assert.Equal(t, []string{"docs/**"}, g.Triggers[2].Paths)
	assert.Empty(t, g.Triggers[2].Select)

	edges := 0
	for _, sv := range g.Services {
		edges += len(sv.DependsOn) + len(sv.Consumes)
		assert.Equal(t, []string{"unit"}, sv.Gates, sv.Name)
		assert.Equal(t, []string{"smoke"}, sv.Smoke, sv.Name)
		assert.NotContains(t, sv.DependsOn, sv.Name)
	}
	assert.Equal(t, opt.Edges, edges)
	for name, c := range g.Contracts {
		if name != "platform" {
			assert.Equal(t, []string{"api/" + name + "/**"}, c.Paths)
			assert.NotEmpty(t, c.Providers, name)
		}
	}

	// Every tracked file but the policy files is claimed by something.
	for _, p := range lines(gitOut(t, repo.Dir, "ls-files")) {
		if p == "gates.yaml" || p == ".github/CODEOWNERS" {
			continue
		}
		assert.True(t, g.Classify(p).Claimed(), p)
	}

	data, err = os.ReadFile(filepath.Join(repo.Dir, ".github/CODEOWNERS"))
	require.NoError(t, err)
	rs, err := ownership.Parse(".github/CODEOWNERS", data, ownership.Auto)
	require.NoError(t, err)
	assert.Equal(t, ownership.GitHub, rs.Dialect)
	assert.Len(t, rs.Rules, opt.Rules)
	assert.Equal(t, "*", rs.Rules[0].Pattern)
	assert.Equal(t, []string{"@org/team-0"}, rs.Match("go.sum").Owners)
	m := rs.Match("services/svc-0000/main.go")
	require.Len(t, m.Rules, 1)
	assert.True(t, strings.HasPrefix(m.Rules[0].Pattern, "/services/svc-0000/"), m.Rules[0].Pattern)
}
