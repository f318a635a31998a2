package selector

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/gatesel/gatesel/graph"
	"github.com/gatesel/gatesel/ownership"
	"github.com/gatesel/gatesel/selector/gitrepo"
)

// policy is one revision's gates.yaml and CODEOWNERS.
type policy struct {
	graph  *graph.Graph
	owners *ownership.Ruleset // nil when none; its Files are policy files
	where  string             // "head", "base ab12cd3", "work tree"
	warns  []string           // the policy's own warnings (unused globs, skipped CODEOWNERS lines)
	gwarns []graph.Warning    // the graph's warnings, as values (Validate)
}

// headFS is where the head policy is read: the work tree when the head is
// the checked-out HEAD (so a developer's edits count), else the head tree.
// A sparse checkout's work tree (core.sparseCheckout) lacks the policy
// files of the directories it leaves out, which would read as absent and
// drop their services' gates: there the head is HEAD's tree (loadHead
// warns that the work tree's edits of the policy are not read).
func (c *computation) headFS(ctx context.Context) (fs.FS, string, error) {
	if c.repo == nil && c.opt.Head != "" && c.opt.Head != "HEAD" {
		// never read the work tree in place of the revision asked for
		return nil, "", &HeadTreeError{Head: c.opt.Head, Dir: c.root}
	}
	if c.repo == nil {
		return os.DirFS(c.root), "work tree", nil
	}
	if c.checkedOut() && !c.repo.SparseCheckout() {
		return newWorktreeFS(c.root, c.repo), "work tree", nil
	}
	rev, err := c.repo.ResolveAs(ctx, cmpOr(c.opt.Head, "HEAD"), gitrepo.RoleHead)
	if err != nil {
		return nil, "", err
	}
	fsys, err := c.treeFS(ctx, rev.Commit)
	return fsys, "head " + short(rev.Commit), err
}

// headIsHEAD reports whether the head asked for is the checked-out HEAD.
func (c *computation) headIsHEAD() bool { return c.opt.Head == "" || c.opt.Head == "HEAD" }

// checkedOut reports whether the head is the checked-out HEAD of a work
// tree: its policy is the work tree's, unless the checkout is sparse (headFS).
func (c *computation) checkedOut() bool { return c.repo != nil && c.root != "" && c.headIsHEAD() }

func (c *computation) loadHead(ctx context.Context) error {
	fsys, where, err := c.headFS(ctx)
	if err != nil {
		return err
	}
	c.head, err = c.loadPolicy(fsys, where)
	if err == nil {
		c.warnings = append(c.warnings, c.head.warns...)
		if c.checkedOut() && c.repo.SparseCheckout() {
			c.warnings = append(c.warnings, "the work tree is a sparse checkout (core.sparseCheckout): the head policy is read from HEAD's commit, not the work tree, so edits of the policy in the work tree are not read")
		}
	}
	return err
}

// loadPolicy reads gates.yaml (with fragments) and CODEOWNERS from fsys.
func (c *computation) loadPolicy(fsys fs.FS, where string) (*policy, error) {
	name := path.Clean(filepath.ToSlash(cmpOr(c.opt.Config, "gates.yaml")))
	var g *graph.Graph
	var warns []graph.Warning
	var err error
	if c.externalConfig() {
		// infer: reads the revision's manifests; such a load is not cached
		dir := os.DirFS(filepath.Dir(c.opt.Config))
		g, warns, err = graph.LoadExternal(dir, filepath.Base(c.opt.Config), fsys)
	} else {
		g, warns, err = graph.LoadCached(fsys, name, c.policyCache())
	}
	if err != nil {
		if c.externalConfig() {
			return nil, fmt.Errorf("load policy %s:\n%w", c.opt.Config, err)
		}
		if where == "work tree" {
			return nil, err // positions name the files of the work tree
		}
		return nil, fmt.Errorf("load policy from the %s:\n%w", where, err)
	}
	pol := &policy{graph: g, where: where, gwarns: warns}
	for _, w := range warns {
		pol.warns = append(pol.warns, w.String())
	}
	dialect := c.opt.Dialect
	if dialect == ownership.Auto && g.Settings.CodeownersDialect != "" {
		if dialect, err = ownership.ParseDialect(g.Settings.CodeownersDialect); err != nil {
			return nil, err
		}
	}
	file := cmpOr(c.opt.Codeowners, g.Settings.Codeowners)
	if file != "" {
		file = path.Clean(filepath.ToSlash(file))
	}
	rs, err := ownership.Load(fsys, file, dialect) // links only inside the repository
	if errors.Is(err, ownership.ErrNoCodeowners) {
		return pol, nil // no CODEOWNERS: domains match by service only
	}
	if err != nil {
		return nil, fmt.Errorf("read CODEOWNERS from the %s: %w", where, err)
	}
	for _, e := range rs.Skipped {
		pol.warns = append(pol.warns, e.Error()+" (line skipped)")
	}
	pol.owners = rs
	return pol, nil
}

