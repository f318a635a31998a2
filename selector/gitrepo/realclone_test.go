package gitrepo_test

import (
	"context"
	"math/rand/v2"
	"os"
	"os/exec"
	"sort"
	"strings"
	"testing"

	"github.com/gatesel/gatesel/internal/gittest"
	"github.com/gatesel/gatesel/selector/gitrepo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRealCloneAgainstGit is bench/e2e.sh's check as a test: on the clone
// of GATESEL_BENCH_REPO, for each pair of GATESEL_BENCH_PAIRS
// ("base..head,..."), Diff gives the paths and statuses of
// `git diff --name-status --no-renames base...head` (for a single merge
// base). Without a clone it is skipped.
func TestRealCloneAgainstGit(t *testing.T) {
	dir := os.Getenv("GATESEL_BENCH_REPO")
	if dir == "" {
		t.Skip("set GATESEL_BENCH_REPO=/path/to/clone and GATESEL_BENCH_PAIRS=base..head,... to compare with git on a real clone")
	}
	ctx := context.Background()
	r, err := gitrepo.Open(ctx, dir)
	require.NoError(t, err)
	defer r.Close()
	for _, p := range strings.Split(os.Getenv("GATESEL_BENCH_PAIRS"), ",") {
		base, head, ok := strings.Cut(strings.TrimSpace(p), "..")
		require.True(t, ok, "GATESEL_BENCH_PAIRS: %q is not base..head", p)
		t.Run(p, func(t *testing.T) {
			d, err := r.Diff(ctx, base, head)
			require.NoError(t, err)
			if len(d.MergeBases) > 1 {
				t.Skipf("%d merge bases: the change is the union of their diffs", len(d.MergeBases))
			}
			cmd := exec.Command("git", "-c", "core.quotePath=false", "diff", "--name-status", "--no-renames", base+"..."+head)
			cmd.Dir, cmd.Env = dir, gittest.Env(0)
			out, err := cmd.Output()
			require.NoError(t, err)
			var want []gitrepo.Change
			for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
				if st, path, ok := strings.Cut(line, "\t"); ok {
					want = append(want, gitrepo.Change{Path: path, Status: gitrepo.Status(st)})
				}
			}
			sort.Slice(want, func(i, j int) bool { return want[i].Path < want[j].Path })
			assert.Equal(t, want, d.Changes)
		})
	}
}

// TestRealCloneMergeBases: on the clone of GATESEL_BENCH_REPO, the merge
// bases of 150 pairs of its commits, drawn at random (a third of them
// near each other in `git rev-list --all`'s order), are
// `git merge-base --all`'s, with the clone's commit-graph if it has one
// and through the commit objects if not. Without a clone it is skipped.
func TestRealCloneMergeBases(t *testing.T) {
	dir := os.Getenv("GATESEL_BENCH_REPO")
	if dir == "" {
		t.Skip("set GATESEL_BENCH_REPO=/path/to/clone to compare merge bases with git's on a real clone")
	}
	ctx := context.Background()
	git := func(args ...string) (string, error) {
		cmd := exec.Command("git", args...)
		cmd.Dir, cmd.Env = dir, gittest.Env(0)
		out, err := cmd.Output()
		return string(out), err
	}
	out, err := git("rev-list", "--all")
	require.NoError(t, err)
	revs := strings.Fields(out)
	require.NotEmpty(t, revs)
	rng := rand.New(rand.NewPCG(uint64(len(revs)), 1))
	for i := range 150 {
		a, b := revs[rng.IntN(len(revs))], revs[rng.IntN(len(revs))]
		if j := rng.IntN(len(revs)); i%3 == 0 {
			a, b = revs[j], revs[min(len(revs)-1, j+rng.IntN(50))]
		}
		out, gitErr := git("merge-base", "--all", a, b) // exit 1: unrelated histories
		r, err := gitrepo.Open(ctx, dir)                // a walk of its own, as in a new process
		require.NoError(t, err)
		d, err := r.Diff(ctx, a, b)
		require.NoError(t, r.Close())
		if gitErr != nil {
			var he *gitrepo.HistoryError
			require.ErrorAs(t, err, &he, "%s...%s: git finds no merge base (%v)", a, b, gitErr)
			assert.Equal(t, gitrepo.Unrelated, he.Problem, "%s...%s", a, b)
			continue
		}
		require.NoError(t, err, "%s...%s", a, b)
		want := strings.Fields(out)
		got := d.MergeBases // set when there are several
		if len(got) == 0 {
			got = []string{d.MergeBase}
		}
		assert.ElementsMatch(t, want, got, "%s...%s", a, b)
	}
}

// TestRealCloneRefs: on the clone of GATESEL_BENCH_REPO, every ref that
// names a commit (a branch, a remote branch, a tag of a commit, through
// annotated tags) resolves by its full name to the commit `git
// for-each-ref` gives, loose or packed, however many refs the clone has.
func TestRealCloneRefs(t *testing.T) {
	dir := os.Getenv("GATESEL_BENCH_REPO")
	if dir == "" {
		t.Skip("set GATESEL_BENCH_REPO=/path/to/clone to resolve its refs against git's")
	}
	ctx := context.Background()
	cmd := exec.Command("git", "for-each-ref", "--format=%(refname) %(objecttype) %(objectname) %(*objecttype) %(*objectname)")
	cmd.Dir, cmd.Env = dir, gittest.Env(0)
	out, err := cmd.Output()
	require.NoError(t, err)
	r, err := gitrepo.Open(ctx, dir)
	require.NoError(t, err)
	defer r.Close()
	checked := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		want := ""
		switch {
		case len(f) == 3 && f[1] == "commit":
			want = f[2]
		case len(f) == 5 && f[1] == "tag" && f[3] == "commit":
			want = f[4]
		default:
			continue // a tag of a tree, a blob or another tag
		}
		got, err := r.Resolve(ctx, f[0])
		require.NoError(t, err, f[0])
		require.Equal(t, want, got.Commit, f[0])
		checked++
	}
	t.Logf("%d refs resolved as git resolves them", checked)
	assert.Positive(t, checked)
}
