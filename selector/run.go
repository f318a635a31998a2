package selector

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/gatesel/gatesel/graph"
	"github.com/gatesel/gatesel/ownership"
)

// Options configure Compute. The zero value reads the change from the git
// repository around the current directory, from the merge base with the
// default base revision to HEAD, with the policy of both revisions.
type Options struct {
	Dir         string            // a directory inside the repository; default "."
	Config      string            // policy file, relative to the repository root; default "gates.yaml"
	Codeowners  string            // CODEOWNERS file, relative to the root; default settings.codeowners, else the standard locations
	Dialect     ownership.Dialect // CODEOWNERS dialect; Auto follows settings.codeowners_dialect, then the file
	Base, Head  string            // revisions; Base defaults to settings.base, origin/HEAD, origin/main, main; Head to HEAD
	Uncommitted bool              // add staged, unstaged and untracked files (a developer's preview)
	Changes     []Change          // when non-nil the change set is this, not git's (--files)
	Profile     string            // keep only gates of this profile (contract gates always stay)
	Policy      string            // "both" (default), "base" or "head": whose gates.yaml and CODEOWNERS decide
	OnError     string            // "fail" (default) or "all": on any failure, plan every gate (reason fallback)
}

// Policy choices for Options.Policy.
const (
	PolicyBoth = "both"
	PolicyBase = "base"
	PolicyHead = "head"
)

// Compute is the one-call entry point: it reads the change, the policy
// and the ownership map, selects, and returns the sealed plan.
//
// When the change edits gates.yaml, one of its fragments or CODEOWNERS,
// the plan is the union of the plans of the base revision's policy and the
// head's (Policy "both"), so that a change cannot drop its own gates.
func Compute(ctx context.Context, opt Options) (*Plan, error) {
	c := &computation{opt: opt}
	p, err := c.run(ctx)
	if err == nil {
		return p, nil
	}
	if opt.OnError != "all" {
		return nil, err
	}
	return c.fallback(err)
}

type computation struct {
	opt       Options
	root      string
	repo      *Repo
	head      *policy // the head revision's (or work tree's) policy
	base      *policy
	baseRev   *Revision
	headRev   *Revision
	mergeBase string
	changes   []Change
	warnings  []string
}

// policy is one revision's gates.yaml and CODEOWNERS.
type policy struct {
	graph      *graph.Graph
	owners     *ownership.Ruleset
	codeowners string // repository-relative path of the CODEOWNERS file read, "" when none
	where      string // "head", "base ab12cd3", "work tree"
}

func (c *computation) run(ctx context.Context) (*Plan, error) {
	opt := c.opt
	dir := cmpOr(opt.Dir, ".")
	switch opt.Policy {
	case "", PolicyBoth, PolicyBase, PolicyHead:
	default:
		return nil, fmt.Errorf("unknown policy %q (want both, base or head)", opt.Policy)
	}
	if err := c.open(ctx, dir); err != nil {
		return nil, err
	}
	if err := c.headAndChanges(ctx); err != nil {
		return nil, err
	}
	if err := c.loadBase(ctx); err != nil {
		return nil, err
	}
	var plans []*Plan
	for _, pol := range c.policies() {
		p, err := Select(Input{Graph: pol.graph, Owners: pol.owners, Changes: c.changes, Profile: opt.Profile})
		if err != nil {
			return nil, fmt.Errorf("select with the %s policy: %w", pol.where, err)
		}
		plans = append(plans, p)
	}
	return c.finish(Union(plans...), len(plans) == 2)
}

// open finds the root the policy is read from. With a change from git it
// is the work tree of the repository around dir. With a change given as
// values (--files) it is dir itself, the tree the paths are relative to;
// the repository is then used (for the base policy) only when dir is its
// top level.
func (c *computation) open(ctx context.Context, dir string) error {
	repo, err := OpenRepo(ctx, dir)
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
	}
	return nil
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

func (c *computation) finish(p *Plan, united bool) (*Plan, error) {
	p.Base, p.Head, p.MergeBase = c.baseRev, c.headRev, c.mergeBase
	p.Warnings = append(p.Warnings, c.warnings...)
	if united {
		p.Escalations = append(p.Escalations, Escalation{Kind: "policy", Cause: "the change edits the policy: the plan is the union of the plans of the " + c.base.where + " and " + c.head.where + " policies"})
	}
	p.normalize()
	if err := p.seal(); err != nil {
		return nil, err
	}
	return p, nil
}

