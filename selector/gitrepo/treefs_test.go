package gitrepo_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/gatesel/gatesel/internal/gittest"
	"github.com/gatesel/gatesel/selector/gitrepo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTreeFS(t *testing.T) {
	ctx := context.Background()
	g := gittest.New(t)
	g.Commit("base", map[string]string{
		"gates.yaml": "version: 1\n", "services/a/gates.yaml": "a", "services/b/gates.yaml": "b",
		"services/b/main.go": "package b", "a.b": "x", "a/c": "y",
	})
	require.NoError(t, os.Symlink("gates.yaml", filepath.Join(g.Dir, "link")))
	g.Git("add", "link")
	g.Git("commit", "-q", "-m", "link")
	g.Git("tag", "base")
	g.Commit("head", map[string]string{"gates.yaml": "version: 2\n", "services/c/gates.yaml": "c"})

	r := gitOpen(g)
	fsys, err := r.TreeFS(ctx, "base")
	require.NoError(t, err)

	data, err := fs.ReadFile(fsys, "gates.yaml")
	require.NoError(t, err)
	assert.Equal(t, "version: 1\n", string(data), "the file as of the base revision")

	matches, err := doublestar.Glob(fsys, "services/*/gates.yaml")
	require.NoError(t, err)
	assert.Equal(t, []string{"services/a/gates.yaml", "services/b/gates.yaml"}, matches)

	matches, err = doublestar.Glob(fsys, "**/*.go")
	require.NoError(t, err)
	assert.Equal(t, []string{"services/b/main.go"}, matches)

	_, err = fs.ReadFile(fsys, "services/c/gates.yaml")
	assert.ErrorIs(t, err, fs.ErrNotExist)
	_, err = fs.ReadFile(fsys, "../x")
	assert.ErrorIs(t, err, fs.ErrInvalid)

	require.NoError(t, fstest.TestFS(fsys, "gates.yaml", "a.b", "a/c", "link", "services/b/main.go"))

	_, err = r.TreeFS(ctx, "nope")
	assert.ErrorIs(t, err, gitrepo.ErrNoBase)
}

// TestTreeFSGitBlob: a regular or executable file's blob name is git's,
// read from the tree alone; a directory, a link, a submodule or a missing
// path has none. GitTree is the same for directories: git's name of the
// tree of the root or of a directory reached through directories only.
func TestTreeFSGitBlob(t *testing.T) {
	ctx := context.Background()
	g := gittest.New(t)
	g.Commit("one", map[string]string{"a/b.go": "package b\n", "run.sh": "#!/bin/sh\n"})
	require.NoError(t, os.Chmod(filepath.Join(g.Dir, "run.sh"), 0o755))
	require.NoError(t, os.Symlink("a/b.go", filepath.Join(g.Dir, "link")))
	g.Git("add", "-A")
	g.Git("update-index", "--add", "--cacheinfo", "160000,"+g.Git("rev-parse", "HEAD")+",sub")
	g.Git("commit", "-q", "-m", "two")
	repo, err := gitrepo.Open(ctx, g.Dir)
	require.NoError(t, err)
	defer repo.Close()
	fsys, err := repo.TreeFS(ctx, "HEAD")
	require.NoError(t, err)
	blobs := fsys.(interface{ GitBlob(string) (string, bool) })
	for _, p := range []string{"a/b.go", "run.sh"} {
		h, ok := blobs.GitBlob(p)
		assert.True(t, ok, p)
		assert.Equal(t, g.Git("rev-parse", "HEAD:"+p), h, p)
	}
	for _, p := range []string{"a", "link", "sub", "missing.go", "a/b.go/c", "."} {
		_, ok := blobs.GitBlob(p)
		assert.False(t, ok, p)
	}
	trees := fsys.(interface{ GitTree(string) (string, bool) })
	for p, rev := range map[string]string{".": "HEAD^{tree}", "a": "HEAD:a"} {
		h, ok := trees.GitTree(p)
		assert.True(t, ok, p)
		assert.Equal(t, g.Git("rev-parse", rev), h, p)
	}
	require.NoError(t, os.Symlink("a", filepath.Join(g.Dir, "dirlink")))
	g.Git("add", "-A")
	g.Git("commit", "-q", "-m", "three")
	fsys3, err := repo.TreeFS(ctx, "HEAD")
	require.NoError(t, err)
	trees = fsys3.(interface{ GitTree(string) (string, bool) })
	for _, p := range []string{"a/b.go", "link", "dirlink", "sub", "missing", "a/missing", "dirlink/x", "/a", "a/"} {
		_, ok := trees.GitTree(p)
		assert.False(t, ok, p)
	}
	require.NoError(t, repo.Close())
	_, ok := blobs.GitBlob("a/b.go")
	assert.False(t, ok, "closed")
	_, ok = trees.GitTree("a")
	assert.False(t, ok, "closed")
}
