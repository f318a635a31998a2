package selector

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"syscall"
	"testing"

	"github.com/gatesel/gatesel/internal/gittest"
)

// cpuTime is the process's user and system CPU time in nanoseconds: on a
// shared machine it says what a run costs better than the wall clock.
func cpuTime() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// benchLicence and benchBody surround the generated Go files' imports.
var benchLicence, benchBody = "// Copyright 2024 The Mono Authors.\n//\n" + strings.Repeat("// Licensed under the Apache License, Version 2.0 (the \"License\").\n", 12) + "\n",
	strings.Repeat("func f() {\n\tfmt.Println(strings.ToUpper(os.Args[0]))\n}\n\n", 40)

// inferBenchRepo is a committed repository of 1,000 Go modules (found by
// walking, no go.work: the costlier case) and 1,000 npm workspace
// packages, each depending on up to five earlier ones (a Go module
// requires and imports them), and a branch that
// changes one file of one module and bumps nothing else, or with editGoMod
// also edits that module's go.mod (a manifest: the base revision's graph
// is inferred too, from its git tree; packed, as a clone's is).
func inferBenchRepo(b *testing.B, withInfer, goWork, editGoMod bool) string {
	b.Helper()
	g := gittest.New(b)
	rng := rand.New(rand.NewPCG(1, 2))
	files := map[string]string{}
	for i := range 1000 {
		var req, imp strings.Builder
		for range min(i, rng.IntN(6)) {
			j := rng.IntN(i)
			fmt.Fprintf(&req, "\texample.com/mono/go/m%04d v0.0.0\n", j)
			fmt.Fprintf(&imp, "\t\"example.com/mono/go/m%04d/internal/x\"\n", j)
		}
		files[fmt.Sprintf("go/m%04d/go.mod", i)] = fmt.Sprintf("module example.com/mono/go/m%04d\n\ngo 1.22\n\nrequire (\n%s\tgolang.org/x/text v0.14.0\n)\n", i, req.String())
		// a licence header, an import block and a body, as real files have
		files[fmt.Sprintf("go/m%04d/main.go", i)] = benchLicence + "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n\n" + imp.String() + "\t\"golang.org/x/text/language\"\n)\n\n" + benchBody
		files[fmt.Sprintf("go/m%04d/internal/x/x.go", i)] = benchLicence + "package x\n\nimport \"strings\"\n\n" + benchBody
	}
	if goWork {
		var use strings.Builder
		use.WriteString("go 1.22\n\nuse (\n")
		for i := range 1000 {
			fmt.Fprintf(&use, "\t./go/m%04d\n", i)
		}
		files["go.work"] = use.String() + ")\n"
	}
	files["package.json"] = `{"private": true, "workspaces": ["packages/*"]}`
	for i := range 1000 {
		var deps []string
		for range min(i, rng.IntN(6)) {
			deps = append(deps, fmt.Sprintf(`"@acme/p%04d": "workspace:*"`, rng.IntN(i)))
		}
		files[fmt.Sprintf("packages/p%04d/package.json", i)] = fmt.Sprintf(`{"name": "@acme/p%04d", "dependencies": {%s}}`, i, strings.Join(deps, ", "))
		files[fmt.Sprintf("packages/p%04d/src/index.ts", i)] = "export {}\n"
	}
	policy := "version: 1\nsettings: {unowned: ignore}\ngates:\n  unit: {run: \"go test ./{{.Dir}}/...\"}\n  smoke: {run: \"smoke {{.Name}}\"}\n  build: {run: \"build {{.Dir}}\"}\n"
	if withInfer {
		policy += "infer:\n  go: {gates: [unit], smoke: [smoke]}\n  npm: {gates: [build], smoke: [smoke]}\n"
	}
	files["gates.yaml"] = policy
	g.Commit("initial", files)
	g.Git("checkout", "-q", "-b", "change")
	change := map[string]string{"go/m0001/main.go": "package main\n\nfunc main() {}\n"}
	if editGoMod {
		change["go/m0001/go.mod"] = files["go/m0001/go.mod"] + "// edited\n"
	}
	g.Commit("change", change)
	if editGoMod {
		g.Git("repack", "-adq") // the base's tree is read from a pack, as in a clone
	}
	return g.Dir
}

// BenchmarkComputeInfer is Compute on a one-file change of the repository
// above, without the infer: section and with it (inference of 2,000
// services from the work tree's manifests), the Go modules found by a
// walk of the tree or listed by a go.work: the difference is what
// inference adds to select. infer-gowork-gomod edits a go.mod as well.
func BenchmarkComputeInfer(b *testing.B) {
	for _, c := range []struct {
		name                         string
		withInfer, goWork, editGoMod bool
	}{{"declared", false, false, false}, {"infer-walk", true, false, false}, {"infer-gowork", true, true, false}, {"infer-gowork-gomod", true, true, true}} {
		withInfer := c.withInfer
		b.Run(c.name, func(b *testing.B) {
			dir := inferBenchRepo(b, c.withInfer, c.goWork, c.editGoMod)
			b.ReportAllocs()
			b.ResetTimer()
			cpu := cpuTime()
			n := 0
			for b.Loop() {
				p, err := Compute(context.Background(), Options{Dir: dir, Base: "main"})
				if err != nil {
					b.Fatal(err)
				}
				if withInfer && len(p.Gates) == 0 {
					b.Fatal("no gate")
				}
				n++
			}
			b.ReportMetric(float64(cpuTime()-cpu)/float64(n)/1e6, "cpu-ms/op")
		})
	}
}
