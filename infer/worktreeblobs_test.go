//go:build linux

package infer_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/infer"
	"github.com/gatesel/gatesel/internal/gittest"
	"github.com/gatesel/gatesel/selector/gitrepo"
)

// besideWorkTree is a revision's tree that names the work tree, as the
// selector gives the base revision's.
type besideWorkTree struct {
	gitTree
	root string
}

type gitTree interface {
	fs.ReadDirFS
	fs.StatFS
	fs.ReadLinkFS
	GitBlob(string) (string, bool)
}

func (t besideWorkTree) WorkTree() string { return t.root }

// plainTree is a revision's tree without its blob names: every file is
// read from the object store, once per path.
type plainTree struct{ t gitTree }

func (p plainTree) Open(name string) (fs.File, error)          { return p.t.Open(name) }
func (p plainTree) ReadDir(name string) ([]fs.DirEntry, error) { return p.t.ReadDir(name) }
func (p plainTree) Stat(name string) (fs.FileInfo, error)      { return p.t.Stat(name) }
func (p plainTree) Lstat(name string) (fs.FileInfo, error)     { return p.t.Lstat(name) }
func (p plainTree) ReadLink(name string) (string, error)       { return p.t.ReadLink(name) }

// blobsWorkspace writes a go.work workspace of modules a, b, c and a/sub
// (nested), their Go files importing each other.
func blobsWorkspace() map[string]string {
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
		"a/dup.go":         "package a\n\nimport \"example.com/c\"\n", // one blob, two paths
		"b/dup.go":         "package a\n\nimport \"example.com/c\"\n",
		"b/pkg/p.go":       "package pkg\n\nvar X = 1\n",
		"b/big.go":         "package b\n\nimport \"example.com/a/sub\"\n\nvar _ = sub.X\n" + body,
		"b/testdata/t.go":  "package t\n\nimport \"example.com/c\"\n",
		"c/c.go":           "package c\n\nimport \"example.com/a/sub\"\n",
		"c/gen/ignored.go": "//go:build ignore\n\npackage main\n\nimport \"example.com/b\"\n",
	}
}

// TestWorkTreeBlobsAreExact: a base revision's tree read beside the work
// tree infers the graph the tree alone infers (services, edges,
// positions), and takes from the work tree exactly the Go files whose
// bytes there are the tree's blob. The head edits a manifest and adds and
// removes imports (in files under and over the first read's size, a
// build-tagged file, a nested module's file, a file copied to another
// path, one of two files of the same blob), the work tree edits one file
// more than the head commit, and the base has a link to a Go file.
func TestWorkTreeBlobsAreExact(t *testing.T) {
	g := gittest.New(t)
	files := blobsWorkspace()
	g.Commit("base", files)
	big := files["a/big.go"]
	g.Write(map[string]string{"a/link.go": "-"})
	require.NoError(t, os.Symlink("a.go", filepath.Join(g.Dir, "a", "link.go")))
	g.Git("add", "-A")
	g.Git("commit", "-q", "-m", "a link")
	base := g.Git("rev-parse", "HEAD")
	g.Commit("head", map[string]string{
		"a/go.mod":         "module example.com/a\n\ngo 1.22\n\nrequire example.com/c v0.0.0\n",
		"a/a.go":           "// Copyright\n\npackage a\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/c\"\n)\n\nvar _ = fmt.Sprint\n",
		"a/big.go":         strings.Replace(big, "import \"example.com/b/pkg\"", "import (\n\t\"example.com/b/pkg\"\n\t\"example.com/c\"\n)", 1),
		"a/tag_linux.go":   "-",
		"a/tag_windows.go": "//go:build windows\n\npackage a\n\nimport _ \"example.com/a/sub\"\n",
		"a/sub/s.go":       "package sub\n",
		"b/copy.go":        files["a/a.go"], // the base's a/a.go, at another path
		"c/c.go":           "package c\n\nimport (\n\t\"example.com/a/sub\"\n\t\"example.com/b\"\n)\n",
		"b/dup.go":         "package b\n",
	})
	g.Write(map[string]string{"b/b.go": "package b\n\nimport \"example.com/c\"\n"}) // not committed
	ctx := context.Background()
	repo, err := gitrepo.Open(ctx, g.Dir)
	require.NoError(t, err)
	defer repo.Close()
	baseTree, err := repo.TreeFS(ctx, base)
	require.NoError(t, err)
	work := listings(g.Dir, everyFile(t, g.Dir))["openat2"]
	opt := infer.Options{Ecosystems: []infer.Ecosystem{infer.Go}}
	run := func(fsys fs.FS) *infer.Result {
		res, err := infer.Infer(ctx, fsys, opt)
		require.NoError(t, err)
		return res
	}
	wantBase, wantWork := run(plainTree{baseTree.(gitTree)}), run(work)
	require.Equal(t, wantBase, run(baseTree), "the blob names alone (a blob read once)")
	require.NotEqual(t, wantBase, wantWork, "the test's two sides must differ")

	// the base's Go blobs that the work tree holds at their paths
	sharedBlobs := map[string]bool{}
	for _, line := range strings.Split(g.Git("ls-tree", "-r", base), "\n") {
		f := strings.Fields(line) // mode type hash path
		if f[0] == "120000" || !strings.HasSuffix(f[3], ".go") || strings.Contains(f[3], "testdata/") {
			continue
		}
		if st, err := os.Lstat(filepath.Join(g.Dir, f[3])); err == nil && st.Mode().IsRegular() && g.Git("hash-object", "--no-filters", f[3]) == f[2] {
			sharedBlobs[f[2]] = true
		}
	}
	require.Len(t, sharedBlobs, 5, "a/dup.go (also the base's b/dup.go), a/sub/same.go, b/big.go, b/pkg/p.go, c/gen/ignored.go")

	// The shared blobs are removed from the object store: the tree can no
	// longer give them, so the base's graph is only inferred again if
	// each of them is read from the work tree, and the others still are
	// from the tree.
	for h := range sharedBlobs {
		require.NoError(t, os.Remove(filepath.Join(g.Dir, ".git", "objects", h[:2], h[2:])))
	}
	repo2, err := gitrepo.Open(ctx, g.Dir)
	require.NoError(t, err)
	defer repo2.Close()
	baseTree2, err := repo2.TreeFS(ctx, base)
	require.NoError(t, err)
	require.NotEqual(t, wantBase, run(plainTree{baseTree2.(gitTree)}), "the tree alone cannot give the removed blobs (fail safe: edges to every module)")
	require.Equal(t, wantBase, run(besideWorkTree{baseTree2.(gitTree), g.Dir}))
	require.Equal(t, wantWork, run(work))
}

