package selector_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/gatesel/gatesel/selector"
)

// Validate checks a policy and reports every problem at the place of the
// fix; a directory outside git is checked without the tracked files.
func ExampleValidate() {
	dir, err := os.MkdirTemp("", "gatesel-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	policy := "version: 1\ngates: {lint: {run: \"make -C {{.Dir}} lint\"}}\ndomains:\n  payments: {owners: [\"@acme/payments\"], gates: [lint]}\n"
	if err := os.WriteFile(filepath.Join(dir, "gates.yaml"), []byte(policy), 0o644); err != nil {
		panic(err)
	}
	v, err := selector.Validate(context.Background(), selector.ValidateOptions{Dir: dir, Strict: true})
	if err != nil {
		panic(err)
	}
	for _, f := range v.Findings {
		if f.Code != selector.CodeNotGit {
			fmt.Println(f.Severity, f.Code, f)
		}
	}
	fmt.Println("failed:", v.Failed())
	// Output:
	// error empty-render gates.yaml:2:21: gate "lint": run: an interpolated value renders empty for domain payments: "make -C  lint"
	// error unknown-owner gates.yaml:4:23: domain "payments": owner "@acme/payments": there is no CODEOWNERS file, so the domain claims no file by its owners
	// failed: true
}
