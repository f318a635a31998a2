package gitrepo

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gatesel/gatesel/internal/gittest"
	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// gitDivergedRepo generates a history of n commits on main over 300 files
// in 30 directories, and a branch that forks n/2 commits back and adds n/4
// commits of its own, so the merge base is far from both tips.
func gitDivergedRepo(b testing.TB, n int) *gittest.Repo {
	g := gittest.New(b)
	var s strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&s, "commit refs/heads/main\nmark :%d\ncommitter C <c@example.com> %d +0000\ndata 2\nc\n", i, 1_600_000_000+i)
		if i > 1 {
			fmt.Fprintf(&s, "from :%d\n", i-1)
		}
		fmt.Fprintf(&s, "M 100644 inline d%02d/f%03d.txt\ndata 6\n%06d\n", i%30, i%300, i)
	}
	for i := 1; i <= n/4; i++ {
		m := n + i
		fmt.Fprintf(&s, "commit refs/heads/feature\nmark :%d\ncommitter C <c@example.com> %d +0000\ndata 2\nf\n", m, 1_600_000_000+n/2+i)
		from := m - 1
		if i == 1 {
			from = n / 2
		}
		fmt.Fprintf(&s, "from :%d\nM 100644 inline feature/d%02d/f%03d.txt\ndata 6\n%06d\n", from, i%30, i%300, m)
	}
	g.FastImport(s.String())
	return g
}

func benchmarkMergeBase(b *testing.B, commitGraph bool) {
	g := gitDivergedRepo(b, 4000)
	if commitGraph {
		g.Git("commit-graph", "write", "--reachable")
	}
	r := gitOpen(g)
	a, f := hashOf(g.Git("rev-parse", "main")), hashOf(g.Git("rev-parse", "feature"))
	want := g.Git("merge-base", "main", "feature")
	b.ReportAllocs()
	for b.Loop() {
		r.walk = newWalker(r) // no cache carried over between runs
		bases, _, err := r.walk.mergeBases(a, f)
		require.NoError(b, err)
		require.Equal(b, want, bases[0].String())
	}
}

func BenchmarkMergeBase(b *testing.B)            { benchmarkMergeBase(b, false) }
func BenchmarkMergeBaseCommitGraph(b *testing.B) { benchmarkMergeBase(b, true) }

// BenchmarkGoGitMergeBase is go-git's own Commit.MergeBase on the same
// history, through go-git's own storage, for comparison.
func BenchmarkGoGitMergeBase(b *testing.B) {
	g := gitDivergedRepo(b, 4000)
	gr, err := git.PlainOpen(g.Dir)
	require.NoError(b, err)
	ca, err := object.GetCommit(gr.Storer, hashOf(g.Git("rev-parse", "main")))
	require.NoError(b, err)
	cf, err := object.GetCommit(gr.Storer, hashOf(g.Git("rev-parse", "feature")))
	require.NoError(b, err)
	b.ReportAllocs()
	for b.Loop() {
		_, err := ca.MergeBase(cf)
		require.NoError(b, err)
	}
}

// BenchmarkDiff is Diff end to end (resolve, merge base, tree diff) of a
// branch against a main that moved on.
func BenchmarkDiff(b *testing.B) {
	g := gitDivergedRepo(b, 4000)
	r := gitOpen(g)
	ctx := context.Background()
	want := len(gitNameStatus(g, "main", "feature"))
	b.ReportAllocs()
	for b.Loop() {
		r.walk = newWalker(r)
		d, err := r.Diff(ctx, "main", "feature")
		require.NoError(b, err)
		require.Len(b, d.Changes, want)
	}
}

// TestCommitGraphMergeBases: merge bases and ancestors through the
// commit-graph are git's, with a single file and with a split chain
// (go-git's reader).
func TestCommitGraphMergeBases(t *testing.T) {
	g := gittest.GraphHistory(t)
	pairs := [][2]string{{"main", "side"}, {"b0", "b1"}, {"main~3", "b2"}, {"side", "b2~2"}, {"oct^2", "oct^4"}, {"side~1", "oct^3~1"}}
	check := func(t *testing.T) {
		r := gitOpen(g)
		for _, p := range pairs {
			want := g.Git("merge-base", "--all", p[0], p[1])
			a, err := r.resolve(p[0], "revision")
			require.NoError(t, err)
			b, err := r.resolve(p[1], "revision")
			require.NoError(t, err)
			bases, _, err := r.walk.mergeBases(a, b)
			require.NoError(t, err)
			var got []string
			for _, h := range bases {
				got = append(got, h.String())
			}
			assert.ElementsMatch(t, strings.Fields(want), got, "%s %s", p[0], p[1])
		}
		for _, rev := range []string{"oct~1", "oct^4", "oct^3~2", "side~4", "main~21"} {
			got, err := r.resolve(rev, "revision")
			require.NoError(t, err, rev)
			assert.Equal(t, g.Git("rev-parse", rev), got.String(), rev)
		}
	}
	t.Run("file", check)
	require.NoError(t, os.Remove(filepath.Join(g.Dir, ".git/objects/info/commit-graph")))
	g.Git("commit-graph", "write", "--reachable", "--split")
	g.Commit("one more", map[string]string{"x": "1"})
	g.Git("commit-graph", "write", "--reachable", "--split")
	t.Run("chain", check)
	// commits the commit-graph does not hold, above commits it does: one
	// node each whether it is reached by name or by position
	g.Commit("not in the graph", map[string]string{"y": "1"})
	g.Git("checkout", "-q", "-f", "-b", "late", "b1~2")
	g.Commit("late", map[string]string{"z": "1"})
	g.Git("checkout", "-q", "-f", "main")
	g.Git("merge", "-q", "--no-ff", "-m", "merge late", "late")
	g.Commit("nor this", map[string]string{"y": "2"})
	pairs = append(pairs, [2]string{"HEAD", "side"}, [2]string{"late", "b2"}, [2]string{"HEAD~1^2", "main~3"}, [2]string{"late", "HEAD~2"}, [2]string{"oct^3", "HEAD"}, [2]string{"late", "b1"})
	t.Run("beyond", check)
}

// TestWalkUsesCommitGraph: with a commit-graph file the walk reads it.
func TestWalkUsesCommitGraph(t *testing.T) {
	g := gittest.GraphHistory(t)
	require.NotNil(t, gitOpen(g).walk.commitGraph(), "the commit-graph is used")
}
