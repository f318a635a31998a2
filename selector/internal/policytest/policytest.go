// Package policytest generates random but valid policies (gates.yaml and
// CODEOWNERS) for the property tests of selector and its renderers. It is
// test-only helper code.
//
//	yaml, codeowners, pool := policytest.RandomPolicy(rand.New(rand.NewPCG(1, 2)))
package policytest

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// RandomPolicy writes a random but valid gates.yaml and CODEOWNERS, and a
// pool of paths that hit every kind of claim (and none).
func RandomPolicy(r *rand.Rand) (yaml, codeowners string, pool []string) {
	var b strings.Builder
	nsvc, ncon, ndom := 2+r.IntN(12), 1+r.IntN(4), r.IntN(4)
	unowned := []string{"all", "global", "ignore"}[r.IntN(3)]
	depth := []string{"transitive", "1", "2", "3"}[r.IntN(4)]
	fmt.Fprintf(&b, "version: 1\nsettings:\n  unowned: %s\n  smoke_depth: %s\n", unowned, depth)
	b.WriteString("gates:\n  cc: {run: cc}\n  diff: {run: 'diff {{.Name}}'}\n  unit: {run: 'unit {{.Dir}}', profiles: [ci, full]}\n" +
		"  lint: {run: lint}\n  smoke: {run: 'smoke {{.Name}}', profiles: [full]}\n  dlint: {run: dlint}\n")
	if r.IntN(2) == 0 {
		b.WriteString("  build: {run: build, covers: [unit]}\n")
	} else {
		b.WriteString("  build: {run: build}\n")
	}
	b.WriteString("triggers:\n  - {name: tool, paths: [go.mod], select: all}\n  - {name: lint, paths: ['lint/**'], select: [lint, build]}\n  - {name: docs, paths: ['docs/**'], select: []}\n")
	b.WriteString("contracts:\n  platform: {gates: [cc]}\n")
	for c := range ncon {
		fmt.Fprintf(&b, "  c%d: {paths: ['api/c%d/**'], gates: [diff]}\n", c, c)
		pool = append(pool, fmt.Sprintf("api/c%d/spec.yaml", c))
	}
	b.WriteString("services:\n")
	var co strings.Builder
	co.WriteString("* @org/all\n")
	for s := range nsvc {
		smoke := "smoke"
		if s%3 == 1 {
			smoke = "smoke, unit" // one gate in two roles: local and smoke (issue 16)
		}
		fmt.Fprintf(&b, "  s%d:\n    paths: ['svc/s%d/**']\n    internal: ['**/*_test.go']\n    gates: [unit]\n    smoke: [%s]\n", s, s, smoke)
		var deps, cons, provs []string
		for d := range nsvc {
			if d != s && r.IntN(4) == 0 {
				deps = append(deps, fmt.Sprintf("s%d", d))
			}
		}
		for c := range ncon {
			switch r.IntN(5) {
			case 0:
				cons = append(cons, fmt.Sprintf("c%d", c))
			case 1:
				provs = append(provs, fmt.Sprintf("c%d", c))
			}
		}
		if len(deps) > 0 {
			fmt.Fprintf(&b, "    depends_on: [%s]\n", strings.Join(deps, ", "))
		}
		if len(cons) > 0 {
			fmt.Fprintf(&b, "    consumes: [%s]\n", strings.Join(cons, ", "))
		}
		if len(provs) > 0 {
			fmt.Fprintf(&b, "    provides: [%s]\n", strings.Join(provs, ", "))
		}
		fmt.Fprintf(&co, "/svc/s%d/ @org/t%d\n", s, s%3)
		pool = append(pool, fmt.Sprintf("svc/s%d/main.go", s), fmt.Sprintf("svc/s%d/main_test.go", s))
	}
	// A nested service: a tie-free more specific claim inside s0.
	fmt.Fprintf(&b, "  nested:\n    paths: ['svc/s0/nested/**']\n    depends_on: [s0]\n    gates: [unit]\n    smoke: [smoke]\n")
	pool = append(pool, "svc/s0/nested/x.go")
	if ndom > 0 {
		b.WriteString("domains:\n")
		for d := range ndom {
			fmt.Fprintf(&b, "  d%d: {owners: ['@org/t%d'], services: [s%d], gates: [dlint]}\n", d, d, r.IntN(nsvc))
		}
	}
	pool = append(pool, "go.mod", "lint/rules.txt", "docs/x.md", "misc/unclaimed.txt")
	return b.String(), co.String(), pool
}
