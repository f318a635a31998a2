package infer_test

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/infer"
	"github.com/gatesel/gatesel/internal/gittest"
	"github.com/gatesel/gatesel/selector/gitrepo"
)

// cachedFS lends Infer an import cache.
type cachedFS struct {
	infer.ListFS
	cache *infer.ImportCache
}

func (c cachedFS) ImportCache() *infer.ImportCache { return c.cache }
func (c cachedFS) OSDir() string                   { return c.ListFS.(interface{ OSDir() string }).OSDir() }

// cachedTree lends Infer an import cache through a revision's tree.
type cachedTree struct {
	tree  gitTree
	cache *infer.ImportCache
}

type gitTree interface {
	fs.ReadDirFS
	fs.StatFS
	fs.ReadLinkFS
	GitBlob(string) (string, bool)
}

func (c cachedTree) Open(name string) (fs.File, error)          { return c.tree.Open(name) }
func (c cachedTree) ReadDir(name string) ([]fs.DirEntry, error) { return c.tree.ReadDir(name) }
func (c cachedTree) Stat(name string) (fs.FileInfo, error)      { return c.tree.Stat(name) }
func (c cachedTree) Lstat(name string) (fs.FileInfo, error)     { return c.tree.Lstat(name) }
func (c cachedTree) ReadLink(name string) (string, error)       { return c.tree.ReadLink(name) }
func (c cachedTree) GitBlob(name string) (string, bool)         { return c.tree.GitBlob(name) }
func (c cachedTree) ImportCache() *infer.ImportCache            { return c.cache }

// cacheWorkspace writes a go.work workspace of modules a, b, c and a/sub
// (nested), their Go files importing each other.
func cacheWorkspace() map[string]string {
	mod := func(p string) string { return "module example.com/" + p + "\n\ngo 1.22\n" }
	body := "\nfunc F() int {\n" + strings.Repeat("\treturn 1 + 2 + 3 + 4 + 5 + 6 + 7 + 8 + 9 // padding the file\n", 200) + "}\n"
	return map[string]string{
		"go.work":          "go 1.22\n\nuse (\n\t./a\n\t./a/sub\n\t./b\n\t./c\n)\n",
		"a/go.mod":         mod("a"),
		"a/sub/go.mod":     mod("a/sub"),
		"b/go.mod":         mod("b"),
		"c/go.mod":         mod("c"),
		"a/a.go":           "// Copyright\n\npackage a\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/b\"\n)\n\nvar _ = fmt.Sprint\nvar _ = b.F\n",
		"a/tag_linux.go":   "//go:build linux\n\npackage a\n\nimport _ \"example.com/c\"\n",
		"a/big.go":         "package a\n\nimport \"example.com/b/pkg\"\n\nvar _ = pkg.X\n" + body,
		"a/sub/s.go":       "package sub\n\nimport \"example.com/a\"\n\nvar _ = a.X\n",
		"a/sub/same.go":    "package sub\n\nimport \"example.com/b\"\n",
		"b/b.go":           "package b\n\nimport \"fmt\"\n\nfunc F() { fmt.Println() }\n",
		"b/pkg/p.go":       "package pkg\n\nvar X = 1\n",
		"b/testdata/t.go":  "package t\n\nimport \"example.com/c\"\n",
		"c/c.go":           "package c\n\nimport \"example.com/a/sub\"\n",
		"c/gen/ignored.go": "//go:build ignore\n\npackage main\n\nimport \"example.com/b\"\n",
	}
}

