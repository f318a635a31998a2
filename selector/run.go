package selector

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/gatesel/gatesel/graph"
	"github.com/gatesel/gatesel/internal/suggest"
	"github.com/gatesel/gatesel/ownership"
	"github.com/gatesel/gatesel/selector/cibase"
	"github.com/gatesel/gatesel/selector/gitrepo"
)

// Options configure Compute. The zero value reads the change from the git
// repository around the current directory, from the merge base with the
// default base revision to HEAD, with the policy of both revisions.
type Options struct {
	Dir         string            // a directory inside the repository; default "."
	Config      string            // policy file, relative to the repository root; default "gates.yaml"; an absolute path is read from the file system as the policy of both revisions
	Codeowners  string            // CODEOWNERS file, relative to the root; default settings.codeowners, else the standard locations
	Dialect     ownership.Dialect // CODEOWNERS dialect; Auto follows settings.codeowners_dialect, then the file
	Base, Head  string            // revisions; Base defaults to settings.base, origin/HEAD, origin/main, main; Head to HEAD
	Uncommitted bool              // add staged, unstaged and untracked files (a developer's preview)
	Changes     []Change          // when non-nil the change set is this, not git's (--files)
	Warnings    []string          // warnings about the input (ReadFiles's), copied into the plan
	Profile     string            // keep only gates of this profile (contract gates always stay)
	Policy      Policy            // PolicyBoth (default), PolicyBase or PolicyHead: whose gates.yaml and CODEOWNERS decide
	OnError     OnError           // OnErrorFail (default) or OnErrorAll: on any failure, plan every gate (reason fallback)
	// NoPolicyCache neither reads nor writes the policy cache of the
	// repository (.git/gatesel/policy-cache, graph.LoadCached); the
	// environment's GATESEL_POLICY_CACHE=off does the same for every call.
	NoPolicyCache bool
	// CI is the CI event's base (cibase.Detect), used when Base is "":
	// Base, then CI, then settings.base, then origin/HEAD, origin/main,
	// main. An event without a change to compare plans every gate.
	CI *cibase.Event
	// OnFallback, when set, is called with the cause when OnErrorAll
	// plans every gate (the plan's fallback escalation says it as text).
	OnFallback func(cause error)
}

// Compute is the one-call entry point: it reads the change, the policy
// and the ownership map, selects, and returns the sealed plan.
//
// When the change edits gates.yaml, one of its fragments or CODEOWNERS,
// the plan is the union of the plans of the base revision's policy and the
// head's (PolicyBoth), so that a change cannot drop its own gates.
func Compute(ctx context.Context, opt Options) (*Plan, error) {
	c := &computation{opt: opt, warnings: slices.Clone(opt.Warnings)}
	defer c.close()
	p, err := c.run(ctx)
	if err == nil {
		return p, nil
	}
	if opt.OnError != OnErrorAll {
		return nil, err
	}
	p, ferr := c.fallback(err)
	if ferr == nil && opt.OnFallback != nil {
		opt.OnFallback(err)
	}
	return p, ferr
}

type computation struct {
	opt       Options
	root      string
	repo      *gitrepo.Repo
	head      *policy // the head revision's (or work tree's) policy
	base      *policy
	baseRev   *Revision
	headRev   *Revision
	mergeBase string
	changes   []Change
	gitlinks  []string // the changed paths that are submodule pointers (Diff.Submodules)
	warnings  []string
	// baseSource is where the base came from (Revision.Source), when
	// Options.Base or Options.CI chose it (chooseBase).
	baseSource string
	// eventAll is the reason when the CI event has no change to compare.
	eventAll  string
	enclosing string                // --files: the top level of the repository around a root that is not one
	trees     map[string]treePolicy // policies read from commits (policyAt)
	released  bool                  // repo was closed before the selection (release)
}

