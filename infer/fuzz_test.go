package infer_test

import (
	"context"
	"os"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gatesel/gatesel/infer"
)

// fuzzResult is a workspace of every ecosystem for the lockfile fuzzers.
func fuzzResult(f *testing.F) *infer.Result {
	files := map[string]string{}
	for _, m := range []map[string]string{npmWorkspace, cargoWorkspace, goWorkspace} {
		for k, v := range m {
			files[k] = v
		}
	}
	for k, v := range uvWorkspace {
		if k != "pyproject.toml" {
			files[k] = v
		}
	}
	files["pyproject.toml"] = uvWorkspace["pyproject.toml"]
	res, err := infer.Infer(context.Background(), os.DirFS(writeTree(f, files)), infer.Options{})
	if err != nil {
		f.Fatal(err)
	}
	return res
}

// The lockfile seeds of FuzzCompareLock are the fixtures of the tests cut
// to an importer, a package and a dependency: a few hundred bytes each.
// Under -fuzz the coordinator minimizes every input that finds new
// coverage before it fuzzes on, for up to -fuzzminimizetime (60 s by
// default), and its minimizer tries every subrange of each []byte value
// (a number of runs quadratic in its length, golang/go#48820): from the
// 0.5–1.3 kB fixtures, one minimization took the whole of a 60 s run.
const (
	fuzzPnpm = `lockfileVersion: '9.0'

importers:

  packages/api:
    dependencies:
      express:
        specifier: ^4
        version: 4.18.2

packages:

  express@4.18.2:
    resolution: {integrity: x}

snapshots:

  express@4.18.2:
    dependencies:
      lodash: 4.17.20

  lodash@4.17.20: {}
`
	fuzzYarnV1 = `# yarn lockfile v1

express@^4.18.0:
  version "4.18.2"
  integrity x
  dependencies:
    lodash "^4"

lodash@^4:
  version "4.17.20"
`
	fuzzYarnBerry = `__metadata:
  version: 8

"api@workspace:packages/api":
  resolution: "api@workspace:packages/api"
  dependencies:
    express: "npm:^4.18.0"

"express@npm:^4.18.0":
  version: 4.18.2
  resolution: "express@npm:4.18.2"
  dependencies:
    lodash: "npm:^4"
  checksum: x

"lodash@npm:^4":
  version: 4.17.20
  resolution: "lodash@npm:4.17.20"
`
	fuzzPackageLock = `{"lockfileVersion": 3, "packages": {
"": {"workspaces": ["packages/*"]},
"node_modules/api": {"resolved": "packages/api", "link": true},
"node_modules/express": {"version": "4.18.2", "dependencies": {"lodash": "^4"}},
"node_modules/lodash": {"version": "4.17.20"},
"packages/api": {"name": "api", "dependencies": {"express": "^4"}}}}
`
	fuzzCargoLock = `version = 4

[[package]]
name = "core"
version = "0.1.0"
dependencies = ["serde"]

[[package]]
name = "serde"
version = "1.0.190"
checksum = "x"
`
	fuzzUVLock = `version = 1

[[package]]
name = "lib"
version = "0.1.0"
source = { editable = "packages/lib" }
dependencies = [{ name = "requests" }]

[[package]]
name = "requests"
version = "2.31.0"
`
)

// FuzzCompareLock: no panic on any pair of lockfiles; deterministic; a
// file compared with itself concerns nothing unless it cannot be read.
func FuzzCompareLock(f *testing.F) {
	r := fuzzResult(f)
	names := []string{"pnpm-lock.yaml", "yarn.lock", "package-lock.json", "Cargo.lock", "uv.lock", "lib/go.mod", "lib/go.sum", "go.work", "package.json", "Cargo.toml", "pyproject.toml"}
	seeds := []string{fuzzPnpm, fuzzYarnV1, fuzzPackageLock, fuzzCargoLock, fuzzUVLock, goWorkspace["lib/go.mod"], goWorkspace["lib/go.sum"], "go 1.22\nuse ./lib\n", npmWorkspace["package.json"], cargoWorkspace["Cargo.toml"], uvWorkspace["pyproject.toml"], fuzzYarnBerry}
	// pnpm 11+: pnpm's own document first (small, as the seeds above)
	pnpm11 := "---\nimporters:\n  .:\n    packageManagerDependencies:\n      pnpm:\n        specifier: 11.0.0\n        version: 11.0.0\n---\n" + fuzzPnpm
	f.Add(uint8(0), []byte(pnpm11), []byte(strings.Replace(pnpm11, "4.18.2", "4.18.3", -1)))
	for i, s := range seeds {
		f.Add(uint8(i), []byte(s), []byte(s+"\n"))
	}
	f.Fuzz(func(t *testing.T, which uint8, base, head []byte) {
		name := names[int(which)%len(names)]
		got := r.CompareLock(name, base, head)
		if again := r.CompareLock(name, base, head); !reflect.DeepEqual(got, again) {
			t.Fatalf("not deterministic: %+v then %+v", got, again)
		}
		if got.All && got.Reason == "" {
			t.Fatalf("all without a reason")
		}
		if same := r.CompareLock(name, head, head); !same.All && len(same.Services) > 0 {
			t.Fatalf("a file compared with itself selects %v", same.Services)
		}
	})
}

