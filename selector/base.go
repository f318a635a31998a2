package selector

import (
	"context"
	"errors"
	"fmt"
	"io/fs"

	"github.com/gatesel/gatesel/selector/gitrepo"
)

// chooseBase names the base revision when none was given (Options.Base
// empty), in this order (SPEC §5):
//
//  1. Options.Base (the --base flag), when set;
//  2. the CI event's base (Options.CI; eventBase, run before, sets
//     Options.Base from it);
//  3. settings.base of the policy of the default base, the first of
//     origin/HEAD, origin/main and main that resolves;
//  4. that default base itself.
//
// The head's settings.base never counts: the revision that defines the
// change must not come from the change (a pull request that sets
// settings.base: HEAD would otherwise plan an empty change). A head whose
// settings.base differs gets a warning and no effect; with no default base
// to read a trusted one from, a head that sets it is an error.
func (c *computation) chooseBase(ctx context.Context) (string, error) {
	if c.opt.Base != "" {
		return c.opt.Base, nil
	}
	headSetting := ""
	if c.head != nil { // nil when the head policy failed to load (--on-error all)
		headSetting = c.head.graph.Settings.Base
	}
	def, err := c.repo.DefaultBase(ctx, "")
	if err != nil {
		if headSetting != "" {
			return "", fmt.Errorf("settings.base %q of the head's policy is not used (a change never picks its own base) and no default base resolves to read a trusted one from: %w", headSetting, err)
		}
		return "", err
	}
	trusted := ""
	rev, err := c.repo.ResolveAs(ctx, def, gitrepo.RoleBase)
	if err == nil {
		var pol *policy
		var fsys fs.FS
		pol, fsys, err = c.policyAt(ctx, rev.Commit)
		switch {
		case err == nil:
			trusted = pol.graph.Settings.Base
		case fsys != nil && !hasFile(fsys, cmpOr(c.opt.Config, "gates.yaml")):
			err = nil // the default base has no policy yet: nothing is configured
		}
	}
	if err != nil {
		c.warnings = append(c.warnings, fmt.Sprintf("settings.base could not be read from the policy of the default base %s, so %s is the base: %s", def, def, oneLine(err.Error())))
	}
	switch {
	case c.head == nil || headSetting == trusted:
	case headSetting == "":
		c.warnings = append(c.warnings, fmt.Sprintf("the head's policy has no settings.base, which has no effect: the base comes from the policy of %s (settings.base %q), never from the change itself", def, trusted))
	default:
		c.warnings = append(c.warnings, fmt.Sprintf("settings.base %q of the head's policy is not used: the base comes from the policy of %s (settings.base %q), never from the change itself", headSetting, def, trusted))
	}
	if c.baseSource == "" {
		c.baseSource = SourceDefault
		if trusted != "" {
			c.baseSource = SourceSettings
		}
	}
	return cmpOr(trusted, def), nil
}

// treePolicy is a policy read from a commit, or why it could not be.
type treePolicy struct {
	pol  *policy
	fsys fs.FS
	err  error
}

// policyAt reads the policy of a commit's tree, once per commit: the
// default base's policy read for settings.base is the base policy of a
// policy edit when the two are the same commit. fsys is nil when the tree
// itself cannot be read.
func (c *computation) policyAt(ctx context.Context, commit string) (*policy, fs.FS, error) {
	if t, ok := c.trees[commit]; ok {
		return t.pol, t.fsys, t.err
	}
	var t treePolicy
	t.fsys, t.err = c.treeFS(ctx, commit)
	if t.err != nil {
		t.fsys = nil
	} else {
		t.pol, t.err = c.loadPolicy(t.fsys, "base "+short(commit))
	}
	if c.trees == nil {
		c.trees = map[string]treePolicy{}
	}
	c.trees[commit] = t
	return t.pol, t.fsys, t.err
}

// Where a plan's base came from (Revision.Source) when not from a CI event,
// whose sources are cibase.Event.Source ("github:pull_request", …).
const (
	SourceFlag     = "flag"     // Options.Base (gatesel's --base)
	SourceSettings = "settings" // settings.base of the policy
	SourceDefault  = "default"  // the first of origin/HEAD, origin/main, main
)

// eventBase is step 2 of chooseBase's order: the CI event's base
// (Options.CI), when Options.Base is empty. It runs before chooseBase and
// sets Options.Base (and the source) for it, or, for an event without a
// change to compare, the reason to plan every gate.
//
// An event's base is a fact of the CI, not of the change: a pull request
// cannot choose it. A push's previous tip counts only when it is an
// ancestor of the head: a force push or a new branch is measured from the
// merge base with the default branch instead.
func (c *computation) eventBase(ctx context.Context) error {
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

// sourceOf is the source of the base of the change: eventBase's, or
// chooseBase's (settings.base of the default base's policy, or the default
// base itself).
func (c *computation) sourceOf() string { return cmpOr(c.baseSource, SourceDefault) }
