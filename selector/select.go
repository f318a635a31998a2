package selector

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/gatesel/gatesel/graph"
	"github.com/gatesel/gatesel/infer"
	"github.com/gatesel/gatesel/ownership"
)

// Input is everything one selection needs, as plain values.
type Input struct {
	Graph   *graph.Graph
	Owners  *ownership.Ruleset // nil when the repository has no CODEOWNERS
	Changes []Change
	Profile string // "" keeps every gate; otherwise gates whose profiles omit it are dropped
	// Gitlinks lists the changed paths that are submodule pointers (a git
	// diff knows them, a change list does not): each is owned as its
	// directory is (ownership.Ruleset.MatchGitlink).
	Gitlinks []string

	// Lockfiles are the comparisons of changed lockfiles of the inferred
	// workspaces, by path (Compute fills it); such a path is claimed by
	// the comparison ("lockfile").
	Lockfiles map[string]infer.LockChange
}

// Select applies the four layers of SPEC §2 and the escalations of §5 to
// one policy and returns the plan, unsealed (no digest, no revisions).
// It fails only for settings.unowned: error, or a template that cannot
// render.
func Select(in Input) (*Plan, error) {
	p, err := selectPlan(in)
	if err != nil {
		return nil, err
	}
	p.normalize()
	return p, nil
}

// selectPlan is Select without the plan's normalize: Compute adds its
// warnings and revisions, and may unite two plans, before it normalizes
// the plan once (normalize was about 6 % of a 10,000-file selection, and
// ran twice).
func selectPlan(in Input) (*Plan, error) {
	if in.Graph == nil {
		return nil, fmt.Errorf("select: no policy graph")
	}
	b := newBuilder(in)
	for _, c := range normalize(in.Changes) {
		b.change(c)
	}
	b.smoke()
	if err := b.escalate(); err != nil {
		return nil, err
	}
	return b.plan()
}

// builder accumulates the instances of one selection.
type builder struct {
	in          Input
	g           *graph.Graph
	inst        map[instKey]*Instance
	ownerDomain map[string][]string // CODEOWNERS owner, lower-cased -> domains listing it
	starts      map[graph.Node]bool // changed services and contracts that propagate
	unowned     []string
	all         bool
	changes     []ChangeInfo
	escalations []Escalation
	warnings    []string
	err         error                // first render error
	unrendered  []string             // instances whose templates failed, with the error
	budget      graph.Budget         // the templates' budget, shared by the plan's renders
	policy      *policyPaths         // the policy's own files
	strs        map[[2]string]string // cat's strings
}

func newBuilder(in Input) *builder {
	b := &builder{
		in:          in,
		g:           in.Graph,
		inst:        map[instKey]*Instance{},
		ownerDomain: map[string][]string{},
		starts:      map[graph.Node]bool{},
		changes:     make([]ChangeInfo, 0, len(in.Changes)),
		policy:      newPolicyPaths(in.Graph, in.Owners),
		strs:        map[[2]string]string{},
	}
	for _, name := range sortedKeys(b.g.Domains) {
		for _, o := range b.g.Domains[name].Owners {
			// handles and e-mail addresses are case-insensitive on GitHub and GitLab
			k := strings.ToLower(o)
			if !slices.Contains(b.ownerDomain[k], name) {
				b.ownerDomain[k] = append(b.ownerDomain[k], name)
			}
		}
	}
	for _, name := range sortedKeys(b.g.Contracts) {
		for _, gate := range b.g.Contracts[name].Gates {
			b.add(gate, graph.ScopeContract, name, Reason{Kind: ReasonAlways})
		}
	}
	return b
}

// statusRank orders statuses by how much they say.
var statusRank = map[Status]int{Renamed: 6, Copied: 5, TypeChg: 4, Added: 3, Deleted: 2, Modified: 1, Unknown: 0}

// normalize returns the changes sorted by path, each path once. When a
// path is named twice, the most informative status wins, and an old path
// that would be lost with the other entry is kept as a change of its own,
// so that merging never drops a claimed path.
//
// A diff lists each path once, in order: such a list is its own answer,
// checked in one pass instead of merged through a map and sorted
// (TestNormalizeSortedAgrees).
func normalize(cs []Change) []Change {
	for i := 1; i < len(cs); i++ {
		if cs[i-1].Path >= cs[i].Path {
			return merge(cs)
		}
	}
	if len(cs) == 0 {
		return nil
	}
	return cs
}

