package gitrepo

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gatesel/gatesel/internal/gittest"
	"github.com/gatesel/gatesel/selector/gitrepo/internal/odb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// gitStatusPaths is the set of paths `git status --porcelain` lists.
func gitStatusPaths(g *gittest.Repo) []string {
	g.T.Helper()
	out, err := g.GitIn(g.Dir, "", "-c", "core.quotePath=false", "status", "--porcelain", "--untracked-files=all", "--no-renames")
	require.NoError(g.T, err)
	var ps []string
	for _, line := range strings.Split(out, "\n") {
		if len(line) > 3 {
			ps = append(ps, line[3:])
		}
	}
	sort.Strings(ps)
	return ps
}

func changePaths(cs []Change) []string {
	var ps []string
	for _, c := range cs {
		ps = append(ps, c.Path)
	}
	return ps
}

func TestUncommitted(t *testing.T) {
	ctx := context.Background()
	g := gittest.New(t)
	g.Commit("base", map[string]string{
		".gitignore": "*.log\nbuild/\n", "keep.txt": "k", "staged.txt": "s", "unstaged.txt": "u",
		"both.txt": "b", "gone.txt": "g", "staged-del.txt": "d", "same-size.txt": "aaaa",
		"sub/.gitignore": "local.tmp\n",
	})
	g.Write(map[string]string{"sub/tracked.log": "tracked although ignored"})
	g.Git("add", "-f", "sub/tracked.log")
	g.Git("commit", "-q", "-m", "force")
	// Let the index be older than the files changed below, so that the
	// stat comparison (not only hashing) decides.
	past := time.Now().Add(-time.Hour)
	for _, p := range []string{"keep.txt", "same-size.txt", "unstaged.txt", "both.txt"} {
		require.NoError(t, os.Chtimes(filepath.Join(g.Dir, p), past, past))
	}
	g.Git("update-index", "--refresh")

	g.Write(map[string]string{"staged.txt": "s2", "both.txt": "b2", "new-staged.txt": "n"})
	g.Git("add", "staged.txt", "both.txt", "new-staged.txt")
	g.Git("rm", "-q", "staged-del.txt")
	g.Write(map[string]string{
		"unstaged.txt": "u2", "both.txt": "b3", "gone.txt": "-", "same-size.txt": "bbbb",
		"untracked.txt": "x", "deep/dir/untracked.go": "x", "debug.log": "ignored",
		"build/out.bin": "ignored dir", "sub/local.tmp": "ignored by sub/.gitignore",
		"sub/other.tmp": "not ignored", "sub/tracked.log": "changed, tracked",
	})
	require.NoError(t, os.WriteFile(filepath.Join(g.Dir, ".git", "info", "exclude"), []byte("excluded.txt\n"), 0o644))
	g.Write(map[string]string{"excluded.txt": "excluded"})

	got, err := gitOpen(g).Uncommitted(ctx)
	require.NoError(t, err)
	assert.Equal(t, []Change{
		{"both.txt", Modified, ""},
		{"deep/dir/untracked.go", Added, ""},
		{"gone.txt", Deleted, ""},
		{"new-staged.txt", Added, ""},
		{"same-size.txt", Modified, ""},
		{"staged-del.txt", Deleted, ""},
		{"staged.txt", Modified, ""},
		{"sub/other.tmp", Added, ""},
		{"sub/tracked.log", Modified, ""},
		{"unstaged.txt", Modified, ""},
		{"untracked.txt", Added, ""},
	}, got)
	assert.Equal(t, gitStatusPaths(g), changePaths(got))
}

func TestUncommittedClean(t *testing.T) {
	g := gittest.New(t)
	g.Commit("base", map[string]string{"a.txt": "a", "d/b.txt": "b"})
	require.NoError(t, os.Symlink("a.txt", filepath.Join(g.Dir, "link")))
	g.Git("add", "link")
	g.Git("commit", "-q", "-m", "link")
	got, err := gitOpen(g).Uncommitted(context.Background())
	require.NoError(t, err)
	assert.Empty(t, got)
	assert.Empty(t, gitStatusPaths(g))
}