func (c *computation) run(ctx context.Context) (*Plan, error) {
	opt := c.opt
	dir := cmpOr(opt.Dir, ".")
	if _, err := ParsePolicy(string(opt.Policy)); err != nil {
		return nil, err
	}
	if err := c.open(ctx, dir); err != nil {
		return nil, err
	}
	if err := c.eventBase(ctx); err != nil {
		return nil, err
	}
	if c.eventAll != "" {
		return c.everyGate(ctx)
	}
	if err := c.headAndChanges(ctx); err != nil {
		return nil, err
	}
	if err := c.loadBase(ctx); err != nil {
		return nil, err
	}
	if err := c.checkProfile(); err != nil {
		return nil, err
	}
	pols := c.policies()
	ins := make([]Input, len(pols))
	for i, pol := range pols {
		ins[i] = Input{Graph: pol.graph, Owners: pol.owners, Changes: c.changes, Profile: opt.Profile, Gitlinks: c.gitlinks, Lockfiles: c.lockfiles(ctx, pol)}
	}
	c.release() // git has been read
	p, united, err := c.selectEach(pols, ins)
	if err != nil {
		return nil, err
	}
	return c.finish(p, united)
}

// selectEach selects with each policy (ins[i] is pols[i]'s input) and
// unites the plans when there are two (united): a gate redefined by the
// head runs in both definitions. The plan is not normalized (conclude).
func (c *computation) selectEach(pols []*policy, ins []Input) (p *Plan, united bool, err error) {
	var plans []*Plan
	for i, in := range ins {
		p, err := selectPlan(in)
		if err != nil {
			return nil, false, fmt.Errorf("select with the %s policy: %w", pols[i].where, err)
		}
		plans = append(plans, p)
	}
	if len(plans) == 2 {
		return unite(plans[1], plans[0]), true, nil
	}
	return plans[0], false, nil
}

// finish concludes the plan and seals it.
func (c *computation) finish(p *Plan, united bool) (*Plan, error) {
	c.conclude(p, united)
	if err := p.Seal(); err != nil {
		return nil, err
	}
	return p, nil
}

// conclude adds the revisions and warnings (and, for a united plan, its
// escalation) and normalizes the plan, once: the plans of selectPlan and
// unite are not. The Replayer's plans are concluded, not sealed.
func (c *computation) conclude(p *Plan, united bool) {
	p.Base, p.Head, p.MergeBase = c.baseRev, c.headRev, c.mergeBase
	p.Warnings = append(p.Warnings, c.warnings...)
	if united {
		p.Escalations = append(p.Escalations, Escalation{Kind: EscalationPolicy, Cause: "the change edits the policy: the plan is the union of the plans of the " + c.base.where + " and " + c.head.where + " policies"})
	}
	p.normalize()
}

// open finds the root the policy is read from. With a change from git it
// is the work tree of the repository around dir. With a change given as
// values (--files) it is dir itself, the tree the paths are relative to;
// the repository is then used (for the base policy) only when dir is its
// top level.
func (c *computation) open(ctx context.Context, dir string) error {
	repo, err := gitrepo.Open(ctx, dir)
	if c.opt.Changes == nil {
		if err != nil {
			return err
		}
		c.repo, c.root = repo, repo.Root()
		return nil
	}
	c.root = dir
	if err == nil && repo.Root() != "" && sameDir(repo.Root(), dir) {
		c.repo = repo
	} else if err == nil {
		c.enclosing = cmpOr(repo.Root(), "a bare repository")
		_ = repo.Close()
	}
	return nil
}

// close releases the repository (its mapped packs and commit-graph).
func (c *computation) close() {
	if c.repo != nil {
		_ = c.repo.Close()
	}
}

// release closes the repository once the change, the policies and the
// lockfiles are read, before the selection: the pages of its mapped packs
// (165 MB of the 1,000,000-file repository, every page of them read by
// the diff) stayed resident beside the plan, and made the run's peak
// memory. A fallback after a failed selection opens it again (reopen).
func (c *computation) release() {
	if c.repo != nil {
		_ = c.repo.Close()
		c.released = true
	}
}

// reopen opens the repository release closed, as open did, with no
// policy of a tree read from it yet (their file systems read the closed
// one).
func (c *computation) reopen(ctx context.Context) {
	if !c.released {
		return
	}
	c.repo, c.trees, c.released = nil, nil, false
	_ = c.open(ctx, cmpOr(c.opt.Dir, ".")) // it opened before: an error now leaves no repository, as for a failure
}

func sameDir(a, b string) bool {
	sa, errA := os.Stat(a)
	sb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(sa, sb)
}

// policies lists the policies whose plans are united.
func (c *computation) policies() []*policy {
	switch {
	case c.opt.Policy == PolicyBase && c.base != nil:
		return []*policy{c.base}
	case c.opt.Policy == PolicyHead || c.base == nil:
		return []*policy{c.head}
	}
	return []*policy{c.head, c.base}
}