// merge is normalize for any list.
func merge(cs []Change) []Change {
	byPath := make(map[string]Change, len(cs))
	var extra []Change
	for _, c := range cs {
		prev, ok := byPath[c.Path]
		if !ok {
			byPath[c.Path] = c
			continue
		}
		win, lose := prev, c
		if statusRank[c.Status] > statusRank[prev.Status] || (c.Status == prev.Status && c.OldPath < prev.OldPath) {
			win, lose = c, prev
		}
		byPath[c.Path] = win
		if lose.OldPath != "" && lose.OldPath != win.OldPath {
			extra = append(extra, Change{Path: lose.OldPath, Status: Unknown})
		}
	}
	for _, c := range extra {
		if _, ok := byPath[c.Path]; !ok {
			byPath[c.Path] = c
		}
	}
	if len(byPath) == 0 {
		return nil
	}
	out := make([]Change, 0, len(byPath))
	for _, k := range sortedKeys(byPath) {
		out = append(out, byPath[k])
	}
	return out
}

// change classifies one changed file: its path and, for a rename or copy,
// its old path too.
func (b *builder) change(c Change) {
	info := ChangeInfo{Change: c}
	info.Owners, info.Claims = b.path(make([]string, 0, 4), c.Path, slices.Contains(b.in.Gitlinks, c.Path)) // a service, its domain, … : grown from nil, a third of the allocations
	if c.OldPath != "" && c.OldPath != c.Path {
		_, info.Claims = b.path(info.Claims, c.OldPath, slices.Contains(b.in.Gitlinks, c.OldPath))
	}
	info.Claims = sortedUnique(info.Claims)
	b.changes = append(b.changes, info)
}

// path applies every claim on one path and returns its owners, and its
// claims appended to claims. A submodule pointer (gitlink) is owned as
// its directory is (ownership.MatchGitlink), so a directory rule owns it.
func (b *builder) path(claims []string, p string, gitlink bool) (owners []string, _ []string) {
	g := b.g
	cls := g.Classify(p)
	owners = []string{}
	if b.in.Owners != nil {
		m := b.in.Owners.Match(p)
		if gitlink {
			m = b.in.Owners.MatchGitlink(p)
		}
		if len(m.Owners) > 0 {
			owners = m.Owners
		}
	}
	n := len(claims)
	if lc, ok := b.in.Lockfiles[p]; ok {
		claims = append(claims, "lockfile")
		b.lockfile(p, lc)
	}
	for _, t := range cls.Triggers {
		claims = append(claims, b.cat("trigger:", t))
		trig := b.trigger(t)
		if trig == nil {
			continue
		}
		if trig.All {
			b.escalations = append(b.escalations, Escalation{Kind: EscalationTrigger, Path: p, Cause: "trigger " + t + " selects every gate"})
			b.selectAll(Reason{Kind: ReasonTrigger, Path: p, Via: t})
			continue
		}
		for _, gate := range trig.Select {
			b.add(gate, graph.ScopeGlobal, "", Reason{Kind: ReasonTrigger, Path: p, Via: t})
		}
	}
	for _, c := range cls.Contracts {
		claims = append(claims, b.cat("contract:", c))
		con := g.Contracts[c]
		for _, gate := range con.Gates {
			b.add(gate, graph.ScopeContract, c, Reason{Kind: ReasonChanged, Path: p, Via: b.cat("contract ", c)})
		}
		for _, prov := range con.Providers {
			for _, gate := range g.Services[prov].Gates {
				b.add(gate, graph.ScopeService, prov, Reason{Kind: ReasonContract, Path: p, Via: c})
			}
		}
		b.starts[graph.Node{Kind: graph.ContractNode, Name: c}] = true
	}
	if b.policy.has(p) {
		// The policy claims its own files: an edit of them is handled by
		// uniting the base and head policies (Compute), not by escalation.
		claims = append(claims, "policy")
	}
	var buf [4]domainLink
	domains := buf[:0] // each domain once, with what links the path to it first
	for _, sc := range cls.Services {
		claim := b.cat("service:", sc.Service)
		if sc.Internal {
			claim = b.cat(claim, " (internal)")
		}
		claims = append(claims, claim)
		svc := g.Services[sc.Service]
		for _, gate := range svc.Gates {
			b.add(gate, graph.ScopeService, sc.Service, Reason{Kind: ReasonChanged, Path: p})
		}
		if !sc.Internal {
			b.starts[graph.Node{Kind: graph.ServiceNode, Name: sc.Service}] = true
		}
		for _, d := range svc.Domains {
			domains = addDomain(domains, d, "service ", sc.Service)
		}
	}
	for _, o := range owners {
		if len(b.ownerDomain) == 0 {
			break // no domain lists owners: no need to lower-case each owner of each path
		}
		for _, d := range b.ownerDomain[strings.ToLower(o)] {
			domains = addDomain(domains, d, "owner ", o)
		}
	}
	slices.SortFunc(domains, func(x, y domainLink) int { return strings.Compare(x.domain, y.domain) })
	for _, d := range domains {
		claims = append(claims, b.cat("domain:", d.domain))
		via := b.cat(d.kind, d.name)
		for _, gate := range g.Domains[d.domain].Gates {
			b.add(gate, graph.ScopeDomain, d.domain, Reason{Kind: ReasonOwner, Path: p, Via: via})
		}
	}
	if len(claims) == n {
		b.unowned = append(b.unowned, p)
	}
	return owners, claims
}

