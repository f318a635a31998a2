package selector

import (
	"context"
	"fmt"
	"io/fs"

	"github.com/gatesel/gatesel/selector/gitrepo"
)

// chooseBase names the base revision when none was given (Options.Base
// empty), in this order (SPEC §5):
//
//  1. Options.Base (the --base flag), when set;
//  2. the CI event's base (issue 14, helper "ci": its function goes here);
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
	t.fsys, t.err = c.repo.TreeFS(ctx, commit)
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
