package graph_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/graph"
)

// writeRepo writes files (slash path -> content) under a new directory.
func writeRepo(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
	return dir
}

var inferRepo = map[string]string{
	"gates.yaml": `version: 1
infer:
  go: {gates: [unit], smoke: [smoke]}
  npm: {gates: [build]}
gates:
  unit: {run: "go test ./{{.Dir}}/..."}
  smoke: {run: "smoke {{.Name}}"}
  build: {run: "npm run build -w {{.Dir}}"}
  e2e: {run: "e2e"}
services:
  billing:
    depends_on: [web]
    smoke: [e2e]
  money:
    paths: ["libs/money/**", "libs/shared/**"]
`,
	"go.mod":                  "module example.com/mono\n",
	"libs/money/go.mod":       "module example.com/mono/libs/money\n",
	"services/billing/go.mod": "module example.com/mono/services/billing\n\nrequire example.com/mono/libs/money v0.0.0\n",
	"package.json":            `{"private": true, "workspaces": ["web"]}`,
	"web/package.json":        `{"name": "web"}`,
}

func TestLoadInfer(t *testing.T) {
	dir := writeRepo(t, inferRepo)
	g, warns, err := graph.Load(os.DirFS(dir), "gates.yaml")
	require.NoError(t, err)
	assert.Empty(t, warns)
	assert.Equal(t, []string{"billing", "money", "root", "web"}, g.ServiceNames())

	b := g.Services["billing"]
	assert.Equal(t, []string{"services/billing/**"}, b.Paths, "inferred paths kept: none declared")
	assert.Equal(t, []string{"services/billing/**/*_test.go", "services/billing/**/testdata/**"}, b.Internal)
	assert.Equal(t, []string{"web", "money"}, b.DependsOn, "declared depends_on first, inferred added")
	assert.Equal(t, []string{"unit"}, b.Gates, "the ecosystem's gates")
	assert.Equal(t, []string{"e2e"}, b.Smoke, "declared smoke replaces the ecosystem's")
	assert.Equal(t, "services/billing/go.mod", b.Source)
	assert.Equal(t, graph.Pos{File: "gates.yaml", Line: 11, Col: 3}, b.Pos)

	m := g.Services["money"]
	assert.Equal(t, []string{"libs/money/**", "libs/shared/**"}, m.Paths, "declared paths replace the inferred")
	assert.Equal(t, "libs/money/go.mod", m.Source)

	r := g.Services["root"]
	assert.Equal(t, []string{"**"}, r.Paths)
	assert.Equal(t, graph.Pos{File: "go.mod", Line: 1, Col: 1}, r.Pos)
	assert.Equal(t, []string{"smoke"}, r.Smoke)

	w := g.Services["web"]
	assert.Equal(t, []string{"web/**"}, w.Paths)
	assert.Nil(t, w.Internal)
	assert.Equal(t, []string{"build"}, w.Gates)
	assert.Nil(t, w.Smoke)
	assert.Equal(t, "web/package.json", w.Source)

	assert.Equal(t, graph.LayerLocal, g.Gates["build"].Layer)
	assert.Equal(t, graph.LayerSmoke, g.Gates["smoke"].Layer)
	assert.True(t, g.Infer.Enabled("go"))
	assert.False(t, g.Infer.Enabled("cargo"))

	// classification follows the most specific glob: the nested module owns its files
	assert.Equal(t, []graph.ServiceClaim{{Service: "billing"}}, g.Classify("services/billing/main.go").Services)
	assert.Equal(t, []graph.ServiceClaim{{Service: "billing", Internal: true}}, g.Classify("services/billing/x_test.go").Services)
	assert.Equal(t, []graph.ServiceClaim{{Service: "root"}}, g.Classify("cmd/tool/main.go").Services)
	reached := g.Dependents([]graph.Node{{Kind: graph.ServiceNode, Name: "money"}}, 0)
	require.Len(t, reached, 1)
	assert.Equal(t, "billing", reached[0].Service)

	// manifests are policy files for the union; lockfiles are not
	for p, want := range map[string]bool{"go.mod": true, "x/y/go.mod": true, "go.work": true, "web/package.json": true, "pnpm-workspace.yaml": true, "go.sum": false, "Cargo.toml": false, "package-lock.json": false} {
		assert.Equal(t, want, g.IsManifest(p), p)
	}
	// nested inferred modules overlap by design: no lint warning for them
	for _, w := range g.Lint([]string{"go.mod", "libs/money/go.mod", "services/billing/go.mod", "services/billing/x_test.go", "services/billing/testdata/a", "web/package.json", "package.json", "gates.yaml", "libs/shared/a.go"}) {
		assert.NotContains(t, w.Msg, "overlap", w.String())
	}
}

