package gitrepo_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/gatesel/gatesel/internal/gittest"
	"github.com/gatesel/gatesel/selector/gitrepo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDiff(t *testing.T) {
	ctx := context.Background()
	g := gittest.New(t)
	base := g.Commit("base", map[string]string{
		"keep.txt": "k", "mod.txt": "1", "del.txt": "d", "old/name.txt": "r",
		"link": "target", "dir/deep/a.go": "a", "dir/deep/b.go": "b", "exec.sh": "x",
	})
	g.Git("update-index", "--add", "--cacheinfo", "160000,"+base+",vendor/sub")
	g.Git("commit", "-q", "-m", "submodule")
	g.Git("branch", "feature")

	g.Write(map[string]string{
		"mod.txt": "2", "del.txt": "-", "old/name.txt": "-", "new/name.txt": "r",
		"link": "-", "dir/deep/b.go": "-", "dir/deep/c.go": "c",
	})
	require.NoError(t, os.Symlink("target", filepath.Join(g.Dir, "link")))
	require.NoError(t, os.Chmod(filepath.Join(g.Dir, "exec.sh"), 0o755))
	g.Git("add", "-A")
	g.Git("update-index", "--add", "--cacheinfo", "160000,"+g.Git("rev-parse", "HEAD")+",vendor/sub")
	g.Git("commit", "-q", "-m", "change")

	r := gitOpen(g)
	d, err := r.Diff(ctx, "feature", "HEAD")
	require.NoError(t, err)
	want := []gitrepo.Change{
		{Path: "del.txt", Status: gitrepo.Deleted},
		{Path: "dir/deep/b.go", Status: gitrepo.Deleted},
		{Path: "dir/deep/c.go", Status: gitrepo.Added},
		{Path: "exec.sh", Status: gitrepo.Modified},
		{Path: "link", Status: gitrepo.TypeChg},
		{Path: "mod.txt", Status: gitrepo.Modified},
		{Path: "new/name.txt", Status: gitrepo.Added},
		{Path: "old/name.txt", Status: gitrepo.Deleted},
		{Path: "vendor/sub", Status: gitrepo.Modified},
	}
	assert.Equal(t, want, d.Changes)
	assert.Equal(t, gitNameStatus(g, "feature", "HEAD"), d.Changes)
	assert.Equal(t, gitrepo.Revision{Rev: "feature", Commit: g.Git("rev-parse", "feature")}, d.Base)
	assert.Equal(t, gitrepo.Revision{Rev: "HEAD", Commit: g.Git("rev-parse", "HEAD")}, d.Head)
	assert.Equal(t, g.Git("rev-parse", "feature"), d.MergeBase)
	assert.Equal(t, []string{"vendor/sub"}, d.Submodules, "the gitlink is known as one (issue 12 item 11)")
}

func TestDiffFileBecomesDirectory(t *testing.T) {
	g := gittest.New(t)
	g.Commit("base", map[string]string{"a": "file", "a-b": "x", "a0": "y"})
	g.Git("branch", "base")
	g.Write(map[string]string{"a": "-"})
	g.Commit("dir", map[string]string{"a/x": "1", "a/y/z": "2"})
	d, err := gitOpen(g).Diff(context.Background(), "base", "HEAD")
	require.NoError(t, err)
	assert.Equal(t, []gitrepo.Change{{"a", gitrepo.Deleted, ""}, {"a/x", gitrepo.Added, ""}, {"a/y/z", gitrepo.Added, ""}}, d.Changes)
	assert.Equal(t, gitNameStatus(g, "base", "HEAD"), d.Changes)
}

// TestDiffDiverged: only the changes made on head since the merge base count.
func TestDiffDiverged(t *testing.T) {
	g := gittest.New(t)
	g.Commit("base", map[string]string{"shared.txt": "0", "a.txt": "a"})
	g.Git("checkout", "-q", "-b", "feature")
	g.Commit("f1", map[string]string{"feature.txt": "f"})
	g.Commit("f2", map[string]string{"a.txt": "changed on feature"})
	g.Git("checkout", "-q", "main")
	g.Commit("m1", map[string]string{"main-only.txt": "m", "shared.txt": "1"})
	mb := g.Git("merge-base", "main", "feature")

	d, err := gitOpen(g).Diff(context.Background(), "main", "feature")
	require.NoError(t, err)
	assert.Equal(t, mb, d.MergeBase)
	assert.Equal(t, []gitrepo.Change{{"a.txt", gitrepo.Modified, ""}, {"feature.txt", gitrepo.Added, ""}}, d.Changes)
	assert.Equal(t, gitNameStatus(g, "main", "feature"), d.Changes)
}

