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

// FuzzCompareLock: no panic on any pair of lockfiles; deterministic; a
// file compared with itself concerns nothing unless it cannot be read.
func FuzzCompareLock(f *testing.F) {
	r := fuzzResult(f)
	names := []string{"pnpm-lock.yaml", "yarn.lock", "package-lock.json", "Cargo.lock", "uv.lock", "lib/go.mod", "lib/go.sum", "go.work", "package.json", "Cargo.toml", "pyproject.toml"}
	pnpm12, err := os.ReadFile("testdata/pnpm12/repo/pnpm-lock.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(uint8(0), pnpm12, []byte(strings.Replace(string(pnpm12), "4.17.20", "4.17.21", -1)))
	seeds := []string{pnpmBase, yarnV1Base, packageLockBase, cargoLockBase, uvLockBase, goWorkspace["lib/go.mod"], goWorkspace["lib/go.sum"], "go 1.22\nuse ./lib\n", npmWorkspace["package.json"], cargoWorkspace["Cargo.toml"], uvWorkspace["pyproject.toml"], yarnBerryBase}
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
