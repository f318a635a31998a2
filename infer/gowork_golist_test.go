package infer_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/infer"
)

// genImportWorkspace writes a go.work workspace of local modules only
// (no requires, no network): modules import earlier ones (a DAG, so the
// go tool reports no cycle) from every kind of file the go tool may or
// may not build: plain, _test.go (in-package and external), a _windows.go
// name, //go:build windows, integration and ignore; and from files the
// go tool never counts for the module, which import later ones: under
// testdata/, vendor/, _x/, .x/, a _-named file and a nested module outside
// the workspace. example.com/m0/inner is a workspace module nested in
// m0's directory.
func genImportWorkspace(t *testing.T, n int) (dir string, mods []string) {
	dir = t.TempDir()
	rng := rand.New(rand.NewPCG(5, 6))
	type mod struct{ path, dir string }
	var ms []mod
	for i := range n {
		ms = append(ms, mod{fmt.Sprintf("example.com/m%d", i), fmt.Sprintf("mods/m%d", i)})
		if i == 0 {
			ms = append(ms, mod{"example.com/m0/inner", "mods/m0/inner"})
		}
	}
	write := func(name, content string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
	pkgOf := func(j int) string {
		if rng.IntN(2) == 0 {
			return ms[j].path
		}
		return ms[j].path + "/sub"
	}
	imports := func(i int, later bool) string {
		var b strings.Builder
		b.WriteString("import (\n\t\"fmt\"\n")
		for range 1 + rng.IntN(2) {
			if later && i+1 < len(ms) {
				fmt.Fprintf(&b, "\t_ %q\n", pkgOf(i+1+rng.IntN(len(ms)-i-1)))
			} else if !later && i > 0 && rng.IntN(3) > 0 {
				fmt.Fprintf(&b, "\t_ %q\n", pkgOf(rng.IntN(i)))
			}
		}
		b.WriteString(")\n\nvar _ = fmt.Sprint\n")
		return b.String()
	}
	var use strings.Builder
	use.WriteString("go 1.22\n\nuse (\n")
	for i, m := range ms {
		fmt.Fprintf(&use, "\t./%s\n", m.dir)
		mods = append(mods, m.dir)
		name := fmt.Sprintf("p%d", i)
		write(m.dir+"/go.mod", fmt.Sprintf("module %s\n\ngo 1.22\n", m.path))
		for file, head := range map[string]string{
			"a.go":         "// Package " + name + ".\npackage " + name + "\n\n",
			"a_test.go":    "package " + name + "\n\n",
			"x_test.go":    "package " + name + "_test\n\n",
			"w_windows.go": "package " + name + "\n\n",
			"tag.go":       "//go:build integration\n\npackage " + name + "\n\n",
			"gen.go":       "//go:build ignore\n\npackage " + name + "\n\n",
			"sub/s.go":     "/* Package sub. */\npackage sub\n\n",
		} {
			write(m.dir+"/"+file, head+imports(i, false))
		}
		for _, file := range []string{"testdata/t.go", "vendor/v/v.go", "_x/x.go", ".x/x.go", "_a.go"} {
			write(m.dir+"/"+file, "package q\n\n"+imports(i, true))
		}
		if i == 2 {
			write(m.dir+"/extra/go.mod", "module example.com/extra\n\ngo 1.22\n")
			write(m.dir+"/extra/e.go", "package extra\n\n"+imports(i, true))
		}
	}
	write("go.work", use.String()+")\n")
	return dir, mods
}

// goListEdges are the module edges the go tool sees in the workspace at
// dir, for one build configuration: from each workspace module to the
// workspace module of every package its packages and tests import.
func goListEdges(t *testing.T, dir string, mods []string, env ...string) map[[2]string]bool {
	var pats []string
	for _, m := range mods {
		pats = append(pats, "./"+m+"/...")
	}
	cmd := exec.Command("go", append([]string{"list", "-e", "-deps", "-test", "-json"}, pats...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), append([]string{"GOFLAGS=", "GOPROXY=off", "GOTOOLCHAIN=local", "GO111MODULE=on", "GOWORK="}, env...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, stderr.String())
	type pkg struct {
		ImportPath string
		Imports    []string
		Module     *struct{ Dir string }
		Error      *struct{ Err string }
	}
	pkgs := map[string]pkg{}
	for dec := json.NewDecoder(bytes.NewReader(out)); ; {
		var p pkg
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else {
			require.NoError(t, err)
		}
		pkgs[p.ImportPath] = p
	}
	modOf := func(p pkg) string {
		if p.Module == nil {
			return ""
		}
		rel, err := filepath.Rel(dir, p.Module.Dir)
		require.NoError(t, err)
		return filepath.ToSlash(rel)
	}
	edges := map[[2]string]bool{}
	for _, p := range pkgs {
		a := modOf(p)
		if !slices.Contains(mods, a) {
			continue
		}
		require.Nil(t, p.Error, p.ImportPath)
		for _, imp := range p.Imports {
			if b := modOf(pkgs[imp]); b != a && slices.Contains(mods, b) {
				edges[[2]string{a, b}] = true
			}
		}
	}
	return edges
}

// TestGoWorkImportsAgreeWithGoList: on a generated workspace, the edges
// inferred in go.work mode are exactly the go tool's (`go list -e -deps
// -test`), united over two builds that between them compile every file
// (linux; windows with the tags integration and ignore), whether the
// files are walked or listed.
func TestGoWorkImportsAgreeWithGoList(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Fatal("the go tool is needed: ", err)
	}
	dir, mods := genImportWorkspace(t, 12)
	want := goListEdges(t, dir, mods, "GOOS=linux")
	windows := goListEdges(t, dir, mods, "GOOS=windows", "GOFLAGS=-tags=integration,ignore")
	require.NotEqual(t, want, windows, "the two builds see different files")
	for e := range windows {
		want[e] = true
	}
	for name, fsys := range listings(dir, everyFile(t, dir)) {
		checkGoEdges(t, name, fsys, want)
	}
	checkGoEdges(t, "walk", os.DirFS(dir), want)
}

// checkGoEdges infers the Go graph of fsys and compares its edges, by
// directory, with want.
func checkGoEdges(t *testing.T, name string, fsys fs.FS, want map[[2]string]bool) {
	t.Helper()
	res, err := infer.Infer(context.Background(), fsys, infer.Options{Ecosystems: []infer.Ecosystem{infer.Go}})
	require.NoError(t, err, name)
	dirs := map[string]string{}
	for _, s := range res.Services {
		dirs[s.Name] = s.Dir
	}
	got := map[[2]string]bool{}
	for _, s := range res.Services {
		for _, e := range s.DependsOn {
			got[[2]string{s.Dir, dirs[e.To]}] = true
		}
	}
	require.NotEmpty(t, want)
	require.Equal(t, want, got, name)
}

// TestGoWorkImportsFailSafe: a Go file whose import block does not parse
// gives its module an edge to every other workspace module, positioned at
// the error; the rest of a file is never read, so a broken body changes
// nothing; an import of a missing package of a module is an edge to it
// (generated before the build).
func TestGoWorkImportsFailSafe(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"go.work":  "go 1.22\n\nuse (\n\t./a\n\t./b\n\t./c\n\t./d\n)\n",
		"a/go.mod": "module example.com/a\n", "a/x.go": "package a\n\nimport bad\n",
		"b/go.mod": "module example.com/b\n", "b/y.go": "package b\n\nimport \"example.com/c/gen\"\n\nfunc f() { ((( broken\n",
		"c/go.mod": "module example.com/c\n", "c/z.go": "package c\n",
		"d/go.mod": "module example.com/d\n",
	})
	for name, fsys := range map[string]fs.FS{"walk": os.DirFS(dir), "list": listings(dir, everyFile(t, dir))["openat2"]} {
		res, err := infer.Infer(context.Background(), fsys, infer.Options{})
		require.NoError(t, err, name)
		require.Equal(t, "a go a a/go.mod example.com/a -> b@a/x.go:3:11 c@a/x.go:3:11 d@a/x.go:3:11\n"+
			"b go b b/go.mod example.com/b -> c@b/y.go:3:8\n"+
			"c go c c/go.mod example.com/c ->\n"+
			"d go d d/go.mod example.com/d ->\n", summary(res), name)
	}
}