func TestDiffOrphan(t *testing.T) {
	g := gittest.New(t)
	g.Commit("base", map[string]string{"a.txt": "a"})
	g.Git("checkout", "-q", "--orphan", "orphan")
	g.Commit("orphan", map[string]string{"b.txt": "b"})
	_, err := gitOpen(g).Diff(context.Background(), "main", "orphan")
	require.Error(t, err)
	assert.Equal(t, "merge base of main and orphan: no merge base: the histories are unrelated", err.Error())
	assert.ErrorIs(t, err, gitrepo.ErrNoMergeBase)
	var he *gitrepo.HistoryError
	require.True(t, errors.As(err, &he))
	assert.False(t, he.MissingHistory(), "unrelated histories are not missing history")
	assert.Equal(t, gitrepo.Unrelated, he.Problem)
	assert.Equal(t, "orphan", he.Other)
}

func TestDiffShallow(t *testing.T) {
	ctx := context.Background()
	src := gittest.New(t)
	src.Commit("base", map[string]string{"a.txt": "a"})
	src.Commit("more", map[string]string{"b.txt": "b"})
	src.Git("checkout", "-q", "-b", "feature")
	src.Commit("f", map[string]string{"f.txt": "f"})
	src.Git("checkout", "-q", "main")
	src.Commit("m", map[string]string{"m.txt": "m"})

	clone := &gittest.Repo{T: t, Dir: filepath.Join(t.TempDir(), "clone")}
	src.Git("clone", "-q", "--depth", "1", "--no-single-branch", "file://"+src.Dir, clone.Dir)
	r := gitOpen(clone)

	_, err := r.Diff(ctx, "origin/feature", "HEAD")
	require.Error(t, err)
	assert.Equal(t, "merge base of origin/feature and HEAD: shallow clone: history ends at 2 shallow commits (fix: git fetch --deepen=200 origin feature, or git fetch --unshallow)", err.Error())
	assert.ErrorIs(t, err, gitrepo.ErrShallow)
	var he *gitrepo.HistoryError
	require.True(t, errors.As(err, &he))
	assert.True(t, he.MissingHistory())

	_, err = r.Resolve(ctx, "HEAD~1")
	require.Error(t, err)
	assert.Equal(t, "resolve revision HEAD~1: shallow clone: the ancestor is beyond the history of this clone (fix: git fetch --deepen=200 origin, or git fetch --unshallow)", err.Error())

	clone.Git("fetch", "-q", "--deepen=5", "origin")
	d, err := gitOpen(clone).Diff(ctx, "origin/feature", "HEAD")
	require.NoError(t, err, "deepening fixes it")
	assert.Equal(t, []gitrepo.Change{{"m.txt", gitrepo.Added, ""}}, d.Changes)
}

func TestDiffLinkedWorktree(t *testing.T) {
	ctx := context.Background()
	g := gittest.New(t)
	g.Commit("base", map[string]string{"a.txt": "a"})
	wt := &gittest.Repo{T: t, Dir: filepath.Join(t.TempDir(), "wt")}
	g.Git("worktree", "add", "-q", "-b", "topic", wt.Dir)
	wt.Commit("topic", map[string]string{"t.txt": "t"})

	r, err := gitrepo.Open(ctx, filepath.Join(wt.Dir))
	require.NoError(t, err)
	assert.Equal(t, wt.Dir, r.Root())
	d, err := r.Diff(ctx, "main", "HEAD")
	require.NoError(t, err)
	assert.Equal(t, []gitrepo.Change{{"t.txt", gitrepo.Added, ""}}, d.Changes)
	files, err := r.Tracked(ctx)
	require.NoError(t, err)
	assert.Equal(t, []string{"a.txt", "t.txt"}, files)
}

