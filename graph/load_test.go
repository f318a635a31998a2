package graph_test

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/graph"
)

var update = flag.Bool("update", false, "rewrite golden files")

// golden compares got with testdata/NAME, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	file := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(file, []byte(got), 0o644))
	}
	want, err := os.ReadFile(file)
	require.NoError(t, err)
	assert.Equal(t, string(want), got, "(-want +got) of %s; rerun with -update after checking", file)
}

// dump renders a graph and its warnings as stable JSON.
func dump(t *testing.T, g *graph.Graph, warnings []graph.Warning) string {
	t.Helper()
	var ws []string
	for _, w := range warnings {
		ws = append(ws, w.String())
	}
	b, err := json.MarshalIndent(struct {
		Graph    *graph.Graph
		Warnings []string
	}{g, ws}, "", "  ")
	require.NoError(t, err)
	return string(b) + "\n"
}

func TestLoadFragments(t *testing.T) {
	g, warnings, err := graph.Load(os.DirFS("testdata/fragments/ok"), "gates.yaml")
	require.NoError(t, err)
	golden(t, "fragments/ok.golden.json", dump(t, g, warnings))
}

func TestLoadFragmentErrors(t *testing.T) {
	g, _, err := graph.Load(os.DirFS("testdata/fragments/bad"), "gates.yaml")
	require.Error(t, err)
	assert.Nil(t, g)
	golden(t, "fragments/bad.golden.txt", err.Error()+"\n")
}

func TestLoadMissingRoot(t *testing.T) {
	_, _, err := graph.Load(fstest.MapFS{}, "gates.yaml")
	require.Error(t, err)
	assert.Equal(t, "read policy gates.yaml: open gates.yaml: file does not exist", err.Error())
}

func TestLoadNestedRoot(t *testing.T) {
	// the root file's globs are repository-relative wherever it lives
	fsys := fstest.MapFS{
		"ci/gates.yaml":     {Data: []byte("version: 1\ninclude: [\"svc/*.yaml\"]\n")},
		"svc/a.yaml":        {Data: []byte("services:\n  a: {paths: [\"**\"]}\n")},
		"svc/a/ignored.txt": {Data: []byte("x")},
	}
	g, warnings, err := graph.Load(fsys, "ci/gates.yaml")
	require.NoError(t, err)
	assert.Empty(t, warnings)
	assert.Equal(t, []string{"ci/gates.yaml", "svc/a.yaml"}, g.Files)
	assert.Equal(t, []string{"svc/**"}, g.Services["a"].Paths)
}

func TestLoadSpecExample(t *testing.T) {
	data, err := os.ReadFile("testdata/spec/gates.yaml")
	require.NoError(t, err)
	g, warnings, err := graph.Parse("gates.yaml", data)
	require.NoError(t, err)
	assert.Empty(t, warnings)
	var layers []string
	for _, n := range g.GateNames() {
		layers = append(layers, n+"="+g.Gates[n].Layer.String())
	}
	assert.Equal(t, "contract-check=contract full-build=global openapi-diff=contract payments-lint=local smoke=smoke unit=local", strings.Join(layers, " "))
	assert.Equal(t, []string{"ledger"}, g.Contracts["billing-api"].Providers)
	assert.Equal(t, []string{"billing"}, g.Contracts["billing-api"].Consumers)
	assert.Equal(t, []string{"payments"}, g.Services["ledger"].Domains)
	assert.Equal(t, graph.Settings{Base: "origin/main", Unowned: graph.UnownedAll}, g.Settings)
	assert.True(t, g.Triggers[0].All)
	assert.Equal(t, []string{}, g.Triggers[1].Select)
	assert.Equal(t, []string{"unit"}, g.Gates["full-build"].Covers)
	assert.Equal(t, []string{"full", "staging"}, g.Gates["smoke"].Profiles)
	assert.Nil(t, g.Gates["unit"].Profiles)
}
