package audit

import (
	"context"
	"fmt"
	"runtime"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/gatesel/gatesel/graph"
	"github.com/gatesel/gatesel/selector"
	"github.com/gatesel/gatesel/selector/gitrepo"
)

// Options configure Replay.
type Options struct {
	Dir         string // a directory inside the repository; default "."
	Range       string // A..B: the commits reachable from B and not from A
	FirstParent bool   // only B's first-parent chain (the mainline's pushes)
	// Config and Codeowners locate the policy as for select.
	Config     string
	Codeowners string
	// Failures, when not nil, are the instances that failed in full runs
	// (commits as full hashes: ResolveFailures): the report gets their
	// recall.
	Failures []Failure
}

// RangeError is a --range that is not A..B.
type RangeError struct{ Range string }

func (e *RangeError) Error() string {
	return fmt.Sprintf("range %q: want A..B (the commits reachable from B and not from A)", e.Range)
}

// Replay plans every commit of the range against its first parent, with
// the commit's own policy (united with the parent's when the commit edits
// it), as CI would have planned each push, and returns the report. A
// commit whose plan cannot be computed (a policy that does not load, a
// root commit) is reported with its error and counted as selecting
// everything, as --on-error all would have planned it; errors about the
// range itself (a revision that does not resolve, a shallow clone) fail.
func Replay(ctx context.Context, opt Options) (*Report, error) {
	from, to, ok := strings.Cut(opt.Range, "..")
	if !ok || from == "" || to == "" || strings.HasPrefix(to, ".") {
		return nil, &RangeError{Range: opt.Range}
	}
	sopt := selector.Options{Dir: opt.Dir, Config: opt.Config, Codeowners: opt.Codeowners}
	rp, err := selector.NewReplayer(ctx, sopt)
	if err != nil {
		return nil, err
	}
	defer rp.Close()
	log, err := rp.Repo().Log(ctx, from, to, opt.FirstParent)
	if err != nil {
		return nil, err
	}
	rep := &Report{Range: opt.Range, FirstParent: opt.FirstParent, Commits: make([]Commit, len(log))}
	failed := map[string][]string{} // commit -> failed instance ids
	for _, f := range opt.Failures {
		failed[f.Commit] = append(failed[f.Commit], f.ID)
	}
	inRange := make(map[string]bool, len(log))
	for _, lc := range log {
		inRange[lc.Commit] = true
	}
	// The commits are replayed in contiguous runs, one a core, each with its
	// own replayer: only the first commit of a run reads its policy without
	// its parent's at hand. The report is the same for any number of runs.
	runs := min(runtime.GOMAXPROCS(0), max(1, len(log)/minRun))
	missesOf := make([][]Miss, runs)
	g, gctx := errgroup.WithContext(ctx)
	for k := range runs {
		lo, hi := k*len(log)/runs, (k+1)*len(log)/runs
		g.Go(func() error {
			w := rp
			if k > 0 {
				var err error
				if w, err = selector.NewReplayer(gctx, sopt); err != nil {
					return err
				}
				defer w.Close()
			}
			var err error
			missesOf[k], err = replayRun(gctx, w, log[lo:hi], rep.Commits[lo:hi], failed)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	var misses []Miss
	judged := 0
	for k := range runs {
		misses = append(misses, missesOf[k]...)
	}
	for _, c := range rep.Commits {
		judged += len(failed[c.Commit])
	}
	rep.summarize()
	if opt.Failures != nil {
		rep.Recall = recall(opt.Failures, inRange, misses, judged)
	}
	return rep, nil
}

// minRun is the fewest commits worth a replayer of their own.
const minRun = 50

// replayRun replays the commits of log into out (as long), judging their
// failures as it goes: a plan is not kept past its commit.
func replayRun(ctx context.Context, rp *selector.Replayer, log []gitrepo.LogCommit, out []Commit, failed map[string][]string) ([]Miss, error) {
	var misses []Miss
	all := map[*graph.Graph]map[string]map[string]bool{}
	for i, lc := range log {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if len(lc.Parents) == 0 {
			out[i] = failAsAll(ctx, rp, failedCommit(lc.Commit, "", fmt.Errorf("a root commit: no parent to compare with")))
			continue // --on-error all runs every gate: its failures are caught
		}
		parent := lc.Parents[0]
		plan, in, err := rp.Plan(ctx, parent, lc.Commit)
		if err != nil {
			out[i] = failAsAll(ctx, rp, failedCommit(lc.Commit, parent, err))
			continue
		}
		inst := all[in.Graph]
		if inst == nil {
			inst = allInstances(in.Graph)
			all[in.Graph] = inst
		}
		c := newCommit(lc.Commit, parent, plan, in, inst)
		for _, id := range failed[lc.Commit] {
			if why, caught := c.whyNot(id); !caught {
				misses = append(misses, Miss{Commit: lc.Commit, ID: id, Why: why})
			}
		}
		c.plan, c.policy = nil, selector.Input{}
		out[i] = c
	}
	return misses, nil
}

// failAsAll counts a commit whose plan could not be computed as --on-error
// all plans it: every instance of the commit's policy, else of its
// parent's (the head policy is what failed), else none known.
func failAsAll(ctx context.Context, rp *selector.Replayer, c Commit) Commit {
	for _, commit := range []string{c.Commit, c.Parent} {
		if commit == "" {
			continue
		}
		in, err := rp.PolicyAt(ctx, commit)
		if err != nil {
			continue
		}
		inst := allInstances(in.Graph)
		for _, l := range Layers {
			n := len(inst[l])
			c.Layers = append(c.Layers, LayerCount{Layer: l, Planned: n, All: n})
			c.Planned += n
			c.All += n
		}
		break
	}
	return c
}

// ResolveFailures replaces the failures' revisions by full commit hashes,
// so that AddRecall matches them. A revision that does not resolve is an
// error naming the line it was read from.
func ResolveFailures(ctx context.Context, dir, name string, fs []Failure) ([]Failure, error) {
	repo, err := gitrepo.Open(ctx, dir)
	if err != nil {
		return nil, err
	}
	defer repo.Close()
	out := make([]Failure, len(fs))
	for i, f := range fs {
		rev, err := repo.Resolve(ctx, f.Commit)
		if err != nil {
			if f.Line > 0 {
				return nil, fmt.Errorf("%s:%d: failures of %s: %w", name, f.Line, f.Commit, err)
			}
			return nil, fmt.Errorf("%s: failures of %s: %w", name, f.Commit, err)
		}
		f.Commit = rev.Commit
		out[i] = f
	}
	return dedupe(out), nil
}
