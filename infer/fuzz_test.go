package infer_test

import (
	"context"
	"os"
	"reflect"
	"testing"

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