// headFS is where the head policy is read: the work tree when the head is
// the checked-out HEAD (so a developer's edits count), else the head tree.
func (c *computation) headFS(ctx context.Context) (fs.FS, string, error) {
	if c.repo == nil || (c.root != "" && (c.opt.Head == "" || c.opt.Head == "HEAD")) {
		return os.DirFS(c.root), "work tree", nil
	}
	rev, err := c.repo.Resolve(ctx, cmpOr(c.opt.Head, "HEAD"))
	if err != nil {
		return nil, "", err
	}
	fsys, err := c.repo.TreeFS(ctx, rev.Commit)
	return fsys, "head " + short(rev.Commit), err
}

func (c *computation) loadHead(ctx context.Context) error {
	fsys, where, err := c.headFS(ctx)
	if err != nil {
		return err
	}
	c.head, err = c.loadPolicy(fsys, where)
	return err
}

// loadPolicy reads gates.yaml (with fragments) and CODEOWNERS from fsys.
func (c *computation) loadPolicy(fsys fs.FS, where string) (*policy, error) {
	name := path.Clean(filepath.ToSlash(cmpOr(c.opt.Config, "gates.yaml")))
	g, warns, err := graph.Load(fsys, name)
	if err != nil {
		if where == "work tree" {
			return nil, err // positions name the files of the work tree
		}
		return nil, fmt.Errorf("load policy from the %s:\n%w", where, err)
	}
	for _, w := range warns {
		c.warnings = append(c.warnings, w.String())
	}
	pol := &policy{graph: g, where: where}
	dialect := c.opt.Dialect
	if dialect == ownership.Auto && g.Settings.CodeownersDialect != "" {
		if dialect, err = ownership.ParseDialect(g.Settings.CodeownersDialect); err != nil {
			return nil, err
		}
	}
	file := cmpOr(c.opt.Codeowners, g.Settings.Codeowners)
	if file == "" {
		for _, loc := range ownership.Locations(dialect) {
			// present in any form: a directory or a dangling link fails below, never skipped
			if _, err := fs.Lstat(fsys, loc); err == nil {
				file = loc
				break
			}
		}
	}
	if file == "" {
		return pol, nil // no CODEOWNERS: domains match by service only
	}
	file = path.Clean(filepath.ToSlash(file))
	data, err := graph.ReadFile(fsys, file, ownership.MaxSize) // links only inside the repository
	if err != nil {
		return nil, fmt.Errorf("read CODEOWNERS from the %s: %w", where, err)
	}
	if real, err := graph.ResolveLinks(fsys, file); err == nil && real != file {
		pol.graph.Files = append(pol.graph.Files, real) // a change to the link's target edits the policy
	}
	rs, err := ownership.Parse(file, data, dialect)
	if rs == nil {
		return nil, fmt.Errorf("read CODEOWNERS from the %s: %w", where, err)
	}
	if err != nil {
		for _, line := range strings.Split(strings.TrimSpace(err.Error()), "\n") {
			c.warnings = append(c.warnings, strings.TrimSpace(line)+" (line skipped)")
		}
	}
	pol.owners, pol.codeowners = rs, file
	return pol, nil
}

// headAndChanges loads the head policy, then reads the change. With a
// change from git and an explicit base the two do not depend on each other
// and run concurrently (on a large monorepo the policy and the diff of a
// large change cost about the same); the outcome is the sequential one: a
// policy error wins, and leaves no change read.
func (c *computation) headAndChanges(ctx context.Context) error {
	if c.opt.Changes != nil || c.opt.Base == "" {
		if err := c.loadHead(ctx); err != nil {
			return err
		}
		return c.readChanges(ctx)
	}
	done := make(chan error, 1)
	go func() { done <- c.gitChanges(ctx, c.opt.Base) }()
	errHead := c.loadHead(ctx)
	errDiff := <-done
	if errHead != nil {
		c.baseRev, c.headRev, c.mergeBase, c.changes = nil, nil, "", nil
		return errHead
	}
	return errDiff
}

// readChanges takes the change from the options or from git.
func (c *computation) readChanges(ctx context.Context) error {
	if c.opt.Changes != nil {
		c.changes = c.opt.Changes
		return nil
	}
	return c.gitChanges(ctx, cmpOr(c.opt.Base, c.head.graph.Settings.Base))
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
	c.baseRev, c.headRev, c.mergeBase = &d.Base, &d.Head, d.MergeBase
	c.changes = d.Changes
	if c.opt.Uncommitted {
		more, err := c.repo.Uncommitted(ctx)
		if err != nil {
			return fmt.Errorf("read uncommitted changes: %w", err)
		}
		c.changes = append(slices.Clone(c.changes), more...)
	}
	return nil
}

