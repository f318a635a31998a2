package infer_test

import (
	"context"
	"fmt"
	"testing/fstest"

	"github.com/gatesel/gatesel/infer"
)

func ExampleInfer() {
	repo := fstest.MapFS{
		"go.work":                {Data: []byte("go 1.22\n\nuse (\n\t./libs/money\n\t./services/ledger\n)\n")},
		"libs/money/go.mod":      {Data: []byte("module example.com/money\n")},
		"services/ledger/go.mod": {Data: []byte("module example.com/ledger\n\nrequire example.com/money v0.0.0\n")},
	}
	res, err := infer.Infer(context.Background(), repo, infer.Options{})
	if err != nil {
		panic(err)
	}
	for _, s := range res.Services {
		fmt.Println(s.Name, s.Paths(), s.Manifest)
		for _, e := range s.DependsOn {
			fmt.Println("  depends on", e.To, "at", e.Pos)
		}
	}
	// Output:
	// ledger [services/ledger/**] services/ledger/go.mod
	//   depends on money at services/ledger/go.mod:3:1
	// money [libs/money/**] libs/money/go.mod
}

func ExampleResult_CompareLock() {
	repo := fstest.MapFS{
		"package.json":              {Data: []byte(`{"workspaces": ["packages/*"]}`)},
		"packages/api/package.json": {Data: []byte(`{"name": "api", "dependencies": {"lodash": "^4.17.0"}}`)},
		"packages/web/package.json": {Data: []byte(`{"name": "web"}`)},
	}
	res, err := infer.Infer(context.Background(), repo, infer.Options{})
	if err != nil {
		panic(err)
	}
	base := "lockfileVersion: '9.0'\n\nimporters:\n\n  packages/api:\n    dependencies:\n      lodash:\n        specifier: ^4.17.0\n        version: 4.17.20\n\n  packages/web: {}\n\npackages:\n\n  lodash@4.17.20:\n    resolution: {integrity: sha512-a}\n\nsnapshots:\n\n  lodash@4.17.20: {}\n"
	head := "lockfileVersion: '9.0'\n\nimporters:\n\n  packages/api:\n    dependencies:\n      lodash:\n        specifier: ^4.17.0\n        version: 4.17.21\n\n  packages/web: {}\n\npackages:\n\n  lodash@4.17.21:\n    resolution: {integrity: sha512-b}\n\nsnapshots:\n\n  lodash@4.17.21: {}\n"
	change := res.CompareLock("pnpm-lock.yaml", []byte(base), []byte(head))
	fmt.Println(change.All, change.Services)
	// Output:
	// false map[api:lockfile: pnpm-lock.yaml: lodash 4.17.20 -> 4.17.21]
}