// headAndChanges loads the head policy, then reads the change: a policy
// error wins, and leaves no change read. With an explicit base the two
// are independent, and until round 7 of docs/performance.md the diff ran
// in a goroutine beside the load; but gatesel select runs on one
// processor, where the goroutine bought nothing, and measured as nothing
// gone when removed.
func (c *computation) headAndChanges(ctx context.Context) error {
	if err := c.loadHead(ctx); err != nil {
		return err
	}
	return c.readChanges(ctx)
}

// readChanges takes the change from the options or from git.
func (c *computation) readChanges(ctx context.Context) error {
	if c.opt.Changes != nil {
		c.changes = c.opt.Changes
		return nil
	}
	base, err := c.chooseBase(ctx)
	if err != nil {
		return err
	}
	return c.gitChanges(ctx, base)
}

// gitChanges reads the change from base to the head from git.
func (c *computation) gitChanges(ctx context.Context, base string) error {
	base, err := c.repo.DefaultBase(ctx, base)
	if err != nil {
		return err
	}
	d, err := c.repo.Diff(ctx, base, cmpOr(c.opt.Head, "HEAD"))
	if err != nil {
		return err
	}
	c.baseRev = &Revision{Rev: d.Base.Rev, Commit: d.Base.Commit, Source: c.sourceOf()}
	c.headRev = &Revision{Rev: d.Head.Rev, Commit: d.Head.Commit}
	c.mergeBase = d.MergeBase
	c.changes, c.gitlinks = d.Changes, d.Submodules
	c.warnings = append(c.warnings, d.Warnings...) // about the repository, e.g. an ignored commit-graph
	if len(d.MergeBases) > 1 {
		shorts := make([]string, len(d.MergeBases))
		for i, h := range d.MergeBases {
			shorts[i] = short(h)
		}
		c.warnings = append(c.warnings, fmt.Sprintf("%s and %s have %d merge bases (criss-cross merges): the change is the union of the diffs from each (%s), which holds git diff %s...%s whichever base git picks",
			d.Base.Rev, d.Head.Rev, len(d.MergeBases), strings.Join(shorts, ", "), d.Base.Rev, d.Head.Rev))
	}
	if c.opt.Uncommitted {
		more, err := c.repo.Uncommitted(ctx)
		if err != nil {
			return fmt.Errorf("read uncommitted changes: %w", err)
		}
		c.changes = append(slices.Clone(c.changes), more...)
	}
	return nil
}

func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// checkProfile refuses a profile that none of the policies knows: a typo
// in --profile would otherwise drop every gate that has profiles. A
// policy with a profiles: section knows the profiles it declares (one that
// no gate lists is valid: it keeps the gates without profiles and the
// contract gates); one without knows the profiles its gates list.
func (c *computation) checkProfile() error {
	var pols []*graph.Graph
	for _, pol := range []*policy{c.head, c.base} {
		if pol != nil {
			pols = append(pols, pol.graph)
		}
	}
	return CheckProfile(c.opt.Profile, pols...)
}

// CheckProfile reports whether profile ("" for none) is known to one of
// the policies (see Options.Profile): declared in its profiles: section,
// or, in a policy that declares none, listed by one of its gates. The
// error names what is known, with a suggestion.
func CheckProfile(profile string, policies ...*graph.Graph) error {
	if profile == "" {
		return nil
	}
	var known, declaredIn []string
	for _, g := range policies {
		if g.Profiles != nil {
			known = append(known, g.ProfileNames()...)
			where := "the policy"
			if len(g.Files) > 0 {
				where = g.Files[0]
			}
			declaredIn = append(declaredIn, where)
			continue
		}
		for _, gt := range g.Gates {
			known = append(known, gt.Profiles...)
		}
	}
	if slices.Contains(known, profile) {
		return nil
	}
	known = sortedUnique(known)
	if len(declaredIn) > 0 {
		return fmt.Errorf("unknown profile %q: not declared in the profiles of %s (profiles: %s)%s",
			profile, strings.Join(sortedUnique(declaredIn), ", "), orNone(known), suggest.DidYouMean(profile, known))
	}
	return fmt.Errorf("unknown profile %q: no gate lists it (profiles: %s)%s",
		profile, orNone(known), suggest.DidYouMean(profile, known))
}

func orNone(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}
