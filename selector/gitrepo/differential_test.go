package gitrepo_test

import (
	"compress/gzip"
	"context"
	"io"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/gatesel/gatesel/internal/gittest"
	"github.com/gatesel/gatesel/selector/gitrepo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDifferentialAgainstGit (issue 13 item 12): over random pairs of
// commits of a real history, the change set equals git diff --name-status
// --no-renames A...B and the merge bases equal git merge-base --all A B,
// with the commit-graph and without. The history is the fixture
// testdata/history/gatesel.fi.gz (its README says what it is), so the
// test always runs; GATESEL_DIFF_REPO=/path/to/clone runs it on a clone
// too (GATESEL_DIFF_PAIRS pairs, 40 by default).
func TestDifferentialAgainstGit(t *testing.T) {
	g := gittest.New(t)
	f, err := os.Open("testdata/history/gatesel.fi.gz")
	require.NoError(t, err)
	defer f.Close()
	zr, err := gzip.NewReader(f)
	require.NoError(t, err)
	stream, err := io.ReadAll(zr)
	require.NoError(t, err)
	g.FastImport(string(stream))
	t.Run("fixture", func(t *testing.T) { differential(t, g, 60) })
	g.Git("commit-graph", "write", "--reachable")
	t.Run("fixture with commit-graph", func(t *testing.T) { differential(t, g, 60) })
	if dir := os.Getenv("GATESEL_DIFF_REPO"); dir != "" {
		n := 40
		if s := os.Getenv("GATESEL_DIFF_PAIRS"); s != "" {
			n, err = strconv.Atoi(s)
			require.NoError(t, err, "GATESEL_DIFF_PAIRS")
		}
		t.Run("clone", func(t *testing.T) { differential(t, &gittest.Repo{T: t, Dir: dir}, n) })
	}
}

// differential compares n random pairs of the repository's commits with git.
func differential(t *testing.T, g *gittest.Repo, n int) {
	commits := strings.Fields(g.Git("rev-list", "--all", "--max-count=5000"))
	require.Greater(t, len(commits), 20)
	rng := rand.New(rand.NewPCG(13, 12))
	r, err := gitrepo.Open(context.Background(), g.Dir)
	require.NoError(t, err)
	defer r.Close()
	multi, unrelated := 0, 0
	for range n {
		a, b := commits[rng.IntN(len(commits))], commits[rng.IntN(len(commits))]
		if rng.IntN(3) == 0 { // near pairs too: a commit and a close ancestor
			b = commits[min(len(commits)-1, slices.Index(commits, a)+1+rng.IntN(5))]
		}
		d, err := r.Diff(context.Background(), a, b)
		out, _ := g.GitErr("merge-base", "--all", a, b) // exit 1: no merge base
		wantBases := strings.Fields(out)
		if len(wantBases) == 0 {
			unrelated++
			assert.ErrorIs(t, err, gitrepo.ErrNoMergeBase, "%s...%s: git finds no merge base", a, b)
			continue
		}
		require.NoError(t, err, "%s...%s", a, b)
		assert.ElementsMatch(t, wantBases, mergeBases(d), "merge-base --all %s %s", a, b)
		want := gitNameStatus(g, a, b)
		if len(wantBases) > 1 {
			multi++
			for _, c := range want { // the union holds git's, whichever base git picks
				assert.Contains(t, d.Changes, c, "%s...%s", a, b)
			}
			continue
		}
		assert.Equal(t, want, d.Changes, "%s...%s", a, b)
		assert.Empty(t, d.Warnings)
	}
	t.Logf("%d pairs, %d with several merge bases, %d unrelated", n, multi, unrelated)
}
