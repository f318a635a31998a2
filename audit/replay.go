package audit

import (
	"context"
	"fmt"
	"strings"

	"github.com/gatesel/gatesel/graph"
	"github.com/gatesel/gatesel/selector"
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
	log, err := rp.Repo().Log(ctx, from, to, opt.FirstParent)
	if err != nil {
		return nil, err
	}
	rep := &Report{Range: opt.Range, FirstParent: opt.FirstParent, Commits: make([]Commit, 0, len(log))}
	failed := map[string][]string{} // commit -> failed instance ids
	for _, f := range opt.Failures {
		failed[f.Commit] = append(failed[f.Commit], f.ID)
	}
	inRange := make(map[string]bool, len(log))
	var misses []Miss
	judged := 0
	all := map[*graph.Graph]map[string]map[string]bool{}
	// fail records a commit whose plan could not be computed as --on-error
	// all plans it: every instance of the commit's policy, else of its
	// parent's (the head policy is what failed), else none known.
	fail := func(c Commit) {
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
		rep.Commits = append(rep.Commits, c)
	}
	for _, lc := range log {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		inRange[lc.Commit] = true
		if len(lc.Parents) == 0 {
			fail(failedCommit(lc.Commit, "", fmt.Errorf("a root commit: no parent to compare with")))
			continue
		}
		parent := lc.Parents[0]
		plan, in, err := rp.Plan(ctx, parent, lc.Commit)
		if err != nil {
			fail(failedCommit(lc.Commit, parent, err))
			continue
		}
		inst := all[in.Graph]
		if inst == nil {
			inst = allInstances(in.Graph)
			all[in.Graph] = inst
		}
		c := newCommit(lc.Commit, parent, plan, in, inst)
		// judge the commit's failures now: a plan is not kept past its commit
		for _, id := range failed[lc.Commit] {
			judged++
			if why, caught := c.whyNot(id); !caught {
				misses = append(misses, Miss{Commit: lc.Commit, ID: id, Why: why})
			}
		}
		c.plan, c.policy = nil, selector.Input{}
		rep.Commits = append(rep.Commits, c)
	}
	for _, c := range rep.Commits {
		if c.Error != "" {
			judged += len(failed[c.Commit]) // --on-error all ran every gate: caught
		}
	}
	rep.summarize()
	if opt.Failures != nil {
		rep.Recall = recall(opt.Failures, inRange, misses, judged)
	}
	return rep, nil
}

// ResolveFailures replaces the failures' revisions by full commit hashes,
// so that AddRecall matches them. A revision that does not resolve is an
// error naming the line it was read from.
func ResolveFailures(ctx context.Context, dir, name string, fs []Failure) ([]Failure, error) {
	repo, err := selector.OpenRepo(ctx, dir)
	if err != nil {
		return nil, err
	}
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