// FuzzInferNPM: any package.json of a workspace package (its
// dependencies, its nx field with implicitDependencies patterns) infers
// without a panic, the same way twice, and an error names the file.
func FuzzInferNPM(f *testing.F) {
	f.Add([]byte(`{"name": "b", "nx": {"name": "bee", "tags": ["t"], "implicitDependencies": ["a", "!c", "tag:npm:public", "directory:pkgs/*", "*"]}}`))
	f.Add([]byte(`{"name": "b", "private": "yes", "keywords": [1], "nx": {"implicitDependencies": ["[", "{a,b}", "name:a*", ""]}}`))
	f.Add([]byte(`{"name": "b", "nx": {"implicitDependencies": "a"}}`))
	f.Add([]byte(`{"name": "b", "dependencies": {"x": "file:../c", "y": "link:../../pkgs/a", "z": "./", "w": "file:", "v": "file:/abs", "u": "../../.."}}`))
	f.Add([]byte(`{"name": "b", "peerDependencies": {"x": "workspace:c@*", "y": "workspace:../c", "z": "workspace:@", "w": "workspace:@@"}}`))
	f.Add([]byte(`{"name": "b", "dependencies": {"x": "npm:c@*", "y": "npm:@", "z": "npm:", "w": "workspace:pkgs/c", "v": "workspace:./pkgs/a", "u": "workspace:/abs"}}`))
	f.Fuzz(func(t *testing.T, pkg []byte) {
		fsys := fstest.MapFS{
			"pnpm-workspace.yaml": {Data: []byte("packages: ['pkgs/*']\n")},
			"pkgs/a/package.json": {Data: []byte(`{"name": "a", "nx": {"implicitDependencies": ["b", "bee", "!tag:t"]}}`)},
			"pkgs/b/package.json": {Data: pkg},
			"pkgs/c/package.json": {Data: []byte(`{"name": "c", "dependencies": {"b": "*"}}`)},
		}
		res, err := infer.Infer(context.Background(), fsys, infer.Options{})
		res2, err2 := infer.Infer(context.Background(), fsys, infer.Options{})
		if (err == nil) != (err2 == nil) || (err == nil && !reflect.DeepEqual(res, res2)) {
			t.Fatalf("not deterministic: %v, %v", err, err2)
		}
		if err != nil && !strings.Contains(err.Error(), "pkgs/b/package.json") {
			t.Fatalf("error without the file: %v", err)
		}
	})
}

// FuzzInferCargo: any root Cargo.toml and member Cargo.toml infer without
// a panic, the same way twice; an error names a Cargo.toml, and every
// edge's position is a line of its manifest.
func FuzzInferCargo(f *testing.F) {
	f.Add([]byte("[workspace]\nmembers = [\"crates/*\", \"tools/x\"]\nexclude = [\"tools\"]\n[workspace.dependencies]\nb = { path = \"crates/b\" }\n"),
		[]byte("[package]\nname = \"a\"\n[dependencies]\nb.workspace = true\n[dev_dependencies.x]\npath = \"../../tools/x\"\n[target.'cfg(unix)'.build-dependencies]\n\"b\" = { workspace = true, package = \"b\" }\n"))
	f.Add([]byte("[workspace]\nmembers = [\"crates/.h*\", \"**\"]\n"), []byte("[package]\nname = \"a\"\n[dependencies]\nb = \"1\"\n[dependencies.b]\n"))
	f.Fuzz(func(t *testing.T, root, member []byte) {
		fsys := fstest.MapFS{
			"Cargo.toml":           {Data: root},
			"crates/a/Cargo.toml":  {Data: member},
			"crates/b/Cargo.toml":  {Data: []byte("[package]\nname = \"b\"\n")},
			"crates/.h/Cargo.toml": {Data: []byte("[package]\nname = \"h\"\n[dependencies]\na = { path = \"../a\" }\n")},
			"tools/x/Cargo.toml":   {Data: []byte("[package]\nname = \"x\"\n")},
		}
		res, err := infer.Infer(context.Background(), fsys, infer.Options{})
		res2, err2 := infer.Infer(context.Background(), fsys, infer.Options{})
		if (err == nil) != (err2 == nil) || (err == nil && !reflect.DeepEqual(res, res2)) {
			t.Fatalf("not deterministic: %v, %v", err, err2)
		}
		if err != nil {
			if !strings.Contains(err.Error(), "Cargo.toml") {
				t.Fatalf("error without the file: %v", err)
			}
			return
		}
		for _, s := range res.Services {
			for _, e := range s.DependsOn {
				lines := 1 + strings.Count(string(fsys[e.Pos.File].Data), "\n")
				if e.Pos.Line < 1 || e.Pos.Line > lines {
					t.Fatalf("%s -> %s at %v: the file has %d lines", s.Name, e.To, e.Pos, lines)
				}
			}
		}
	})
}