// domainLink is a domain that claims a path, and the service or owner
// (kind "service " or "owner ", and name) that links the path to it.
type domainLink struct{ domain, kind, name string }

// addDomain adds domain d to ds unless it is there.
func addDomain(ds []domainLink, d, kind, name string) []domainLink {
	if slices.ContainsFunc(ds, func(l domainLink) bool { return l.domain == d }) {
		return ds
	}
	return append(ds, domainLink{d, kind, name})
}

// cat is x+y, each distinct string made once: the claims and reasons of
// a 10,000-file change repeat a few hundred names, and a concatenation
// for each was an allocation for each (and the plan held as many
// copies).
func (b *builder) cat(x, y string) string {
	k := [2]string{x, y}
	s, ok := b.strs[k]
	if !ok {
		s = x + y
		b.strs[k] = s
	}
	return s
}

func (b *builder) trigger(name string) *graph.Trigger {
	for _, t := range b.g.Triggers {
		if t.Name == name {
			return t
		}
	}
	return nil
}

// smoke selects the smoke gates of every service downstream of a changed
// service or contract, up to settings.smoke_depth hops.
func (b *builder) smoke() {
	if len(b.starts) == 0 {
		return
	}
	starts := make([]graph.Node, 0, len(b.starts))
	for n := range b.starts {
		starts = append(starts, n)
	}
	sort.Slice(starts, func(i, j int) bool {
		if starts[i].Kind != starts[j].Kind {
			return starts[i].Kind < starts[j].Kind
		}
		return starts[i].Name < starts[j].Name
	})
	for _, r := range b.g.Dependents(starts, b.g.Settings.SmokeDepth) {
		for _, gate := range b.g.Services[r.Service].Smoke {
			b.add(gate, graph.ScopeService, r.Service, Reason{Kind: ReasonSmoke, Chain: r.Chain})
		}
	}
}

// escalate applies settings.unowned to the paths nothing claims.
func (b *builder) escalate() error {
	if len(b.unowned) == 0 {
		return nil
	}
	policy := b.g.Settings.Unowned
	if policy == "" {
		policy = graph.UnownedAll
	}
	if policy == graph.UnownedError {
		return &UnownedError{Paths: b.unowned}
	}
	for _, p := range b.unowned {
		cause := "claimed by no trigger, contract, service or domain (settings.unowned: " + string(policy) + ")"
		switch policy {
		case graph.UnownedAll:
			b.escalations = append(b.escalations, Escalation{Kind: EscalationUnowned, Path: p, Cause: cause})
			b.selectAll(Reason{Kind: ReasonUnowned, Path: p})
		case graph.UnownedGlobal:
			b.escalations = append(b.escalations, Escalation{Kind: EscalationUnowned, Path: p, Cause: cause})
			for _, name := range sortedKeys(b.g.Gates) {
				if b.g.Gates[name].Layer == graph.LayerGlobal {
					b.add(name, graph.ScopeGlobal, "", Reason{Kind: ReasonUnowned, Path: p})
				}
			}
		case graph.UnownedIgnore:
			b.warnings = append(b.warnings, p+": "+cause)
		}
	}
	return nil
}

