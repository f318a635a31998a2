package selector

import (
	"context"
	"errors"
	"io/fs"
	"slices"
	"strings"

	"github.com/gatesel/gatesel/graph"
	"github.com/gatesel/gatesel/infer"
	"github.com/gatesel/gatesel/internal/safefs"
)

// lockfiles compares, for the policy pol, each changed lockfile of its
// inferred workspaces (infer.Result.IsLockfile) between the merge base and
// the head, with the services of pol's own inferred graph. A side that
// cannot be read makes the comparison select everything, with the cause:
// never fewer gates for want of a file.
func (c *computation) lockfiles(ctx context.Context, pol *policy) map[string]infer.LockChange {
	if pol.graph.Infer == nil || pol.graph.Infer.Result == nil {
		return nil
	}
	res := pol.graph.Infer.Result
	var paths []string
	for _, ch := range c.changes {
		for _, p := range []string{ch.Path, ch.OldPath} {
			if p != "" && res.IsLockfile(p) {
				paths = append(paths, p)
			}
		}
	}
	if len(paths) == 0 {
		return nil
	}
	slices.Sort(paths)
	paths = slices.Compact(paths)
	baseFS, baseErr := c.lockBase(ctx)
	headFS, _, headErr := c.headFS(ctx)
	out := make(map[string]infer.LockChange, len(paths))
	for _, p := range paths {
		base, errB := readSide(baseFS, baseErr, p)
		head, errH := readSide(headFS, headErr, p)
		switch {
		case errB != nil:
			out[p] = infer.LockChange{All: true, Reason: "lockfile: " + p + ": cannot read the base revision's, every service is concerned: " + oneLine(errB.Error())}
		case errH != nil:
			out[p] = infer.LockChange{All: true, Reason: "lockfile: " + p + ": cannot read the head's, every service is concerned: " + oneLine(errH.Error())}
		default:
			out[p] = res.CompareLock(p, base, head)
		}
	}
	return out
}

// lockBase is the tree a lockfile's change is measured from: the merge
// base of the diff, or the base revision for a change given as values.
func (c *computation) lockBase(ctx context.Context) (fs.FS, error) {
	if c.repo == nil {
		return nil, errors.New("not in a git repository")
	}
	commit := c.mergeBase
	if commit == "" {
		var err error
		if commit, err = c.baseCommit(ctx); err != nil {
			return nil, err
		}
	}
	return c.repo.TreeFS(ctx, commit)
}

// readSide reads p from one side; nil, nil when the file is absent there.
func readSide(fsys fs.FS, fsErr error, p string) ([]byte, error) {
	if fsErr != nil {
		return nil, fsErr
	}
	data, err := safefs.ReadFile(fsys, p, infer.MaxManifestSize)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return data, err
}

// lockfile applies the comparison of a changed lockfile: the services it
// names are changed (their gates run, their dependents' smoke gates
// follow), or every gate for a root-level change.
func (b *builder) lockfile(p string, lc infer.LockChange) {
	if lc.All {
		b.escalations = append(b.escalations, Escalation{Kind: EscalationLockfile, Path: p, Cause: lockNote(p, lc.Reason)})
		b.selectAll(Reason{Kind: ReasonLockfile, Path: p, Note: lockNote(p, lc.Reason)})
		return
	}
	for _, name := range sortedKeys(lc.Services) {
		s := b.g.Services[name]
		if s == nil {
			continue // a service of another policy's graph
		}
		r := Reason{Kind: ReasonLockfile, Path: p, Note: lockNote(p, lc.Services[name])}
		for _, gate := range s.Gates {
			b.add(gate, "service", name, r)
		}
		b.starts[graph.Node{Kind: graph.ServiceNode, Name: name}] = true
	}
}

// lockNote is a comparison's reason without its "lockfile: PATH: " prefix.
func lockNote(p, reason string) string {
	return strings.TrimPrefix(reason, "lockfile: "+p+": ")
}
