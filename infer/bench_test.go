package infer_test

import (
	"context"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/gatesel/gatesel/infer"
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

// writeFile writes name (slash-separated) below dir, making its directories.
func writeFile(tb testing.TB, dir, name, content string) {
	tb.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		tb.Fatal(err)
	}
}

// benchInfer times Infer over fsys, which must give services services,
// and reports the CPU time per op as well.
func benchInfer(b *testing.B, fsys fs.FS, opt infer.Options, services int) {
	b.ReportAllocs()
	b.ResetTimer()
	cpu, n := cpuTime(), 0
	for b.Loop() {
		res, err := infer.Infer(context.Background(), fsys, opt)
		if err != nil || len(res.Services) != services {
			b.Fatal(err, res)
		}
		n++
	}
	b.ReportMetric(float64(cpuTime()-cpu)/float64(n)/1e6, "cpu-ms/op")
}

// genMonorepo writes a repository of goMods Go modules (without go.work:
// found by walking) and npmPkgs npm workspace packages, each depending on
// up to five earlier ones, with a few source files each.
func genMonorepo(tb testing.TB, dir string, goMods, npmPkgs int) {
	tb.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	write := func(name, content string) { writeFile(tb, dir, name, content) }
	for i := range goMods {
		var b strings.Builder
		fmt.Fprintf(&b, "module example.com/mono/go/m%04d\n\ngo 1.22\n\nrequire (\n", i)
		for range min(i, rng.IntN(6)) {
			fmt.Fprintf(&b, "\texample.com/mono/go/m%04d v0.0.0\n", rng.IntN(i))
		}
		b.WriteString("\tgolang.org/x/text v0.14.0\n)\n")
		write(fmt.Sprintf("go/m%04d/go.mod", i), b.String())
		write(fmt.Sprintf("go/m%04d/main.go", i), "package main\n")
		write(fmt.Sprintf("go/m%04d/internal/x/x.go", i), "package x\n")
	}
	write("package.json", `{"private": true, "workspaces": ["packages/*"]}`)
	for i := range npmPkgs {
		var deps []string
		for range min(i, rng.IntN(6)) {
			deps = append(deps, fmt.Sprintf("%q: \"workspace:*\"", fmt.Sprintf("@acme/p%04d", rng.IntN(i))))
		}
		deps = append(deps, `"lodash": "^4.17.0"`)
		write(fmt.Sprintf("packages/p%04d/package.json", i), fmt.Sprintf("{\n  \"name\": \"@acme/p%04d\",\n  \"dependencies\": {%s}\n}\n", i, strings.Join(deps, ", ")))
		write(fmt.Sprintf("packages/p%04d/src/index.ts", i), "export {}\n")
	}
}

// BenchmarkInfer2000: inference over 1,000 Go modules and 1,000 npm
// packages on disk, as graph.Load runs it for select.
func BenchmarkInfer2000(b *testing.B) {
	dir := b.TempDir()
	genMonorepo(b, dir, 1000, 1000)
	fsys := os.DirFS(dir)
	benchInfer(b, fsys, infer.Options{}, 2000)
}

// BenchmarkInfer2000Listed: the same inference over a ListFS that lists
// every file and names its directory, as the selector gives the work tree
// with its git index (on Linux, each manifest is one openat2).
func BenchmarkInfer2000Listed(b *testing.B) {
	dir := b.TempDir()
	genMonorepo(b, dir, 1000, 1000)
	fsys := osListFS{listFS{os.DirFS(dir), everyFile(b, dir)}, dir}
	benchInfer(b, fsys, infer.Options{}, 2000)
}

// genPnpmLock writes a pnpm v9 lockfile of n packages and importers
// workspace packages; bump changes one package's version.
func genPnpmLock(n, importers int, bump bool) []byte {
	rng := rand.New(rand.NewPCG(3, 4))
	var b strings.Builder
	b.WriteString("lockfileVersion: '9.0'\n\nsettings:\n  autoInstallPeers: true\n\nimporters:\n\n  .: {}\n")
	ver := func(i int) string {
		if bump && i == n/2 {
			return "1.0.1"
		}
		return "1.0.0"
	}
	for i := range importers {
		fmt.Fprintf(&b, "\n  packages/p%04d:\n    dependencies:\n", i)
		for range 5 {
			j := rng.IntN(n)
			fmt.Fprintf(&b, "      pkg%05d:\n        specifier: ^1.0.0\n        version: %s\n", j, ver(j))
		}
	}
	b.WriteString("\npackages:\n")
	for i := range n {
		fmt.Fprintf(&b, "\n  pkg%05d@%s:\n    resolution: {integrity: sha512-%08x}\n    engines: {node: '>=18'}\n", i, ver(i), i)
	}
	b.WriteString("\nsnapshots:\n")
	for i := range n {
		fmt.Fprintf(&b, "\n  pkg%05d@%s:", i, ver(i))
		if i > 0 {
			b.WriteString("\n    dependencies:\n")
			for range 3 {
				j := rng.IntN(i)
				fmt.Fprintf(&b, "      pkg%05d: %s\n", j, ver(j))
			}
		} else {
			b.WriteString(" {}\n")
		}
	}
	return []byte(b.String())
}

