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
