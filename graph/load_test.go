package graph_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/graph"
	"github.com/gatesel/gatesel/internal/golden"
)

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
	golden.Check(t, "testdata/fragments/ok.golden.json", dump(t, g, warnings))
}

func TestLoadFragmentErrors(t *testing.T) {
	g, _, err := graph.Load(os.DirFS("testdata/fragments/bad"), "gates.yaml")
	require.Error(t, err)
	assert.Nil(t, g)
	golden.Check(t, "testdata/fragments/bad.golden.txt", err.Error()+"\n")
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

// writeTree writes files (name -> content) under dir; content "->X" makes
// a symbolic link to X.
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		if target, ok := strings.CutPrefix(content, "->"); ok {
			require.NoError(t, os.Symlink(target, p))
			continue
		}
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
}

const symlinkRoot = "version: 1\ninclude: [\"services/*/gates.yaml\"]\ngates:\n  unit: {run: x}\n"

const symlinkFragment = "services:\n  a:\n    paths: [\"**\"]\n    gates: [unit]\n"

// TestLoadSymlinks: a policy file that is a symbolic link is followed only
// while it stays inside the repository (os.DirFS alone would follow it
// anywhere); loops and non-regular files are errors, never a hang.
func TestLoadSymlinks(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string // "" loads
	}{
		{"fragment linked inside the repository", map[string]string{
			"gates.yaml": symlinkRoot, "common/a.yaml": symlinkFragment, "services/a/gates.yaml": "->../../common/a.yaml",
		}, ""},
		{"fragment linked outside the repository", map[string]string{
			"gates.yaml": symlinkRoot, "services/a/gates.yaml": "->../../../outside.yaml",
		}, "gates.yaml:2:11: include \"services/*/gates.yaml\": read services/a/gates.yaml: symbolic link services/a/gates.yaml -> ../../../outside.yaml leaves the repository"},
		{"fragment linked to an absolute path", map[string]string{
			"gates.yaml": symlinkRoot, "services/a/gates.yaml": "->/etc/passwd",
		}, "gates.yaml:2:11: include \"services/*/gates.yaml\": read services/a/gates.yaml: symbolic link services/a/gates.yaml -> /etc/passwd leaves the repository"},
		{"fragment in a directory linked outside", map[string]string{
			"gates.yaml": "version: 1\ninclude: [\"services/a/gates.yaml\"]\n", "services/a": "->../../elsewhere",
		}, "gates.yaml:2:11: include \"services/a/gates.yaml\": read services/a/gates.yaml: symbolic link services/a -> ../../elsewhere leaves the repository"},
		{"link loop", map[string]string{
			"gates.yaml": symlinkRoot, "services/a/gates.yaml": "->b.yaml", "services/a/b.yaml": "->gates.yaml",
		}, "gates.yaml:2:11: include \"services/*/gates.yaml\": read services/a/gates.yaml: too many levels of symbolic links"},
		{"directory loop under **", map[string]string{
			"gates.yaml": "version: 1\ninclude: [\"services/**/gates.yaml\"]\ngates:\n  unit: {run: x}\n", "services/a/gates.yaml": symlinkFragment, "services/a/loop": "->..",
		}, ""},
		{"directory in place of a fragment", map[string]string{
			"gates.yaml": "version: 1\ninclude: [\"services/a/gates.yaml\"]\n", "services/a/gates.yaml/x": "",
		}, "gates.yaml:2:11: include \"services/a/gates.yaml\": read services/a/gates.yaml: not a regular file (a directory)"},
		{"root linked outside", map[string]string{
			"gates.yaml": "->../gates.yaml",
		}, "read policy gates.yaml: read gates.yaml: symbolic link gates.yaml -> ../gates.yaml leaves the repository"},
		{"root is a directory", map[string]string{
			"gates.yaml/x": "",
		}, "read policy gates.yaml: read gates.yaml: not a regular file (a directory)"},
		{"root is a dangling link", map[string]string{
			"gates.yaml": "->nowhere.yaml",
		}, "read policy gates.yaml: open gates.yaml: file does not exist"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parent := t.TempDir()
			writeTree(t, parent, map[string]string{"outside.yaml": symlinkFragment, "elsewhere/gates.yaml": symlinkFragment})
			dir := filepath.Join(parent, "repo")
			writeTree(t, dir, tt.files)
			g, _, err := graph.Load(os.DirFS(dir), "gates.yaml")
			if tt.want == "" {
				require.NoError(t, err)
				assert.Equal(t, []string{"a"}, g.ServiceNames())
				if _, linked := tt.files["common/a.yaml"]; linked {
					assert.Equal(t, []string{"gates.yaml", "services/a/gates.yaml", "common/a.yaml"}, g.Files, "the link's target is a policy file")
				}
				return
			}
			assert.Nil(t, g)
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())
		})
	}
}

// TestLoadNamedPipe: a fragment that is a named pipe is refused without
// opening it (opening a pipe with no writer blocks forever).
func TestLoadNamedPipe(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"gates.yaml": symlinkRoot})
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "services/a"), 0o755))
	require.NoError(t, syscall.Mkfifo(filepath.Join(dir, "services/a/gates.yaml"), 0o644))
	done := make(chan error, 1)
	go func() {
		_, _, err := graph.Load(os.DirFS(dir), "gates.yaml")
		done <- err
	}()
	select {
	case err := <-done:
		require.Error(t, err)
		assert.Equal(t, "gates.yaml:2:11: include \"services/*/gates.yaml\": read services/a/gates.yaml: not a regular file (a named pipe)", err.Error())
	case <-time.After(10 * time.Second):
		t.Fatal("Load blocked on a named pipe")
	}
}

// TestGraphConcurrentReads: a loaded graph serves Classify, Dependents,
// Scope and Gate.Render from many goroutines with the sequential answers
// (the graph is read-only after Load).
func TestGraphConcurrentReads(t *testing.T) {
	g, _, err := graph.Parse("gates.yaml", []byte(dependentsConfig))
	require.NoError(t, err)
	answer := func() []any {
		var out []any
		for _, name := range g.ServiceNames() {
			out = append(out, g.Dependents([]graph.Node{{Kind: graph.ServiceNode, Name: name}}, 0))
			s := g.Services[name]
			for _, p := range s.Paths {
				out = append(out, g.Classify(p))
			}
			for _, gate := range append(append([]string{}, s.Gates...), s.Smoke...) {
				run, with, err := g.Gates[gate].Render(g.Scope("service", name))
				out = append(out, run, with, err)
			}
		}
		return out
	}
	want := answer()
	got := make([][]any, 8)
	var wg sync.WaitGroup
	for i := range got {
		wg.Go(func() { got[i] = answer() })
	}
	wg.Wait()
	for _, a := range got {
		assert.Equal(t, want, a)
	}
}