// BenchmarkComparePnpm50k: a 50,000-package pnpm-lock.yaml, one version
// bumped, against 1,000 workspace packages.
func BenchmarkComparePnpm50k(b *testing.B) {
	dir := b.TempDir()
	genMonorepo(b, dir, 0, 1000)
	res, err := infer.Infer(context.Background(), os.DirFS(dir), infer.Options{})
	if err != nil {
		b.Fatal(err)
	}
	base, head := genPnpmLock(50000, 1000, false), genPnpmLock(50000, 1000, true)
	b.SetBytes(int64(len(base) + len(head)))
	b.ReportAllocs()
	b.ResetTimer()
	cpu, n := cpuTime(), 0
	for b.Loop() {
		got := res.CompareLock("pnpm-lock.yaml", base, head)
		if got.All || len(got.Services) == 0 {
			b.Fatalf("%+v", got)
		}
		n++
	}
	b.ReportMetric(float64(cpuTime()-cpu)/float64(n)/1e6, "cpu-ms/op")
}

// genGoWork writes a go.work workspace of mods modules, each with four
// packages of two files, every file importing three standard packages and
// six packages of earlier modules.
func genGoWork(tb testing.TB, dir string, mods int) {
	tb.Helper()
	rng := rand.New(rand.NewPCG(5, 6))
	write := func(name, content string) { writeFile(tb, dir, name, content) }
	var work strings.Builder
	work.WriteString("go 1.22\n\nuse (\n")
	for i := range mods {
		fmt.Fprintf(&work, "\t./m%04d\n", i)
		write(fmt.Sprintf("m%04d/go.mod", i), fmt.Sprintf("module example.com/m%04d\n\ngo 1.22\n", i))
		for pkg := range 4 {
			for f := range 2 {
				var b strings.Builder
				fmt.Fprintf(&b, "package p%d\n\nimport (\n\t\"context\"\n\t\"fmt\"\n\t\"strings\"\n\n", pkg)
				for range min(i, 6) {
					fmt.Fprintf(&b, "\t_ \"example.com/m%04d/p%d\"\n", rng.IntN(i), rng.IntN(4))
				}
				b.WriteString(")\n\nvar _ = fmt.Sprint\n")
				write(fmt.Sprintf("m%04d/p%d/f%d.go", i, pkg, f), b.String())
			}
		}
	}
	write("go.work", work.String()+")\n")
}

// BenchmarkInferGoWork: the Go imports of a go.work workspace of 500
// modules and 4,000 Go files, listed as the selector lists the work tree.
func BenchmarkInferGoWork(b *testing.B) {
	dir := b.TempDir()
	genGoWork(b, dir, 500)
	fsys := osListFS{listFS{os.DirFS(dir), everyFile(b, dir)}, dir}
	opt := infer.Options{Ecosystems: []infer.Ecosystem{infer.Go}}
	benchInfer(b, fsys, opt, 500)
}

// BenchmarkInferCargo: a Cargo workspace of 300 crates, each with ten
// path dependencies on earlier crates and twenty from the registry.
func BenchmarkInferCargo(b *testing.B) {
	dir := b.TempDir()
	rng := rand.New(rand.NewPCG(7, 8))
	write := func(name, content string) { writeFile(b, dir, name, content) }
	write("Cargo.toml", "[workspace]\nmembers = [\"crates/*\"]\n")
	for i := range 300 {
		var c strings.Builder
		fmt.Fprintf(&c, "[package]\nname = \"c%03d\"\nversion = \"0.1.0\"\n\n[dependencies]\n", i)
		for k := range 20 {
			fmt.Fprintf(&c, "reg%02d = \"1.0\"\n", k)
		}
		for _, j := range rng.Perm(i)[:min(i, 10)] {
			fmt.Fprintf(&c, "c%03d = { path = \"../c%03d\" }\n", j, j)
		}
		write(fmt.Sprintf("crates/c%03d/Cargo.toml", i), c.String())
	}
	fsys := osListFS{listFS{os.DirFS(dir), everyFile(b, dir)}, dir}
	opt := infer.Options{Ecosystems: []infer.Ecosystem{infer.Cargo}}
	benchInfer(b, fsys, opt, 300)
}