// TestGoWorkImportsLinks: a Go file that is a link inside the repository
// is read through it, as the go tool reads it; one leaving the repository
// is never read, and its module depends on every workspace module.
func TestGoWorkImportsLinks(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"go.work":  "go 1.22\n\nuse (\n\t./a\n\t./b\n\t./c\n)\n",
		"a/go.mod": "module example.com/a\n", "b/go.mod": "module example.com/b\n", "c/go.mod": "module example.com/c\n",
		"common/imp.txt": "package x\n\nimport \"example.com/c\"\n",
	})
	outside := writeTree(t, map[string]string{"x.go": "package x\n\nimport \"example.com/a\"\n"})
	require.NoError(t, os.Symlink("../common/imp.txt", filepath.Join(dir, "a", "l.go")))
	require.NoError(t, os.Symlink(filepath.Join(outside, "x.go"), filepath.Join(dir, "b", "out.go")))
	for name, fsys := range map[string]fs.FS{"walk": os.DirFS(dir), "lstat": listings(dir, everyFile(t, dir))["lstat"], "openat2": listings(dir, everyFile(t, dir))["openat2"]} {
		res, err := infer.Infer(context.Background(), fsys, infer.Options{})
		require.NoError(t, err, name)
		require.Equal(t, "a go a a/go.mod example.com/a -> c@a/l.go:3:8\n"+
			"b go b b/go.mod example.com/b -> a@b/out.go:1 c@b/out.go:1\n"+
			"c go c c/go.mod example.com/c ->\n", summary(res), name)
	}
}

// TestGoWorkImportsMissingPackage: an import of a package no module has
// the directory of (generated before the build) goes to the module of the
// longest path prefix, the nested one, not to the first module listed.
func TestGoWorkImportsMissingPackage(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"go.work":    "go 1.22\n\nuse (\n\t.\n\t./sub\n\t./c\n)\n",
		"go.mod":     "module ex.com/x\n",
		"x.go":       "package x\n",
		"sub/go.mod": "module ex.com/x/sub\n",
		"sub/s.go":   "package sub\n",
		"c/go.mod":   "module ex.com/c\n",
		"c/c.go":     "package c\n\nimport \"ex.com/x/sub/gen\"\n",
	})
	res, err := infer.Infer(context.Background(), os.DirFS(dir), infer.Options{})
	require.NoError(t, err)
	require.Equal(t, "c go c c/go.mod ex.com/c -> sub@c/c.go:3:8\n"+
		"root go . go.mod ex.com/x ->\n"+
		"sub go sub sub/go.mod ex.com/x/sub ->\n", summary(res))
}