// TestImportCacheIsExact: the graphs of a head and its base inferred with
// a shared import cache are the graphs inferred without one, services,
// edges and positions, in either order, while the cache answers for every
// base Go file whose content the other side read whole. The head commit
// edits a manifest and adds and removes imports (in files under and over
// the first read's size, a build-tagged file, a nested module's file, a
// file copied to another path), and the work tree edits one file more
// than the commit, so a path's content differs between the index and the
// file read.
func TestImportCacheIsExact(t *testing.T) {
	g := gittest.New(t)
	files := cacheWorkspace()
	base := g.Commit("base", files)
	big := files["a/big.go"]
	g.Write(map[string]string{"a/link.go": "-"})
	require.NoError(t, os.Symlink("a.go", filepath.Join(g.Dir, "a", "link.go")))
	g.Git("add", "-A")
	g.Git("commit", "-q", "-m", "a link")
	base = g.Git("rev-parse", "HEAD")
	head := g.Commit("head", map[string]string{
		"a/go.mod":         "module example.com/a\n\ngo 1.22\n\nrequire example.com/c v0.0.0\n",
		"a/a.go":           "// Copyright\n\npackage a\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/c\"\n)\n\nvar _ = fmt.Sprint\n",
		"a/big.go":         strings.Replace(big, "import \"example.com/b/pkg\"", "import (\n\t\"example.com/b/pkg\"\n\t\"example.com/c\"\n)", 1),
		"a/tag_linux.go":   "-",
		"a/tag_windows.go": "//go:build windows\n\npackage a\n\nimport _ \"example.com/a/sub\"\n",
		"a/sub/s.go":       "package sub\n",
		"b/copy.go":        files["a/a.go"], // the base's a/a.go, at another path
		"c/c.go":           "package c\n\nimport (\n\t\"example.com/a/sub\"\n\t\"example.com/b\"\n)\n",
	})
	g.Write(map[string]string{"b/b.go": "package b\n\nimport \"example.com/c\"\n"}) // not committed
	ctx := context.Background()
	repo, err := gitrepo.Open(ctx, g.Dir)
	require.NoError(t, err)
	defer repo.Close()
	baseTree, err := repo.TreeFS(ctx, base)
	require.NoError(t, err)
	headTree, err := repo.TreeFS(ctx, head)
	require.NoError(t, err)
	work := listings(g.Dir, everyFile(t, g.Dir))["openat2"]
	opt := infer.Options{Ecosystems: []infer.Ecosystem{infer.Go}}
	run := func(fsys fs.FS) *infer.Result {
		res, err := infer.Infer(ctx, fsys, opt)
		require.NoError(t, err)
		return res
	}
	wantBase, wantWork, wantHead := run(baseTree), run(work), run(headTree)
	require.NotEqual(t, wantBase, wantWork, "the test's two sides must differ")

	// the base Go files whose content the work tree holds at some path
	present := map[string]bool{}
	for _, p := range everyFile(t, g.Dir) {
		if strings.HasSuffix(p, ".go") && !strings.HasPrefix(p, ".git/") {
			present[g.Git("hash-object", "--no-filters", p)] = true
		}
	}
	shared := 0
	for _, line := range strings.Split(g.Git("ls-tree", "-r", base), "\n") {
		f := strings.Fields(line) // mode type hash path
		if f[0] != "120000" && strings.HasSuffix(f[3], ".go") && !strings.Contains(f[3], "testdata/") && present[f[2]] {
			shared++
		}
	}
	require.Greater(t, shared, 3)

	for _, order := range []string{"head first", "base first"} {
		t.Run(order, func(t *testing.T) {
			cache := &infer.ImportCache{}
			cw, cb := cachedFS{work, cache}, cachedTree{baseTree.(gitTree), cache}
			var gotWork, gotBase *infer.Result
			if order == "head first" {
				gotWork, gotBase = run(cw), run(cb)
			} else {
				gotBase, gotWork = run(cb), run(cw)
			}
			require.Equal(t, wantWork, gotWork)
			require.Equal(t, wantBase, gotBase)
			if _, hits := infer.CacheStats(cache); order == "head first" {
				require.Equal(t, shared, hits, "every shared base file is looked up, none read")
			}
			// the head's own tree, with the same cache: every file is known
			require.Equal(t, wantHead, run(cachedTree{headTree.(gitTree), cache}))
		})
	}
}

// TestImportCacheKeysTheContent: a file read whole is kept under git's
// name for its content, so a tree's blob of the same bytes finds it.
func TestImportCacheKeysTheContent(t *testing.T) {
	g := gittest.New(t)
	src := "package a\n\nimport \"example.com/b\"\n" + strings.Repeat("// more than the first read\n", 400)
	g.Commit("one", map[string]string{"go.work": "go 1.22\nuse ./a\n", "a/go.mod": "module example.com/a\n", "a/a.go": src, "b/go.mod": "module example.com/b\n"})
	ctx := context.Background()
	repo, err := gitrepo.Open(ctx, g.Dir)
	require.NoError(t, err)
	defer repo.Close()
	tree, err := repo.TreeFS(ctx, "HEAD")
	require.NoError(t, err)
	blob, ok := tree.(gitTree).GitBlob("a/a.go")
	require.True(t, ok)
	require.Equal(t, g.Git("rev-parse", "HEAD:a/a.go"), blob)
	_, ok = tree.(gitTree).GitBlob("a")
	require.False(t, ok, "a directory has no blob")
	cache := &infer.ImportCache{}
	_, err = infer.Infer(ctx, cachedFS{listings(g.Dir, everyFile(t, g.Dir))["openat2"], cache}, infer.Options{})
	require.NoError(t, err)
	_, err = infer.Infer(ctx, cachedTree{tree.(gitTree), cache}, infer.Options{})
	require.NoError(t, err)
	kept, hits := infer.CacheStats(cache)
	require.Equal(t, 1, hits, fmt.Sprint(kept, " kept"))
}