// PolicyCacheEnv is the environment variable that turns the policy cache
// off when set to "off" (Options.NoPolicyCache does it for one call).
const PolicyCacheEnv = "GATESEL_POLICY_CACHE"

// policyCache is the directory of the policy cache (graph.LoadCached):
// gatesel/policy-cache in the repository's git directory (the common one
// of a linked worktree), "" without a repository or when it is turned off.
func (c *computation) policyCache() string {
	if c.repo == nil || c.opt.NoPolicyCache || os.Getenv(PolicyCacheEnv) == "off" {
		return ""
	}
	return c.repo.GateselDir("policy-cache")
}

// editsPolicy reports whether the change touches a policy file of pol:
// gates.yaml, a fragment, CODEOWNERS, any path an include glob matches
// (so adding or deleting a fragment counts too), or a manifest that shapes
// the inferred graph (graph.IsManifest: adding a module or an edge plans
// with the base's graph and the head's).
func (c *computation) editsPolicy(pol *policy) bool {
	pp := newPolicyPaths(pol.graph, pol.owners)
	for _, ch := range c.changes {
		if pp.has(ch.Path) || pp.has(ch.OldPath) ||
			pol.graph.IsManifest(ch.Path) || pol.graph.IsManifest(ch.OldPath) {
			return true
		}
	}
	return false
}

// loadBase reads the base revision's policy when it decides the plan:
// PolicyBase, or a change that edits the head's policy files.
func (c *computation) loadBase(ctx context.Context) error {
	if c.externalConfig() {
		c.warnings = append(c.warnings, "the policy "+c.opt.Config+" is read from the file system as the policy of both revisions: no union of the base's and the head's (CODEOWNERS is the head's)")
		return nil
	}
	want := c.opt.Policy == PolicyBase || (c.opt.Policy != PolicyHead && c.editsPolicy(c.head))
	if !want {
		return nil
	}
	explicit := c.opt.Policy != ""
	commit, err := c.baseCommit(ctx)
	if err != nil {
		var he *gitrepo.HistoryError
		if !explicit && c.opt.Base == "" && c.head.graph.Settings.Base == "" && errors.As(err, &he) && he.Problem == gitrepo.NoDefaultBase {
			// no base is named or configured, and there is none by default
			c.warnings = append(c.warnings, "the change edits the policy but no base revision is named and none of origin/HEAD, origin/main, main resolves: the head's policy alone decides")
			return nil
		}
		if explicit || c.repo != nil || c.enclosing != "" {
			// a repository is there and a base is named or configured, but
			// it cannot be read: never let the head decide alone in silence
			return &BasePolicyError{Err: err}
		}
		c.warnings = append(c.warnings, "the change list is not in a git repository, so there is no base revision: the policy edit is decided by the work tree's policy alone")
		return nil
	}
	pol, fsys, err := c.policyAt(ctx, commit)
	if err != nil {
		if explicit {
			return err
		}
		// a base that has a policy which cannot be read (a --filter clone
		// without its blobs, a damaged store, a policy this version rejects)
		// would let the change decide alone: fail rather than under-select
		if fsys == nil || hasFile(fsys, cmpOr(c.opt.Config, "gates.yaml")) {
			return &BasePolicyError{Err: err}
		}
		c.warnings = append(c.warnings, "the base revision's policy could not be read, only the head policy was used: "+oneLine(err.Error()))
		return nil
	}
	c.base = pol
	c.warnings = append(c.warnings, pol.warns...)
	return nil
}

// externalConfig reports whether Options.Config is an absolute path: a
// policy file outside the revisions (a draft replayed on history), read
// from the file system for both of them.
func (c *computation) externalConfig() bool { return filepath.IsAbs(c.opt.Config) }

// hasFile reports whether fsys has an entry at the slash path name.
func hasFile(fsys fs.FS, name string) bool {
	_, err := fs.Lstat(fsys, path.Clean(filepath.ToSlash(name)))
	return err == nil
}

