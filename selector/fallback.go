package selector

import (
	"context"
	"fmt"

	"github.com/gatesel/gatesel/internal/poserr"
)

// fallback is --on-error all: every gate of the base revision's policy and
// of the head's, whichever can be read (both whenever the base can be), with
// the cause. A head that deletes a gate, or breaks its policy, cannot shrink
// the fallback: the base's gates stay, and a gate the two define
// differently runs in both definitions (unite). With Policy "head" the
// base's is used only when the head's cannot be read, with "base" only the
// base's when it can be. Without any readable policy there is no plan to
// fall back to.
func (c *computation) fallback(cause error) (*Plan, error) {
	c.reopen(context.Background())
	base := c.base
	if base == nil && c.repo != nil && (c.opt.Policy != PolicyHead || c.head == nil) {
		if commit, err := c.baseCommit(context.Background()); err == nil {
			base, _, _ = c.policyAt(context.Background(), commit)
		}
	}
	head := c.head
	if c.opt.Policy == PolicyBase && base != nil {
		head = nil
	}
	if head == nil && base == nil {
		return nil, &NoFallbackError{Cause: cause}
	}
	note := oneLine(cause.Error())
	profile := c.opt.Profile
	if c.checkProfile() != nil {
		profile = "" // an unknown profile filters nothing out of the fallback
	}
	every := func(pol *policy) (*Plan, error) {
		if pol == nil {
			return nil, nil
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
		return b.plan()
	}
	pb, err := every(base)
	if err != nil {
		return nil, fmt.Errorf("%w\n(and the fallback plan failed: %v)", cause, err)
	}
	ph, err := every(head)
	if err != nil {
		return nil, fmt.Errorf("%w\n(and the fallback plan failed: %v)", cause, err)
	}
	if ph == nil {
		ph, pb = pb, nil
	}
	return c.finish(unite(pb, ph), false)
}

// oneLine folds a multi-line error into one line.
func oneLine(s string) string {
	return poserr.OneLine(s)
}