func TestUncommittedTypeChangeAndUnborn(t *testing.T) {
	ctx := context.Background()
	g := gittest.New(t)
	g.Write(map[string]string{"a.txt": "a"})
	g.Git("add", "a.txt")
	got, err := gitOpen(g).Uncommitted(ctx)
	require.NoError(t, err)
	assert.Equal(t, []Change{{"a.txt", Added, ""}}, got, "an unborn branch: everything staged is added")

	g.Git("commit", "-q", "-m", "one")
	g.Write(map[string]string{"a.txt": "-"})
	require.NoError(t, os.Symlink("elsewhere", filepath.Join(g.Dir, "a.txt")))
	got, err = gitOpen(g).Uncommitted(ctx)
	require.NoError(t, err)
	assert.Equal(t, []Change{{"a.txt", TypeChg, ""}}, got)
	assert.Equal(t, gitStatusPaths(g), changePaths(got))
}

func TestUncommittedBare(t *testing.T) {
	g := gittest.New(t)
	g.Commit("base", map[string]string{"a.txt": "a"})
	bare := filepath.Join(t.TempDir(), "bare.git")
	g.Git("clone", "-q", "--bare", g.Dir, bare)
	r, err := Open(context.Background(), bare)
	require.NoError(t, err)
	_, err = r.Uncommitted(context.Background())
	require.Error(t, err)
	assert.Equal(t, "list uncommitted changes: a bare repository has no work tree", err.Error())
}

// TestUncommittedNestedRepository: an untracked directory holding a
// repository of its own is one change, as git status lists it, and its
// files are not walked.
func TestUncommittedNestedRepository(t *testing.T) {
	g := gittest.New(t)
	g.Commit("base", map[string]string{"a.txt": "a"})
	inner := filepath.Join(g.Dir, "vendor", "inner")
	require.NoError(t, os.MkdirAll(inner, 0o755))
	_, err := g.GitIn(inner, "", "init", "-q")
	require.NoError(t, err)
	g.Write(map[string]string{"vendor/inner/x.go": "x", "vendor/loose.txt": "l"})
	got, err := gitOpen(g).Uncommitted(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []string{"vendor/inner", "vendor/loose.txt"}, changePaths(got))
	assert.Equal(t, []string{"vendor/inner/", "vendor/loose.txt"}, gitStatusPaths(g))
}

// TestUncommittedNamedPipe: a tracked file replaced by a named pipe, and an
// untracked pipe, are reported without being opened (opening a pipe with
// no writer blocks forever).
func TestUncommittedNamedPipe(t *testing.T) {
	g := gittest.New(t)
	g.Commit("base", map[string]string{"a.txt": "a", "b.txt": "b"})
	g.Write(map[string]string{"a.txt": "-"})
	require.NoError(t, syscall.Mkfifo(filepath.Join(g.Dir, "a.txt"), 0o644))
	require.NoError(t, syscall.Mkfifo(filepath.Join(g.Dir, "new.pipe"), 0o644))
	type result struct {
		got []Change
		err error
	}
	done := make(chan result, 1)
	go func() {
		got, err := gitOpen(g).Uncommitted(context.Background())
		done <- result{got, err}
	}()
	select {
	case r := <-done:
		require.NoError(t, r.err)
		assert.Equal(t, []Change{{"a.txt", TypeChg, ""}, {"new.pipe", Added, ""}}, r.got)
	case <-time.After(20 * time.Second):
		t.Fatal("Uncommitted blocked on a named pipe")
	}
	_, err := os.Stat(filepath.Join(g.Dir, "b.txt"))
	require.NoError(t, err)
}

// TestEmptyBlob: the empty blob's name, written out, is the hash of no
// bytes.
func TestEmptyBlob(t *testing.T) {
	assert.Equal(t, odb.BlobHash(nil), emptyBlob)
}