// baseCommit is the base revision's commit: from the diff, or chosen
// (chooseBase) and resolved for --files.
func (c *computation) baseCommit(ctx context.Context) (string, error) {
	if c.baseRev != nil {
		return c.baseRev.Commit, nil
	}
	if c.repo == nil {
		if c.enclosing != "" {
			return "", &PolicyRootError{Dir: c.root, Root: c.enclosing}
		}
		return "", errors.New("not in a git repository")
	}
	base, err := c.chooseBase(ctx)
	if err != nil {
		return "", err
	}
	rev, err := c.repo.ResolveAs(ctx, base, gitrepo.RoleBase)
	if err != nil {
		return "", err
	}
	c.baseRev = &Revision{Rev: rev.Rev, Commit: rev.Commit, Source: c.sourceOf()}
	return rev.Commit, nil
}

// LoadPolicy reads the policy Compute would use for the head (gates.yaml
// with its fragments, and CODEOWNERS) into an Input without changes, for
// callers that select from values: ExplainPaths, WhyNot, Select. The
// warnings are the policy's own (unused globs, skipped CODEOWNERS lines).
// A Profile that no gate lists is refused, as Compute refuses it.
func LoadPolicy(ctx context.Context, opt Options) (Input, []string, error) {
	c := &computation{opt: opt}
	if err := c.open(ctx, cmpOr(opt.Dir, ".")); err != nil {
		return Input{}, nil, err
	}
	if err := c.loadHead(ctx); err != nil {
		return Input{}, nil, err
	}
	if err := c.checkProfile(); err != nil {
		return Input{}, nil, err
	}
	return Input{Graph: c.head.graph, Owners: c.head.owners, Profile: opt.Profile}, c.warnings, nil
}

// codeownersLocations are the standard CODEOWNERS paths of both hosts.
var codeownersLocations = ownership.Locations(ownership.Auto)

// policyPaths are the paths of a policy: gates.yaml and its fragments
// (link targets included), the paths an include glob matches (so adding
// or deleting a fragment counts), CODEOWNERS (its link target included),
// and every standard CODEOWNERS location (deleting or moving the base's
// CODEOWNERS leaves no trace in the head's files, yet edits the policy).
// The files are a set: a policy of many fragments is many files, and
// every changed path is looked up.
type policyPaths struct {
	files   map[string]struct{}
	include []includeGlob
}

// includeGlob is an include glob and its last segment when that is
// literal ASCII (no `*?[]{}\`; doublestar reads invalid UTF-8 as U+FFFD,
// so "\xdd" matches "\xf7"): only a path whose last segment is the same can
// match it ("services/*/gates.yaml" and gates.yaml), which is compared
// before doublestar is asked (it matched every changed path against every
// include glob, a few percent of a selection).
type includeGlob struct{ glob, last string }

func newIncludeGlob(glob string) includeGlob {
	last := glob[strings.LastIndexByte(glob, '/')+1:]
	if last == "" || strings.ContainsAny(last, "*?[]{}\\") || strings.IndexFunc(last, func(r rune) bool { return r >= utf8.RuneSelf }) >= 0 {
		last = ""
	}
	return includeGlob{glob, last}
}

// match is doublestar.Match(g.glob, p).
func (g includeGlob) match(p string) bool {
	if name := p[strings.LastIndexByte(p, '/')+1:]; g.last != "" && name != "" && name != g.last {
		return false
	}
	ok, _ := doublestar.Match(g.glob, p)
	return ok
}

// newPolicyPaths collects the paths of the policy g with the CODEOWNERS
// rules owners (nil for none).
func newPolicyPaths(g *graph.Graph, owners *ownership.Ruleset) *policyPaths {
	pp := &policyPaths{files: make(map[string]struct{}, len(g.Files)+len(codeownersLocations)+1)}
	for _, inc := range g.Include {
		pp.include = append(pp.include, newIncludeGlob(inc))
	}
	add := func(ps ...string) {
		for _, p := range ps {
			pp.files[p] = struct{}{}
		}
	}
	add(g.Files...)
	add(codeownersLocations...)
	if owners != nil {
		add(owners.Name)
		add(owners.Files...)
	}
	return pp
}

// has reports whether p is one of the policy's paths.
func (pp *policyPaths) has(p string) bool {
	if p == "" {
		return false
	}
	if _, ok := pp.files[p]; ok {
		return true
	}
	for _, inc := range pp.include {
		if inc.match(p) {
			return true
		}
	}
	return false
}
