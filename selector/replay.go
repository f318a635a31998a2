package selector

import (
	"context"
	"slices"

	"github.com/gatesel/gatesel/selector/gitrepo"
)

// Replayer computes the plans of many commits of one repository, each
// against a parent, as Compute with Base: parent and Head: commit computes
// them (TestReplayerIsCompute): the head commit's own policy, united with
// the parent's when the change edits it. It keeps the repository open and
// reads a commit's policy only when its change edits the parent's policy
// files: otherwise the parent's policy is the commit's. For an audit of a
// long range (gatesel audit).
//
// The plans differ from Compute's only in the warnings about globs that
// match no file, which are those of the tree where a policy was read, and
// in that they are not sealed (no digest): they are for counting, not for
// CI. A Replayer is not safe for concurrent use.
type Replayer struct {
	opt      Options
	repo     *gitrepo.Repo
	policies map[string]*cachedPolicy // by commit
}

// cachedPolicy is a policy with the warnings reading it gave.
type cachedPolicy struct {
	pol      *policy
	warnings []string
}

// NewReplayer opens the repository of opt.Dir. Of opt, only Config,
// Codeowners, Dialect, Profile and Policy are used.
func NewReplayer(ctx context.Context, opt Options) (*Replayer, error) {
	repo, err := gitrepo.Open(ctx, cmpOr(opt.Dir, "."))
	if err != nil {
		return nil, err
	}
	opt.Base, opt.Head, opt.Changes, opt.Uncommitted, opt.OnError = "", "", nil, false, ""
	return &Replayer{opt: opt, repo: repo, policies: map[string]*cachedPolicy{}}, nil
}

// Repo is the replayer's repository.
func (r *Replayer) Repo() *gitrepo.Repo { return r.repo }

// Close releases the repository (gitrepo.Repo.Close).
func (r *Replayer) Close() error { return r.repo.Close() }

// Plan computes the plan of commit against parent (full hashes), and
// returns with it the commit's policy, for WhyNot.
func (r *Replayer) Plan(ctx context.Context, parent, commit string) (*Plan, Input, error) {
	c := &computation{opt: r.opt, repo: r.repo, root: r.repo.Root()}
	c.opt.Base, c.opt.Head = parent, commit
	c.baseSource = SourceFlag // the base is named, as Compute with Base set
	if err := c.gitChanges(ctx, parent); err != nil {
		return nil, Input{}, err
	}
	prev := r.policies[parent]
	if prev != nil && !c.editsPolicy(prev.pol) {
		c.head = r.use(c, prev, "head "+short(commit))
	} else {
		cp, err := r.load(ctx, c, commit, "head "+short(commit))
		if err != nil {
			return nil, Input{}, err
		}
		c.head = cp.pol
		r.policies[commit] = cp
	}
	if r.policies[commit] == nil {
		r.policies[commit] = &cachedPolicy{pol: c.head, warnings: prev.warnings}
	}
	want := c.opt.Policy == PolicyBase || (c.opt.Policy != PolicyHead && c.editsPolicy(c.head))
	if want {
		if prev != nil {
			c.base = r.use(c, prev, "base "+short(parent))
		} else if err := c.loadBase(ctx); err != nil {
			return nil, Input{}, err
		}
	}
	if err := c.checkProfile(); err != nil {
		return nil, Input{}, err
	}
	pols := c.policies()
	ins := make([]Input, len(pols))
	for i, pol := range pols {
		ins[i] = Input{Graph: pol.graph, Owners: pol.owners, Changes: c.changes, Profile: c.opt.Profile, Gitlinks: c.gitlinks}
	}
	p, united, err := c.selectEach(pols, ins)
	if err != nil {
		return nil, Input{}, err
	}
	c.conclude(p, united) // as Compute, unsealed
	return p, Input{Graph: c.head.graph, Owners: c.head.owners, Profile: c.opt.Profile}, nil
}

// use is a cached policy under another name, its warnings added to c's.
func (r *Replayer) use(c *computation, cp *cachedPolicy, where string) *policy {
	pol := *cp.pol
	pol.where = where
	c.warnings = append(c.warnings, cp.warnings...)
	return &pol
}

// load reads commit's policy from its tree, keeping the warnings. The
// tree alone, not beside the work tree as Compute reads it (treeFS): the
// replayer keeps the repository open, so a commit's Go blobs are mostly
// in its object cache from the commits before, and reading and hashing
// the work tree's files again costs more (docs/performance.md, "Review
// mends, round 2": 20 commits that edit a go.mod, 87-101 ms of CPU from
// the tree, 130-135 ms beside the work tree).
func (r *Replayer) load(ctx context.Context, c *computation, commit, where string) (*cachedPolicy, error) {
	fsys, err := r.repo.TreeFS(ctx, commit)
	if err != nil {
		return nil, err
	}
	n := len(c.warnings)
	pol, err := c.loadPolicy(fsys, where)
	if err != nil {
		return nil, err
	}
	return &cachedPolicy{pol: pol, warnings: slices.Clone(c.warnings[n:])}, nil
}

// PolicyAt is the policy of a commit (full hash), as the replayer reads
// it: the one cached for it, else read from its tree.
func (r *Replayer) PolicyAt(ctx context.Context, commit string) (Input, error) {
	cp := r.policies[commit]
	if cp == nil {
		var err error
		c := &computation{opt: r.opt, repo: r.repo, root: r.repo.Root()}
		if cp, err = r.load(ctx, c, commit, "head "+short(commit)); err != nil {
			return Input{}, err
		}
		r.policies[commit] = cp
	}
	return Input{Graph: cp.pol.graph, Owners: cp.pol.owners, Profile: r.opt.Profile}, nil
}
