package selector

import (
	"context"
	"errors"
	"fmt"

	"github.com/gatesel/gatesel/selector/gitrepo"
)

// Where a plan's base came from (Revision.Source) when not from a CI event,
// whose sources are cibase.Event.Source ("github:pull_request", …).
const (
	SourceFlag     = "flag"     // Options.Base (gatesel's --base)
	SourceSettings = "settings" // settings.base of the policy
	SourceDefault  = "default"  // the first of origin/HEAD, origin/main, main
)

// The order a base is chosen in: Options.Base, then the CI event
// (Options.CI), then settings.base, then origin/HEAD, origin/main, main.
// chooseBase does the first two; the last two are DefaultBase's.
//
// An event's base is a fact of the CI, not of the change: a pull request
// cannot choose it. A push's previous tip counts only when it is an
// ancestor of the head: a force push or a new branch is measured from the
// merge base with the default branch instead.
func (c *computation) chooseBase(ctx context.Context) error {
	ev := c.opt.CI
	switch {
	case c.opt.Base != "":
		c.baseSource = SourceFlag
		return nil
	case ev == nil:
		return nil
	}
	c.baseSource = ev.Source
	if ev.All {
		c.eventAll = ev.Source + ": " + ev.Reason
		return nil
	}
	if c.repo == nil {
		return fmt.Errorf("the %s event's base needs a git repository", ev.Source)
	}
	if ev.Base != "" && !(ev.Ancestor && ev.Forced) {
		if !ev.Ancestor {
			c.opt.Base = ev.Base
			return nil
		}
		ok, err := c.isAncestor(ctx, ev.Base)
		if err != nil {
			return err
		}
		if ok {
			c.opt.Base = ev.Base
			return nil
		}
	}
	if ev.DefaultBranch == "" {
		return fmt.Errorf("the %s event names no base and no default branch", ev.Source)
	}
	rev, err := c.defaultBranch(ctx, ev.DefaultBranch)
	if err != nil {
		return err
	}
	switch {
	case ev.Base == "" && ev.Ancestor:
		c.warnings = append(c.warnings, fmt.Sprintf("%s: a new branch (no previous commit): the change is measured from the merge base with %s", ev.Source, rev))
	case ev.Base != "":
		c.warnings = append(c.warnings, fmt.Sprintf("%s: the previous tip %s is not an ancestor of the head (a force push): the change is measured from the merge base with %s", ev.Source, short(ev.Base), rev))
	}
	c.opt.Base = rev
	return nil
}

// isAncestor reports whether the event's previous tip is an ancestor of
// the head. A tip missing from a complete clone is not one (every ancestor
// of the head is there): the push rewrote it. In a shallow clone a missing
// tip is missing history, with the fetch that brings it.
func (c *computation) isAncestor(ctx context.Context, base string) (bool, error) {
	ok, err := c.repo.IsAncestor(ctx, base, cmpOr(c.opt.Head, "HEAD"))
	var he *gitrepo.HistoryError
	if errors.As(err, &he) && he.Problem == gitrepo.NotFound && he.Rev == base && !c.repo.Shallow() {
		return false, nil
	}
	return ok, err
}

// defaultBranch names the CI's default branch as this clone has it: the
// remote-tracking branch origin/NAME (CI clones have no local branch of
// it), else the local branch NAME. Neither is missing history, with the
// fetch of origin/NAME.
func (c *computation) defaultBranch(ctx context.Context, name string) (string, error) {
	remote := "origin/" + name
	_, err := c.repo.ResolveAs(ctx, remote, gitrepo.RoleBase)
	if err == nil {
		return remote, nil
	}
	if _, lerr := c.repo.ResolveAs(ctx, name, gitrepo.RoleBase); lerr == nil {
		return name, nil
	}
	return "", err
}

// everyGate is the plan of an event without a change to compare (a
// schedule, a manual run, a tag): every gate of the head's policy, with
// the reason.
func (c *computation) everyGate(ctx context.Context) (*Plan, error) {
	if err := c.loadHead(ctx); err != nil {
		return nil, err
	}
	if err := c.checkProfile(); err != nil {
		return nil, err
	}
	if c.repo != nil {
		head := cmpOr(c.opt.Head, "HEAD")
		rev, err := c.repo.ResolveAs(ctx, head, gitrepo.RoleHead)
		if err != nil {
			return nil, err
		}
		c.headRev = &Revision{Rev: rev.Rev, Commit: rev.Commit}
	}
	c.baseRev = &Revision{Source: c.baseSource}
	b := newBuilder(Input{Graph: c.head.graph, Owners: c.head.owners, Profile: c.opt.Profile})
	b.escalations = append(b.escalations, Escalation{Kind: EscalationEvent, Cause: c.eventAll})
	b.selectAll(Reason{Kind: ReasonEvent, Note: c.eventAll})
	p, err := b.plan()
	if err != nil {
		return nil, err
	}
	return c.finish(p, false)
}

// sourceOf is the source of a base DefaultBase chose from configured.
func (c *computation) sourceOf(configured string) string {
	switch {
	case c.baseSource != "":
		return c.baseSource
	case configured != "":
		return SourceSettings
	}
	return SourceDefault
}