// sha256Tree is a revision's tree of a SHA-256 repository (which go-git,
// so gitrepo, does not read): its files, and the blob names git gives
// them (64 hex digits), beside the work tree.
type sha256Tree struct {
	fstest.MapFS
	blobs map[string]string
	root  string
}

func (t sha256Tree) GitBlob(name string) (string, bool) { h, ok := t.blobs[name]; return h, ok }
func (t sha256Tree) WorkTree() string                   { return t.root }

// TestWorkTreeBlobsSHA256: in a SHA-256 repository (git init
// --object-format=sha256), a Go file whose work-tree bytes are the tree's
// blob is read from the work tree too. The tree given to Infer has every
// Go file emptied but b/b.go, which the work tree edits after the commit:
// the graph is the revision's only if the other files are read from the
// work tree (their SHA-256 names match) and b/b.go from the tree (its
// name does not).
func TestWorkTreeBlobsSHA256(t *testing.T) {
	g := &gittest.Repo{T: t, Dir: t.TempDir()}
	if _, err := g.GitErr("init", "-q", "-b", "main", "--object-format=sha256"); err != nil {
		t.Skip("git cannot make a SHA-256 repository:", err)
	}
	g.Commit("base", blobsWorkspace())
	g.Write(map[string]string{"b/b.go": "package b\n\nimport \"example.com/c\"\n"}) // not committed
	full, emptied := fstest.MapFS{}, fstest.MapFS{}
	blobs := map[string]string{}
	for _, line := range strings.Split(g.Git("ls-tree", "-r", "HEAD"), "\n") {
		f := strings.Fields(line) // mode type hash path
		require.Len(t, f[2], 64, "a SHA-256 object name")
		blobs[f[3]] = f[2]
		file := &fstest.MapFile{Data: []byte(g.Git("cat-file", "blob", f[2]) + "\n"), Mode: 0o644}
		full[f[3]] = file
		emptied[f[3]] = file
		if strings.HasSuffix(f[3], ".go") && f[3] != "b/b.go" {
			emptied[f[3]] = &fstest.MapFile{Data: []byte("package x\n"), Mode: 0o644}
		}
	}
	ctx := context.Background()
	run := func(fsys fs.FS) *infer.Result {
		res, err := infer.Infer(ctx, fsys, infer.Options{Ecosystems: []infer.Ecosystem{infer.Go}})
		require.NoError(t, err)
		return res
	}
	want := run(full)
	require.NotEqual(t, want, run(emptied), "the test's two trees must differ")
	require.Equal(t, want, run(sha256Tree{emptied, blobs, g.Dir}))
}