var inferErrorTests = []struct {
	name  string
	files map[string]string
	err   string
}{
	{
		name: "unknown gate in infer",
		files: map[string]string{
			"gates.yaml": "version: 1\ninfer:\n  go: {gates: [unt]}\ngates:\n  unit: {run: x}\n",
			"a/go.mod":   "module a\n",
		},
		err: `gates.yaml:3:16: infer go: gates: unknown gate "unt" (did you mean "unit"?)`,
	},
	{
		name:  "unknown ecosystem",
		files: map[string]string{"gates.yaml": "version: 1\ninfer:\n  maven: {}\n"},
		err:   `gates.yaml:3:3: infer: unknown key "maven"`,
	},
	{
		name: "broken manifest",
		files: map[string]string{
			"gates.yaml": "version: 1\ninfer:\n  go:\n",
			"a/go.mod":   "modul a\n",
		},
		err: "a/go.mod:1:1: unknown directive: modul",
	},
	{
		name: "inferred name taken by a contract",
		files: map[string]string{
			"gates.yaml": "version: 1\ninfer:\n  go:\ncontracts:\n  api: {}\n",
			"api/go.mod": "module api\n",
		},
		err: `gates.yaml:5:3: duplicate name "api": already used by service "api" at api/go.mod:1:1 (services, contracts and domains share one namespace: rename one)`,
	},
	{
		name: "infer in a fragment",
		files: map[string]string{
			"gates.yaml": "version: 1\ninclude: [x.yaml]\n",
			"x.yaml":     "infer:\n  go: {}\n",
		},
		err: "x.yaml:1:1: infer is only allowed in the root file",
	},
}

func TestLoadInferErrors(t *testing.T) {
	for _, tt := range inferErrorTests {
		t.Run(tt.name, func(t *testing.T) {
			g, _, err := graph.Load(os.DirFS(writeRepo(t, tt.files)), "gates.yaml")
			require.Error(t, err)
			assert.Nil(t, g)
			assert.Equal(t, tt.err, strings.TrimSpace(err.Error()))
		})
	}
}

func TestLoadInferLinkOutside(t *testing.T) {
	dir := writeRepo(t, map[string]string{"gates.yaml": "version: 1\ninfer:\n  go:\n", "go.work": "use ./a\n"})
	outside := writeRepo(t, map[string]string{"go.mod": "module secret\n"})
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "a"), 0o755))
	require.NoError(t, os.Symlink(filepath.Join(outside, "go.mod"), filepath.Join(dir, "a", "go.mod")))
	_, _, err := graph.Load(os.DirFS(dir), "gates.yaml")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "a/go.mod")
	assert.Contains(t, err.Error(), "leaves the repository")
}

// TestLoadInferEmptyGatesKept: a declared `gates: []` (or `smoke: []`)
// replaces the ecosystem's, whichever list of the file comes first (the
// decoder's lists are cut from shared blocks, and an empty one must not
// read as an absent one).
func TestLoadInferEmptyGatesKept(t *testing.T) {
	for _, policy := range []string{
		"version: 1\nservices:\n  root:\n    gates: []\n    smoke: []\ninfer:\n  go: {gates: [unit], smoke: [unit]}\ngates:\n  unit: {run: x}\n",
		"version: 1\ninfer:\n  go: {gates: [unit], smoke: [unit]}\ngates:\n  unit: {run: x}\nservices:\n  root:\n    gates: []\n    smoke: []\n",
	} {
		dir := writeRepo(t, map[string]string{"gates.yaml": policy, "go.mod": "module example.com/m\n"})
		g, _, err := graph.Load(os.DirFS(dir), "gates.yaml")
		require.NoError(t, err)
		assert.Empty(t, g.Services["root"].Gates, policy)
		assert.Empty(t, g.Services["root"].Smoke, policy)
	}
}
