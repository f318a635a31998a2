package gitrepo_test

import (
	"context"
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