// UnownedError is settings.unowned: error meeting paths nothing claims.
type UnownedError struct{ Paths []string }

func (e *UnownedError) Error() string {
	return fmt.Sprintf("%d changed path(s) claimed by nothing (settings.unowned: error): %s",
		len(e.Paths), strings.Join(e.Paths, ", "))
}

// selectAll selects every instance the policy can plan. Only the first
// cause is attached to the instances; every cause is an escalation.
func (b *builder) selectAll(r Reason) {
	if b.all {
		return
	}
	b.all = true
	g := b.g
	for _, name := range sortedKeys(g.Gates) {
		if g.Gates[name].Layer == graph.LayerGlobal {
			b.add(name, graph.ScopeGlobal, "", r)
		}
	}
	for _, name := range sortedKeys(g.Services) {
		s := g.Services[name]
		for _, gate := range append(slices.Clone(s.Gates), s.Smoke...) {
			b.add(gate, graph.ScopeService, name, r)
		}
	}
	for _, name := range sortedKeys(g.Domains) {
		for _, gate := range g.Domains[name].Gates {
			b.add(gate, graph.ScopeDomain, name, r)
		}
	}
}

// add selects gate for a scope with a reason, creating the instance once.
// An instance selected in two roles (a gate in a service's gates and
// smoke, changed and downstream of a change) is one instance with both
// reasons, in the earlier layer (graph.Graph.RoleLayer).
//
// A reason given twice is kept twice here: the plan's normalize sorts
// each instance's reasons and drops the repeats, and filter drops them
// from the instances it leaves out (uniqueReasons). A set of the reasons
// seen, which add used to keep, cost a hash and an insertion of a
// 130-byte key for every reason of every changed path, to find a repeat
// in almost none (a path that is also the old path of a rename, a gate
// listed twice).
func (b *builder) add(gate string, kind graph.ScopeKind, scope string, r Reason) {
	key := instKey{gate: gate, scope: scope, global: kind == graph.ScopeGlobal}
	layer := b.g.RoleLayer(gate, kind, scope, r.Kind == ReasonSmoke)
	in := b.inst[key]
	if in == nil {
		id := gate
		if !key.global {
			id = gate + ":" + scope
		}
		in = b.instance(id, gate, kind, scope, layer)
		b.inst[key] = in
	}
	in.Layer = min(in.Layer, layer)
	in.Reasons = append(in.Reasons, r)
}

// instKey identifies an instance: its ID is the gate, or GATE:SCOPE when
// scoped (names hold no colon, so the two are one to one); a struct
// rather than the ID, which cost a concatenation for every reason.
type instKey struct {
	gate, scope string
	global      bool
}

// uniqueReasons is rs as the plan holds an instance's reasons (normalize):
// in order, each once (sameReason).
func uniqueReasons(rs []Reason) []Reason {
	out := slices.Clone(rs)
	slices.SortStableFunc(out, compareReasons)
	return slices.CompactFunc(out, sameReason)
}

// instance renders a new instance of gate for its scope.
func (b *builder) instance(id, gate string, kind graph.ScopeKind, scope string, layer graph.Layer) *Instance {
	g := b.g.Gates[gate]
	name := scope
	if kind == graph.ScopeGlobal {
		name = gate
	}
	sc := scopeOf(b.in, kind, name)
	in := &Instance{ID: id, Gate: gate, Layer: layer, Scope: scope, Owners: []string{}, With: map[string]any{}}
	switch {
	case len(g.Owners) > 0:
		in.Owners = slices.Clone(g.Owners)
	case len(sc.Owners) > 0:
		in.Owners = slices.Clone(sc.Owners)
	}
	run, with, err := g.RenderWithin(sc, &b.budget)
	if err != nil {
		if b.err == nil {
			b.err = fmt.Errorf("render gate %s for %s %s: %w", gate, kind, name, err)
		}
		// the raw template, which a fallback plan holds (with why)
		run, with = g.Run, g.With
		b.unrendered = append(b.unrendered, id+": not rendered, the raw template is planned: "+oneLine(err.Error()))
	}
	in.Run = run
	if with != nil {
		in.With = with
	}
	return in
}