// gitHistory generates n commits on a few branches with many merges, with
// fast-import, and returns their hashes in creation order.
func gitHistory(t testing.TB, g *gittest.Repo, n int, seed uint64) []string {
	rng := rand.New(rand.NewPCG(seed, 1))
	const branches = 6
	var b strings.Builder
	tips := make([]int, branches) // mark of each branch's tip, 0: none
	for i := 1; i <= n; i++ {
		br := rng.IntN(branches)
		fmt.Fprintf(&b, "commit refs/heads/b%d\nmark :%d\ncommitter C <c@example.com> %d +0000\ndata 2\nc\n", br, i, 1_600_000_000+i)
		from := tips[br]
		if from == 0 && i > 1 {
			from = rng.IntN(i-1) + 1 // a new branch starts anywhere
		}
		if from != 0 {
			fmt.Fprintf(&b, "from :%d\n", from)
		}
		if other := tips[rng.IntN(branches)]; other != 0 && other != from && rng.IntN(4) == 0 {
			fmt.Fprintf(&b, "merge :%d\n", other)
		}
		fmt.Fprintf(&b, "M 100644 inline d%d/f%d.txt\ndata 4\n%04d\n", i%17, i%53, i%10000)
		tips[br] = i
	}
	marks := filepath.Join(t.TempDir(), "marks")
	g.FastImport(b.String(), "--export-marks="+marks)
	data, err := os.ReadFile(marks)
	require.NoError(t, err)
	hashes := make([]string, n+1)
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var m int
		var h string
		_, err := fmt.Sscanf(line, ":%d %s", &m, &h)
		require.NoError(t, err)
		hashes[m] = h
	}
	return hashes[1:]
}

// TestMergeBaseAgainstGit compares the merge bases with `git merge-base
// --all` on many pairs of a generated history, with and without a commit-graph.
func TestMergeBaseAgainstGit(t *testing.T) {
	g := gittest.New(t)
	hashes := gitHistory(t, g, 400, 7)
	rng := rand.New(rand.NewPCG(3, 4))
	type pair struct{ a, b string }
	var pairs []pair
	for range 200 {
		pairs = append(pairs, pair{hashes[rng.IntN(len(hashes))], hashes[rng.IntN(len(hashes))]})
	}
	want := make([]string, len(pairs))
	multiple := 0
	for i, p := range pairs {
		out, err := g.GitErr("merge-base", "--all", p.a, p.b)
		require.NoError(t, err)
		want[i] = out
		if strings.Contains(out, "\n") {
			multiple++
		}
	}
	t.Logf("%d pairs, %d with several merge bases", len(pairs), multiple)
	check := func(t *testing.T) {
		r := gitOpen(g)
		for i, p := range pairs {
			d, err := r.Diff(context.Background(), p.a, p.b)
			require.NoError(t, err)
			assert.Equal(t, want[i], strings.Join(mergeBases(d), "\n"), "merge-base --all %s %s", p.a, p.b)
		}
	}
	t.Run("objects", check)
	g.Git("commit-graph", "write", "--reachable")
	t.Run("commit-graph", check) // TestWalkUsesCommitGraph: it is read
}

// TestDiffAgainstGit compares Diff with git on pairs of a generated history.
func TestDiffAgainstGit(t *testing.T) {
	g := gittest.New(t)
	hashes := gitHistory(t, g, 150, 11)
	r := gitOpen(g)
	rng := rand.New(rand.NewPCG(5, 6))
	for range 20 {
		a, b := hashes[rng.IntN(len(hashes))], hashes[rng.IntN(len(hashes))]
		d, err := r.Diff(context.Background(), a, b)
		require.NoError(t, err)
		want := gitNameStatus(g, a, b)
		sort.Slice(want, func(i, j int) bool { return want[i].Path < want[j].Path })
		if len(d.MergeBases) == 0 {
			assert.Equal(t, want, d.Changes, "%s...%s", a, b)
			continue
		}
		// Several merge bases: the union of the diffs from each (the
		// first base's status for a path in several), which holds git's.
		assert.ElementsMatch(t, strings.Fields(g.Git("merge-base", "--all", a, b)), d.MergeBases)
		var union []gitrepo.Change
		for _, mb := range d.MergeBases {
			union = append(union, gitNameStatus(g, mb, b)...)
		}
		assert.Equal(t, byPath(union), d.Changes, "%s...%s, union over %v", a, b, d.MergeBases)
		for _, c := range want {
			assert.Contains(t, d.Changes, c, "git diff %s...%s", a, b)
		}
	}
}

// byPath sorts changes by path, keeping the first of each path.
func byPath(cs []gitrepo.Change) []gitrepo.Change {
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].Path < cs[j].Path })
	out := cs[:0]
	for _, c := range cs {
		if n := len(out); n > 0 && out[n-1].Path == c.Path {
			continue
		}
		out = append(out, c)
	}
	return out
}
