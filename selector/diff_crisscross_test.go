package selector

import (
	"context"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/gatesel/gatesel/internal/gittest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// crissCross is a criss-cross history whose two merge bases X and Y
// have the same commit date (commits made in the same second, as scripts
// and bots make them); Y's parent P also has that date, so Y's corrected
// commit date (generation data v2) is one more than X's.
//
//	R ── X ─────┬── A (merge X, Y)
//	 \          ╳
//	  P ── Y ───┴── B (merge Y, X)
func crissCross(t *testing.T) *gittest.Repo {
	g := gittest.New(t)
	g.FastImport(`commit refs/heads/main
mark :1
committer C <c@example.com> 1700000000 +0000
data 1
R
M 644 inline r
data 1
r

commit refs/heads/x
mark :2
committer C <c@example.com> 1700000100 +0000
data 1
X
from :1
M 644 inline fx
data 1
x

commit refs/heads/y
mark :3
committer C <c@example.com> 1700000100 +0000
data 1
P
from :1
M 644 inline fp
data 1
p

commit refs/heads/y
mark :4
committer C <c@example.com> 1700000100 +0000
data 1
Y
from :3
M 644 inline fy
data 1
y

commit refs/heads/a
mark :5
committer C <c@example.com> 1700000200 +0000
data 1
A
from :2
merge :4
M 644 inline fp
data 1
p
M 644 inline fy
data 1
y
M 644 inline fa
data 1
a

commit refs/heads/b
mark :6
committer C <c@example.com> 1700000200 +0000
data 1
B
from :4
merge :2
M 644 inline fx
data 1
x
M 644 inline fb
data 1
b

`)
	return g
}

// TestDiffCrissCross: with two merge bases of the same commit date, the
// one git diff A...B uses depends on its walk order (with a commit-graph
// holding generation data, corrected commit dates first). Diff takes the
// union of the diffs from every merge base: it holds git's change whichever
// base git picks, and says so in a plan warning.
func TestDiffCrissCross(t *testing.T) {
	g := crissCross(t)
	check := func(t *testing.T) {
		wantAll := strings.Fields(g.Git("merge-base", "--all", "a", "b"))
		require.Len(t, wantAll, 2)
		r := gitOpen(g)
		d, err := r.Diff(context.Background(), "a", "b")
		require.NoError(t, err)
		assert.ElementsMatch(t, wantAll, d.MergeBases)
		union := map[string]bool{}
		for _, mb := range wantAll {
			for _, p := range strings.Fields(g.Git("diff", "--name-only", "--no-renames", mb, "b")) {
				union[p] = true
			}
		}
		var paths []string
		for _, c := range d.Changes {
			paths = append(paths, c.Path)
		}
		assert.ElementsMatch(t, slices.Collect(maps.Keys(union)), paths, "the union of git diff BASE b over the merge bases")
		for _, p := range strings.Fields(g.Git("diff", "--name-only", "--no-renames", "a...b")) {
			assert.Contains(t, paths, p, "git diff a...b")
		}
	}
	t.Run("no commit-graph", check)
	g.Git("commit-graph", "write", "--reachable")
	t.Run("commit-graph", check)

	g.Git("checkout", "-q", "b")
	g.Write(map[string]string{"gates.yaml": "version: 1\nsettings: {unowned: ignore}\ngates:\n  cc: {run: cc}\ncontracts:\n  platform: {gates: [cc]}\n"})
	plan, err := Compute(context.Background(), Options{Dir: g.Dir, Base: "a"})
	require.NoError(t, err)
	assert.Contains(t, strings.Join(plan.Warnings, "\n"), "a and HEAD have 2 merge bases (criss-cross merges): the change is the union of the diffs from each")
}
