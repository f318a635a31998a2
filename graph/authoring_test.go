package graph_test

import (
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/graph"
)

// authoringErrorTests are policies of issue 16 that must not load, with
// every error expected: one error per mistake, at the place of the fix
// (run by TestValidate).
var authoringErrorTests = []struct {
	name string
	in   string
	want string
}{
	{"domain then service of one name: one error, no cascade",
		"version: 1\ngates: {unit: {}}\ndomains:\n  mdatagen: {services: [mdatagen, pdatagen]}\nservices:\n  pdatagen: {paths: [p/**]}\n  mdatagen: {paths: [m/**], gates: [unit]}\n",
		`gates.yaml:7:3: duplicate name "mdatagen": already used by domain "mdatagen" at gates.yaml:4:3 (services, contracts and domains share one namespace: rename one)`},
	{"service then domain of one name",
		"version: 1\nservices:\n  mdatagen: {paths: [m/**]}\ndomains:\n  mdatagen: {services: [mdatagen]}\n",
		`gates.yaml:5:3: duplicate name "mdatagen": already used by service "mdatagen" at gates.yaml:3:3 (services, contracts and domains share one namespace: rename one)`},
	{"a misspelt service next to a refused one is still reported",
		"version: 1\ndomains:\n  mdatagen: {services: [mdatagen, pdatagn]}\nservices:\n  pdatagen: {paths: [p/**]}\n  mdatagen: {paths: [m/**]}\n",
		"gates.yaml:3:35: domain \"mdatagen\": services: unknown service \"pdatagn\" (did you mean \"pdatagen\"?)\n" +
			`gates.yaml:6:3: duplicate name "mdatagen": already used by domain "mdatagen" at gates.yaml:3:3 (services, contracts and domains share one namespace: rename one)`},
	{"undeclared profile of a gate",
		"version: 1\nprofiles:\n  full: {description: every gate}\n  validate: {description: no smoke}\ngates:\n  smoke: {profiles: [full, vaildate]}\n",
		`gates.yaml:6:28: gate "smoke": profiles: unknown profile "vaildate": the policy declares full, validate (did you mean "validate"?)`},
	{"profiles declared empty", "version: 1\nprofiles: {}\ngates:\n  smoke: {profiles: [full]}\n",
		`gates.yaml:4:22: gate "smoke": profiles: unknown profile "full": the policy declares no profile (profiles: {})`},
	{"profile shape", "version: 1\nprofiles:\n  full: {descripton: x}\n  \"a b\": {}\n  ok: {description: [x]}\n",
		"gates.yaml:3:10: profile \"full\": unknown key \"descripton\" (did you mean \"description\"?)\n" +
			"gates.yaml:4:3: invalid profile name \"a b\": use letters, digits, '.', '_' and '-'\n" +
			`gates.yaml:5:21: profile "ok": description: expected a string, got a list`},
	{"profiles not a mapping: one error, not one per gate", "version: 1\nprofiles: [full]\ngates:\n  smoke: {profiles: [full]}\n", "gates.yaml:2:11: profiles: expected a mapping, got a list"},
	{"profiles null", "version: 1\nprofiles:\ngates:\n  smoke: {profiles: [full]}\n", "gates.yaml:2:10: profiles: expected a mapping, got null"},
	{"a contract gate is never a smoke gate too",
		"version: 1\ngates: {check: {}}\ncontracts:\n  api: {gates: [check]}\nservices:\n  a: {paths: [a/**], smoke: [check]}\n",
		`gates.yaml:6:30: service "a": smoke: gate "check" is in the smoke layer here but in the contract layer at gates.yaml:4:17 (contract "api": gates)`},
}

func TestProfilesOnlyInRootFile(t *testing.T) {
	fsys := fstest.MapFS{
		"gates.yaml":   {Data: []byte("version: 1\ninclude: [a/gates.yaml]\n")},
		"a/gates.yaml": {Data: []byte("gates: {unit: {}}\nprofiles: {full: {}}\n")},
	}
	_, _, err := graph.Load(fsys, "gates.yaml")
	require.Error(t, err)
	assert.Equal(t, "a/gates.yaml:2:1: profiles are only allowed in the root file", err.Error())
}

func TestProfilesDeclared(t *testing.T) {
	in := "version: 1\nprofiles:\n  full: {description: every gate}\n  validate:\ngates:\n  smoke: {profiles: [full]}\n"
	g, _, err := graph.Parse("gates.yaml", []byte(in))
	require.NoError(t, err)
	assert.Equal(t, []string{"full", "validate"}, g.ProfileNames())
	assert.Equal(t, &graph.Profile{Name: "full", Description: "every gate", Pos: graph.Pos{File: "gates.yaml", Line: 3, Col: 3}}, g.Profiles["full"])
	assert.Equal(t, &graph.Profile{Name: "validate", Pos: graph.Pos{File: "gates.yaml", Line: 4, Col: 3}}, g.Profiles["validate"])

	g, _, err = graph.Parse("gates.yaml", []byte("version: 1\ngates:\n  smoke: {profiles: [anything]}\n"))
	require.NoError(t, err)
	assert.Nil(t, g.Profiles, "without profiles: a gate may list any profile")
	assert.Nil(t, g.ProfileNames())
}

func TestGateInTwoRoles(t *testing.T) {
	in := "version: 1\ngates: {test: {}, e2e: {}}\nservices:\n  lib: {paths: [lib/**], gates: [test], smoke: [test]}\n  app: {paths: [app/**], depends_on: [lib], smoke: [test, e2e]}\n"
	g, _, err := graph.Parse("gates.yaml", []byte(in))
	require.NoError(t, err)
	assert.Equal(t, graph.LayerLocal, g.Gates["test"].Layer, "the earliest of its layers")
	assert.Equal(t, []graph.Layer{graph.LayerLocal, graph.LayerSmoke}, g.Gates["test"].Layers)
	assert.True(t, g.Gates["test"].InLayer(graph.LayerSmoke))
	assert.Equal(t, []graph.Layer{graph.LayerSmoke}, g.Gates["e2e"].Layers)
	assert.False(t, g.Gates["e2e"].InLayer(graph.LayerLocal))
	// the smoke reference first: the layer is still local
	g, _, err = graph.Parse("gates.yaml", []byte("version: 1\ngates: {test: {}}\nservices:\n  a: {paths: [a/**], smoke: [test]}\n  b: {paths: [b/**], gates: [test]}\n"))
	require.NoError(t, err)
	assert.Equal(t, graph.LayerLocal, g.Gates["test"].Layer)
}