// editsPolicy reports whether the change touches a policy file of pol:
// gates.yaml, a fragment, CODEOWNERS, or any path an include glob matches
// (so adding or deleting a fragment counts too).
func (c *computation) editsPolicy(pol *policy) bool {
	files := slices.Clone(pol.graph.Files)
	if pol.codeowners != "" {
		files = append(files, pol.codeowners)
	}
	hit := func(p string) bool {
		if p == "" {
			return false
		}
		if slices.Contains(files, p) {
			return true
		}
		for _, inc := range pol.graph.Include {
			if ok, _ := doublestar.Match(inc, p); ok {
				return true
			}
		}
		return false
	}
	for _, ch := range c.changes {
		if hit(ch.Path) || hit(ch.OldPath) {
			return true
		}
	}
	return false
}

// loadBase reads the base revision's policy when it decides the plan:
// Policy "base", or a change that edits the head's policy files.
func (c *computation) loadBase(ctx context.Context) error {
	want := c.opt.Policy == PolicyBase || (c.opt.Policy != PolicyHead && c.editsPolicy(c.head))
	if !want {
		return nil
	}
	explicit := c.opt.Policy != ""
	commit, err := c.baseCommit(ctx)
	if err != nil {
		if explicit {
			return fmt.Errorf("read the base policy: %w", err)
		}
		c.warnings = append(c.warnings, "the change edits the policy but the base revision is not available ("+err.Error()+"): only the head policy was used")
		return nil
	}
	fsys, err := c.repo.TreeFS(ctx, commit)
	if err == nil {
		c.base, err = c.loadPolicy(fsys, "base "+short(commit))
	}
	if err != nil {
		if explicit {
			return err
		}
		// a base that has a policy which cannot be read (a --filter clone
		// without its blobs, a damaged store, a policy this version rejects)
		// would let the change decide alone: fail rather than under-select
		if fsys == nil || hasFile(fsys, cmpOr(c.opt.Config, "gates.yaml")) {
			return fmt.Errorf("read the base revision's policy, which the change edits (fetch the base revision's files, or pass --policy head to decide with the head's alone):\n%w", err)
		}
		c.warnings = append(c.warnings, "the base revision's policy could not be read, only the head policy was used: "+oneLine(err.Error()))
	}
	return nil
}

// hasFile reports whether fsys has an entry at the slash path name.
func hasFile(fsys fs.FS, name string) bool {
	_, err := fs.Lstat(fsys, path.Clean(filepath.ToSlash(name)))
	return err == nil
}

// baseCommit is the base revision's commit: from the diff, or resolved for --files.
func (c *computation) baseCommit(ctx context.Context) (string, error) {
	if c.baseRev != nil {
		return c.baseRev.Commit, nil
	}
	if c.repo == nil {
		return "", errors.New("not in a git repository")
	}
	settingsBase := ""
	if c.head != nil { // nil when the head policy failed to load (--on-error all)
		settingsBase = c.head.graph.Settings.Base
	}
	base, err := c.repo.DefaultBase(ctx, cmpOr(c.opt.Base, settingsBase))
	if err != nil {
		return "", err
	}
	rev, err := c.repo.Resolve(ctx, base)
	if err != nil {
		return "", err
	}
	c.baseRev = &rev
	return rev.Commit, nil
}

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
		return nil, fmt.Errorf("%w\n(--on-error all found no readable policy to plan every gate from)", cause)
	}
	note := oneLine(cause.Error())
	b := newBuilder(Input{Graph: pol.graph, Owners: pol.owners, Profile: c.opt.Profile})
	for _, ch := range normalize(c.changes) {
		b.changes = append(b.changes, ChangeInfo{Change: ch, Owners: []string{}, Claims: []string{}})
	}
	b.escalations = append(b.escalations, Escalation{Kind: "fallback", Cause: note})
	b.selectAll(Reason{Kind: ReasonFallback, Note: note})
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

// LoadPolicy reads the policy Compute would use for the head (gates.yaml
// with its fragments, and CODEOWNERS) into an Input without changes, for
// callers that select from values: ExplainPaths, WhyNot, Select. The
// warnings are the policy's own (unused globs, skipped CODEOWNERS lines).
func LoadPolicy(ctx context.Context, opt Options) (Input, []string, error) {
	c := &computation{opt: opt}
	if err := c.open(ctx, cmpOr(opt.Dir, ".")); err != nil {
		return Input{}, nil, err
	}
	if err := c.loadHead(ctx); err != nil {
		return Input{}, nil, err
	}
	return Input{Graph: c.head.graph, Owners: c.head.owners, Profile: opt.Profile}, c.warnings, nil
}
