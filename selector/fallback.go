package selector

import (
	"context"
	"fmt"
	"strings"
)

// fallback is --on-error all: every gate of whichever policy can be read
// (the head's, else the base revision's), with the cause. Without any
// readable policy there is no plan to fall back to.
func (c *computation) fallback(cause error) (*Plan, error) {
	pol := c.head
	if pol == nil {
		pol = c.base
	}
	if pol == nil && c.repo != nil {
		if commit, err := c.baseCommit(context.Background()); err == nil {
			if fsys, err := c.repo.TreeFS(context.Background(), commit); err == nil {
				pol, _ = c.loadPolicy(fsys, "base "+short(commit))
			}
		}
	}
	if pol == nil {
		return nil, &NoFallbackError{Cause: cause}
	}
	note := oneLine(cause.Error())
	profile := c.opt.Profile
	if c.checkProfile() != nil {
		profile = "" // an unknown profile filters nothing out of the fallback
	}
	b := newBuilder(Input{Graph: pol.graph, Owners: pol.owners, Profile: profile})
	for _, ch := range normalize(c.changes) {
		b.changes = append(b.changes, ChangeInfo{Change: ch, Owners: []string{}, Claims: []string{}})
	}
	b.escalations = append(b.escalations, Escalation{Kind: EscalationFallback, Cause: note})
	b.selectAll(Reason{Kind: ReasonFallback, Note: note})
	if b.err != nil {
		// A template that cannot render (the cause, often) is planned raw,
		// with a warning: the fallback never fails for it.
		b.warnings, b.err = append(b.warnings, b.unrendered...), nil
	}
	p, err := b.plan()
	if err != nil {
		return nil, fmt.Errorf("%w\n(and the fallback plan failed: %v)", cause, err)
	}
	return c.finish(p, false)
}

// oneLine folds a multi-line error into one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(strings.TrimSpace(s), "\n", "; ")), " ")
}
