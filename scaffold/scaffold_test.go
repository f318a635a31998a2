package scaffold_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/graph"
	"github.com/gatesel/gatesel/ownership"
	"github.com/gatesel/gatesel/scaffold"
)

// generate runs Generate over files and loads the result as gatesel
// would: it must validate at once.
func generate(t *testing.T, files map[string]string, codeowners string) (string, *graph.Graph) {
	t.Helper()
	fsys := fstest.MapFS{}
	var names []string
	for k, v := range files {
		fsys[k] = &fstest.MapFile{Data: []byte(v)}
		names = append(names, k)
	}
	slices.Sort(names)
	var rs *ownership.Ruleset
	if codeowners != "" {
		var err error
		rs, err = ownership.Parse("CODEOWNERS", []byte(codeowners), ownership.GitHub)
		require.NoError(t, err)
	}
	out, err := scaffold.Generate(context.Background(), fsys, scaffold.Options{Files: names, Owners: rs})
	require.NoError(t, err)
	fsys["gates.yaml"] = &fstest.MapFile{Data: out}
	g, _, err := graph.Load(fsys, "gates.yaml")
	require.NoError(t, err, "%s", out)
	return string(out), g
}

func TestGenerateCargoUV(t *testing.T) {
	out, g := generate(t, map[string]string{
		"Cargo.toml":            "[workspace]\nmembers = [\"crates/*\"]\n",
		"crates/a/Cargo.toml":   "[package]\nname = \"a\"\n",
		"pyproject.toml":        "[tool.uv.workspace]\nmembers = [\"py/*\"]\n",
		"py/b/pyproject.toml":   "[project]\nname = \"b\"\n",
		"rust-toolchain.toml":   "[toolchain]\nchannel = \"1.80\"\n",
		".python-version":       "3.12\n",
		"schema/api.graphql":    "type Query { a: Int }\n",
		"db/migrations/001.sql": "create table a();\n",
	}, "")
	assert.Equal(t, `version: 1

# Written by `+"`gatesel init`"+`. Name the real commands of the gates (run:),
# then check with `+"`gatesel validate --coverage`"+`.

# Every module, workspace package, crate or project is a service, with the
# depends_on its manifest declares.
infer:
  cargo: {gates: [cargo-test], smoke: [cargo-smoke]}
  uv: {gates: [uv-test], smoke: [uv-smoke]}

gates:
  cargo-test: {run: "cd ./{{.Dir}} && cargo test"}
  cargo-smoke: {run: "cd ./{{.Dir}} && cargo test"}  # runs in the dependents of a changed service
  uv-test: {run: "cd ./{{.Dir}} && uv run pytest"}
  uv-smoke: {run: "cd ./{{.Dir}} && uv run pytest"}  # runs in the dependents of a changed service

triggers:
  - name: toolchain   # CI and toolchain files: a change to them runs everything
    paths: ["rust-toolchain.toml", ".python-version"]
    select: all

contracts:
  graphql-schema:
    paths: ["schema/**"]
    # gates: [graphql-diff]   # e.g. graphql-inspector diff (base) (head)
  migrations-db-migrations:
    paths: ["db/migrations/**"]
    # gates: [migration-lint]   # e.g. squawk, or the migration tool's dry run
`, out)
	assert.Equal(t, []string{"a", "b"}, g.ServiceNames())
}

func TestGenerateNamesNeverCollide(t *testing.T) {
	// a module named like a domain, a contract directory named like a module
	out, g := generate(t, map[string]string{
		"acme-web/go.mod":          "module acme-web\n",
		"openapi-api/go.mod":       "module x\n",
		"api/openapi.json":         `{"openapi": "3.1.0"}`,
		"web/main.go":              "package main\n",
		".github/workflows/ci.yml": "on: push\n",
	}, "/web/ @acme/web\n/api/ @acme/web\n")
	assert.Contains(t, out, "  acme-web-2:\n    owners: [\"@acme/web\"]\n")
	assert.Contains(t, out, "  openapi-api-2:\n    paths: [\"api/**\"]\n")
	assert.Equal(t, []string{"acme-web", "openapi-api"}, g.ServiceNames())
	assert.Equal(t, []string{"acme-web-2"}, g.DomainNames())
}

func TestGenerateNothingFound(t *testing.T) {
	out, g := generate(t, map[string]string{"README.md": "hi\n", "Makefile": "all:\n"}, "* @acme/all\n")
	assert.Contains(t, out, "  all: {run: \"make test\"}")
	assert.Empty(t, g.Domains, "an owner of every file is no lane")
	assert.Equal(t, []string{"toolchain"}, g.TriggerNames())
}

func ExampleGenerate() {
	repo := fstest.MapFS{
		"go.work":          {Data: []byte("go 1.22\nuse (\n\t./a\n\t./b\n)\n")},
		"a/go.mod":         {Data: []byte("module example.com/a\n")},
		"b/go.mod":         {Data: []byte("module example.com/b\nrequire example.com/a v0.0.0\n")},
		"proto/x/v1.proto": {Data: []byte("syntax = \"proto3\";\n")},
	}
	out, err := scaffold.Generate(context.Background(), repo, scaffold.Options{Files: []string{"a/go.mod", "b/go.mod", "go.work", "proto/x/v1.proto"}})
	if err != nil {
		panic(err)
	}
	fmt.Print(string(out))
	// Output:
	// version: 1
	//
	// # Written by `gatesel init`. Name the real commands of the gates (run:),
	// # then check with `gatesel validate --coverage`.
	//
	// # Every module, workspace package, crate or project is a service, with the
	// # depends_on its manifest declares.
	// infer:
	//   go: {gates: [go-test], smoke: [go-smoke]}
	//
	// gates:
	//   go-test: {run: "cd ./{{.Dir}} && go test ./..."}
	//   go-smoke: {run: "cd ./{{.Dir}} && go test ./..."}  # runs in the dependents of a changed service
	//
	// triggers:
	//   - name: toolchain   # CI and toolchain files: a change to them runs everything
	//     paths: ["go.work"]
	//     select: all
	//
	// contracts:
	//   proto-x:
	//     paths: ["proto/x/**"]
	//     # gates: [buf-breaking]   # e.g. buf breaking --against '.git#branch=main'
}
