package graph

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/internal/gittest"
	"github.com/gatesel/gatesel/selector/gitrepo"
)

// TestLoadCachedTreeSkip: in a revision's tree (gitrepo's TreeFS), a hit
// whose root file is the blob recorded and whose include directories are
// the trees recorded neither reads the root file nor lists or reads a
// fragment: it holds even once their blobs and the trees below services/
// are gone from the object store (a partial clone that never fetched
// them). An entry found by walking (a file beside the fragments changed)
// is written again with the new trees, and then needs no walk. A
// fragment edited below the directory, or one read through a link out of
// it whose target changed, is read again, and each load is Load's; an
// entry written from a work tree (no trees recorded) is checked file by
// file.
func TestLoadCachedTreeSkip(t *testing.T) {
	ctx := context.Background()
	g := gittest.New(t)
	dir := filepath.Join(t.TempDir(), "policy-cache")
	treeOf := func(rev string) fs.FS {
		t.Helper()
		repo, err := gitrepo.Open(ctx, g.Dir)
		require.NoError(t, err)
		t.Cleanup(func() { repo.Close() })
		fsys, err := repo.TreeFS(ctx, rev)
		require.NoError(t, err)
		return fsys
	}
	// load loads rev's policy twice through the cache (a miss or a hit,
	// then a hit) and requires Load's result both times.
	load := func(rev string) *Graph {
		t.Helper()
		var got *Graph
		for range 2 {
			fsys := treeOf(rev)
			gr, warns, err := LoadCached(fsys, "gates.yaml", dir)
			requireSameLoad(t, fsys, "gates.yaml", gr, warns, err)
			got = gr
		}
		return got
	}
	g.Commit("one", map[string]string{
		"gates.yaml":            "version: 1\ninclude: [\"services/*/gates.yaml\", \"owners.yaml\"]\ngates:\n  unit: {run: x}\n",
		"owners.yaml":           "domains:\n  d1: {owners: [\"@one\"]}\n",
		"services/a/gates.yaml": "services:\n  a: {paths: [\"**\"], gates: [unit]}\n",
		"services/b/gates.yaml": "services:\n  b: {paths: [\"**\"], gates: [unit]}\n",
		"services/b/main.go":    "package b\n",
	})
	one := load("HEAD")
	require.Contains(t, one.Services, "b")

	// the entry is used without the objects below services/
	withoutObjects := func(step string) {
		t.Helper()
		gone := []string{"HEAD:gates.yaml", "HEAD:owners.yaml", "HEAD:services/a", "HEAD:services/b", "HEAD:services/a/gates.yaml", "HEAD:services/b/gates.yaml"}
		saved := map[string][]byte{}
		for _, rev := range gone {
			obj := objectPath(g, g.Git("rev-parse", rev))
			data, err := os.ReadFile(obj)
			require.NoError(t, err)
			saved[obj] = data
		}
		for obj := range saved {
			require.NoError(t, os.Remove(obj))
		}
		_, _, err := Load(treeOf("HEAD"), "gates.yaml")
		require.Error(t, err, "%s: the objects are gone: Load reads them", step)
		hit, warns, err := LoadCached(treeOf("HEAD"), "gates.yaml", dir)
		require.NoError(t, err, step)
		assert.Empty(t, warns)
		want, wantT := forCompare(one)
		got, gotT := forCompare(hit)
		assert.Equal(t, want, got, step)
		assert.Equal(t, wantT, gotT, step)
		for obj, data := range saved {
			require.NoError(t, os.WriteFile(obj, data, 0o444))
		}
	}
	withoutObjects("one")

	// a file beside the fragments changes services/'s tree, not the
	// fragments: the entry is found by walking, and written again with
	// the new tree, so the next load needs no walk
	g.Commit("one more", map[string]string{"services/b/main.go": "package b // more\n"})
	load("HEAD")
	withoutObjects("one more")

	// a literal include is recorded by its blob (its directory, the
	// root, changes with every commit): edited, it is read again
	g.Commit("owners", map[string]string{"owners.yaml": "domains:\n  d2: {owners: [\"@two\"]}\n"})
	assert.Contains(t, load("HEAD").Domains, "d2")

	// a fragment edited below services/: read again
	g.Commit("two", map[string]string{"services/a/gates.yaml": "services:\n  a: {paths: [\"src/**\"], gates: [unit]}\n"})
	assert.Equal(t, []string{"services/a/src/**"}, load("HEAD").Services["a"].Paths)

	// a fragment that is a link out of services/: its target's change
	// leaves services/ as it was, and is read
	require.NoError(t, os.MkdirAll(filepath.Join(g.Dir, "services/c"), 0o755))
	require.NoError(t, os.Symlink("../../common/c.yaml", filepath.Join(g.Dir, "services/c/gates.yaml")))
	g.Commit("three", map[string]string{"common/c.yaml": "services:\n  c: {paths: [\"**\"], gates: [unit]}\n"})
	assert.Equal(t, []string{"services/c/**"}, load("HEAD").Services["c"].Paths)
	g.Commit("four", map[string]string{"common/c.yaml": "services:\n  c: {paths: [\"api/**\"], gates: [unit]}\n"})
	require.Equal(t, g.Git("rev-parse", "HEAD~1:services"), g.Git("rev-parse", "HEAD:services"))
	assert.Equal(t, []string{"services/c/api/**"}, load("HEAD").Services["c"].Paths)

	// an entry of the work tree's records no tree: a lookup in the
	// revision reads the fragments (and fails to, without their blobs)
	dir = filepath.Join(t.TempDir(), "policy-cache")
	_, _, err := LoadCached(os.DirFS(g.Dir), "gates.yaml", dir)
	require.NoError(t, err)
	hit, _, err := LoadCached(treeOf("HEAD"), "gates.yaml", dir)
	require.NoError(t, err)
	assert.Equal(t, []string{"services/c/api/**"}, hit.Services["c"].Paths)
	require.NoError(t, os.Remove(objectPath(g, g.Git("rev-parse", "HEAD:services/b/gates.yaml"))))
	_, _, err = LoadCached(treeOf("HEAD"), "gates.yaml", dir)
	require.Error(t, err)
}

// objectPath is the file of a loose object.
func objectPath(g *gittest.Repo, name string) string {
	return filepath.Join(g.Dir, ".git", "objects", name[:2], name[2:])
}
