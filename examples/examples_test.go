package examples_test

import (
	"os"
	"testing"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/graph"
)

// TestPlatformPolicyLoads loads the example policy, fragments included, and
// wants no error and no warning.
func TestPlatformPolicyLoads(t *testing.T) {
	g, warnings, err := graph.Load(os.DirFS("platform"), "gates.yaml")
	require.NoError(t, err)
	assert.Empty(t, warnings)
	assert.Equal(t, []string{"gates.yaml", "services/notifications/gates.yaml", "services/reporting/gates.yaml", "services/search/gates.yaml"}, g.Files)
	assert.Equal(t, []string{
		"billing", "catalog", "checkout", "identity", "inventory", "ledger", "mobile-bff",
		"notifications", "payments-gateway", "reporting", "search", "web",
	}, g.ServiceNames())
	assert.Equal(t, []string{"billing-api", "events-proto", "identity-proto", "ledger-db", "platform"}, g.ContractNames())
	assert.Equal(t, []string{"commerce", "data", "frontend", "payments"}, g.DomainNames())
	assert.Equal(t, []string{"services/search/**"}, g.Services["search"].Paths, "fragment paths resolve from the fragment's directory")
	assert.Equal(t, []string{"services/search/**/*_test.go", "services/search/testdata/**"}, g.Services["search"].Internal)
}

// TestPlatformGlobsMatchFiles checks that the skeleton tree has a file for
// every glob of the policy, so that the example shows real matches.
func TestPlatformGlobsMatchFiles(t *testing.T) {
	g, _, err := graph.Load(os.DirFS("platform"), "gates.yaml")
	require.NoError(t, err)
	fsys := os.DirFS("platform")
	var globs []string
	for _, tr := range g.Triggers {
		globs = append(globs, tr.Paths...)
	}
	for _, name := range g.ContractNames() {
		globs = append(globs, g.Contracts[name].Paths...)
	}
	for _, name := range g.ServiceNames() {
		globs = append(globs, g.Services[name].Paths...)
		globs = append(globs, g.Services[name].Internal...)
	}
	require.NotEmpty(t, globs)
	for _, glob := range globs {
		matches, err := doublestar.Glob(fsys, glob, doublestar.WithFilesOnly())
		require.NoError(t, err, glob)
		assert.NotEmpty(t, matches, "glob %q matches no file of examples/platform", glob)
	}
}

// TestPlatformLayers checks where each gate of the catalogue sits.
func TestPlatformLayers(t *testing.T) {
	g, _, err := graph.Load(os.DirFS("platform"), "gates.yaml")
	require.NoError(t, err)
	got := map[string][]string{}
	for _, l := range graph.Layers {
		got[l.String()] = g.GatesIn(l)
	}
	assert.Equal(t, map[string][]string{
		"contract": {"buf-breaking", "contract-check", "migration-lint", "openapi-diff"},
		"global":   {"buf-lint", "full-build"},
		"local":    {"commerce-lint", "data-quality", "frontend-lint", "payments-lint", "unit", "web-test"},
		"smoke":    {"e2e", "smoke"},
	}, got)
}
