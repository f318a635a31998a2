package gitrepo

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/gatesel/gatesel/internal/gittest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cacheTreeRepo is a committed tree of nested directories (loose objects).
func cacheTreeRepo(t *testing.T) *gittest.Repo {
	g := gittest.New(t)
	files := map[string]string{"top.txt": "t"}
	for i := range 3 {
		for j := range 3 {
			files["d"+strconv.Itoa(i)+"/e"+strconv.Itoa(j)+"/f.txt"] = "x" + strconv.Itoa(i*3+j)
		}
		files["d"+strconv.Itoa(i)+"/g.txt"] = "y"
	}
	g.Commit("one", files)
	return g
}

// removeObject deletes the loose object h of the repository.
func removeObject(t *testing.T, g *gittest.Repo, h string) {
	name := filepath.Join(g.Dir, ".git", "objects", h[:2], h[2:])
	require.NoError(t, os.Chmod(name, 0o644))
	require.NoError(t, os.Remove(name))
}

// TestUncommittedCacheTreeSkipsTrees: with the cache-tree git wrote, the
// trees of unchanged directories are not read: a repository whose tree
// d0/e1 (and, on a clean index, the root's subtrees) is missing from the
// store still lists git's changes. Once a staged edit invalidates the
// cache-tree there, the tree is needed, and its absence is the error.
func TestUncommittedCacheTreeSkipsTrees(t *testing.T) {
	g := cacheTreeRepo(t)
	removeObject(t, g, g.Git("rev-parse", "HEAD:d0/e1"))
	removeObject(t, g, g.Git("rev-parse", "HEAD:d2"))
	got, err := gitOpen(g).Uncommitted(context.Background())
	require.NoError(t, err)
	assert.Empty(t, got, "a clean index: not a tree read")

	g.Write(map[string]string{"d1/e2/f.txt": "staged", "d0/g.txt": "unstaged", "d2/new.txt": "untracked"})
	g.Git("add", "d1/e2/f.txt")
	got, err = gitOpen(g).Uncommitted(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []Change{{Path: "d0/g.txt", Status: Modified}, {Path: "d1/e2/f.txt", Status: Modified}, {Path: "d2/new.txt", Status: Added}}, got)

	g.Write(map[string]string{"d0/e1/f.txt": "staged too"})
	g.Git("add", "d0/e1/f.txt") // invalidates d0/e1 and d0: their trees are read
	_, err = gitOpen(g).Uncommitted(context.Background())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "d0/e1")
}

// TestUncommittedCacheTreeAgreesWithGit: staged edits, additions,
// deletions, an intent-to-add entry, a file replaced by a directory in
// the index and an index without a cache-tree give git status's paths.
func TestUncommittedCacheTreeAgreesWithGit(t *testing.T) {
	for _, tc := range []struct {
		name string
		do   func(g *gittest.Repo)
	}{
		{"staged edit deep", func(g *gittest.Repo) {
			g.Write(map[string]string{"d1/e1/f.txt": "changed"})
			g.Git("add", "-A")
		}},
		{"staged addition and deletion", func(g *gittest.Repo) {
			g.Write(map[string]string{"d2/e0/new.txt": "n", "d0/g.txt": "-"})
			g.Git("add", "-A")
		}},
		{"rm --cached", func(g *gittest.Repo) { g.Git("rm", "-q", "--cached", "d1/g.txt") }},
		{"intent to add", func(g *gittest.Repo) {
			g.Write(map[string]string{"d1/e0/ita.txt": "i"})
			g.Git("add", "-N", "d1/e0/ita.txt")
		}},
		{"file to directory", func(g *gittest.Repo) {
			g.Write(map[string]string{"top.txt": "-"})
			g.Write(map[string]string{"top.txt/inner": "i"})
			g.Git("add", "-A")
		}},
		{"no cache-tree", func(g *gittest.Repo) {
			g.Write(map[string]string{"d2/e2/f.txt": "changed"})
			g.Git("add", "-A")
			g.Git("read-tree", "--empty")
			g.Git("update-index", "--add", "--cacheinfo", "100644,"+g.Git("rev-parse", "HEAD:top.txt")+",top.txt")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := cacheTreeRepo(t)
			tc.do(g)
			got := uncommittedPaths(t, g, nil)
			want := gitStatusPorcelain(t, func(args ...string) (string, error) {
				cmd := exec.Command("git", args...)
				cmd.Dir, cmd.Env = g.Dir, gittest.Env(0)
				out, err := cmd.Output()
				return string(out), err
			})
			require.NotEmpty(t, want)
			assert.Equal(t, want, got)
		})
	}
}
