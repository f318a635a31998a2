package audit

import (
	"context"
	"encoding/json"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/internal/synth"
)

// TestReplayRunsAgree replays the same range in one run and in two (one a
// core): the reports are byte-identical, and the failures judged alike.
func TestReplayRunsAgree(t *testing.T) {
	ctx := context.Background()
	repo, err := synth.Generate(ctx, t.TempDir(), synth.Small())
	require.NoError(t, err)
	opt := Options{Dir: repo.Dir, Range: "main~110..main", FirstParent: true}
	replay := func(procs int) *Report {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		rp, err := Replay(ctx, opt)
		require.NoError(t, err)
		require.Len(t, rp.Commits, 110)
		return rp
	}
	// a failure of every commit: a gate the policy does not have (a miss
	// with its why-not) and a contract gate (caught)
	for _, c := range replay(1).Commits {
		opt.Failures = append(opt.Failures, Failure{Commit: c.Commit, ID: "no-such-gate"}, Failure{Commit: c.Commit, ID: "contract-check:platform"})
	}
	serial, err := json.Marshal(replay(1))
	require.NoError(t, err)
	parallel, err := json.Marshal(replay(2))
	require.NoError(t, err)
	assert.Equal(t, string(serial), string(parallel))
	var rep Report
	require.NoError(t, json.Unmarshal(serial, &rep))
	require.NotNil(t, rep.Recall)
	assert.Equal(t, 220, rep.Recall.Failures)
	assert.Equal(t, 110, rep.Recall.Caught)
	assert.Len(t, rep.Recall.Misses, 110)
	assert.Greater(t, rep.Summary.PlanSizes.Max, rep.Summary.PlanSizes.Min, "the commits differ")
}
