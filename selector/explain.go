package selector

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/gatesel/gatesel/graph"
	"github.com/gatesel/gatesel/internal/suggest"
	"github.com/gatesel/gatesel/ownership"
)

// PathExplanation is everything one path selects, and why.
type PathExplanation struct {
	Path    string
	Owners  []string         // CODEOWNERS owners
	Rules   []ownership.Rule // the CODEOWNERS line(s) that decided them
	Class   graph.Class      // what in gates.yaml claims the path
	Claims  []string         // as in the plan's changes
	Gates   []Instance       // instances this path selects, with their reasons; contract gates only when the path changes the contract
	Dropped []Dropped        // instances it selects that the plan does not run (profile, covers)
	Unowned string           // the escalation when nothing claims the path, "" otherwise
}

// ExplainPaths tells, for each path on its own, what it selects: the
// selection of a change made of that path alone.
func ExplainPaths(in Input, paths []string) ([]PathExplanation, error) {
	out := make([]PathExplanation, 0, len(paths))
	for _, p := range paths {
		one := in
		one.Changes = []Change{{Path: p, Status: Unknown}}
		plan, err := Select(one)
		var ue *UnownedError
		if errors.As(err, &ue) {
			// settings.unowned: error — the explanation is that a change to
			// this path fails the plan.
			e := PathExplanation{Path: p, Class: in.Graph.Classify(p), Owners: []string{}, Claims: []string{},
				Unowned: "claimed by no trigger, contract, service or domain (settings.unowned: error: a change to it fails the plan)"}
			if in.Owners != nil {
				m := in.Owners.Match(p)
				e.Rules = m.Rules
				if len(m.Owners) > 0 {
					e.Owners = m.Owners
				}
			}
			out = append(out, e)
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("explain %s: %w", p, err)
		}
		e := PathExplanation{Path: p, Class: in.Graph.Classify(p), Owners: []string{}, Dropped: plan.Dropped}
		if in.Owners != nil {
			m := in.Owners.Match(p)
			e.Rules = m.Rules
			if len(m.Owners) > 0 {
				e.Owners = m.Owners
			}
		}
		if len(plan.Changes) > 0 {
			e.Claims = plan.Changes[0].Claims
		}
		for _, g := range plan.Gates {
			if slices.ContainsFunc(g.Reasons, func(r Reason) bool { return r.Kind != ReasonAlways }) {
				e.Gates = append(e.Gates, g)
			}
		}
		for _, esc := range plan.Escalations {
			if esc.Kind == EscalationUnowned {
				e.Unowned = esc.Cause
			}
		}
		for _, w := range plan.Warnings {
			if strings.HasPrefix(w, p+": ") {
				e.Unowned = strings.TrimPrefix(w, p+": ")
			}
		}
		out = append(out, e)
	}
	return out, nil
}

// Fate is what became of one gate instance in a plan (WhyNot): it runs,
// with its reasons; it was selected and dropped; or no rule selected it,
// with the facts that say why (Miss and the policy's parts it names).
// package render prints it (render.WhyNot).
type Fate struct {
	ID   string
	Runs bool // it runs, for Reasons
	// BaseOnly: the instance is the base revision's policy's alone (the
	// head's does not define it); a plan that unites both policies keeps
	// it, so that a change cannot drop its own gates. Set by the caller
	// that explained it with the base's policy.
	BaseOnly bool
	Reasons  []Reason // Runs: why
	Dropped  *Dropped // selected but does not run: why
	Miss     Miss     // not selected: why not (zero when Runs or Dropped)

	Triggers []*graph.Trigger // MissNoTrigger: the triggers that would select it, in file order
	Service  *graph.Service   // MissService, MissSmoke, MissBeyondDepth: the instance's service
	Domain   *graph.Domain    // MissDomain: the instance's domain
	Reached  *graph.Reached   // MissBeyondDepth: how far the service is from the change
	Depth    int              // MissBeyondDepth: settings.smoke_depth
}

// Miss is why no rule selected an instance.
type Miss int

// The reasons an instance is not selected.
const (
	MissNoTrigger   Miss = iota + 1 // a global gate: no changed path matches a trigger that selects it
	MissService                     // a service's gate: no changed file belongs to the service, nor any contract it provides
	MissDomain                      // a domain's gate: no changed file is owned by its owners or belongs to its services
	MissSmoke                       // a smoke gate: nothing the service depends on changed
	MissBeyondDepth                 // a smoke gate: a dependency changed, further than settings.smoke_depth
)

// WhyNot explains the fate of one gate instance id in a plan computed from
// in: its reasons when it runs, why it was dropped, or why no rule
// selected it. An id that the policy cannot produce is an error.
func WhyNot(in Input, plan *Plan, id string) (Fate, error) {
	g := in.Graph
	gate, scope, _ := strings.Cut(id, ":")
	gt := g.Gates[gate]
	f := Fate{ID: id}
	if gt == nil {
		return f, fmt.Errorf("unknown gate %q%s", gate, suggest.DidYouMean(gate, sortedKeys(g.Gates)))
	}
	for _, inst := range plan.Gates {
		if inst.ID == id {
			f.Runs, f.Reasons = true, inst.Reasons
			return f, nil
		}
	}
	for _, d := range plan.Dropped {
		if d.ID == id {
			f.Dropped = &d
			return f, nil
		}
	}
	layer := gt.Layer
	if s := g.Services[scope]; layer == graph.LayerLocal && s != nil && !slices.Contains(s.Gates, gate) && slices.Contains(s.Smoke, gate) {
		layer = graph.LayerSmoke // a gate in two roles, a smoke gate of this service
	}
	switch layer {
	case graph.LayerContract:
		if c := g.Contracts[scope]; c == nil || !slices.Contains(c.Gates, gate) {
			return f, fmt.Errorf("no contract %q uses gate %s", scope, gate)
		}
		// Contract gates are in every plan; only a bug could leave one out.
		return f, fmt.Errorf("%s is a contract gate, in every plan, yet missing from this one", id)
	case graph.LayerGlobal:
		if scope != "" {
			return f, fmt.Errorf("%s is a global gate: its id has no scope (%s)", gate, gate)
		}
		f.Miss = MissNoTrigger
		for _, t := range g.Triggers {
			if t.All || slices.Contains(t.Select, gate) {
				f.Triggers = append(f.Triggers, t)
			}
		}
	case graph.LayerLocal:
		switch {
		case g.Services[scope] != nil && slices.Contains(g.Services[scope].Gates, gate):
			f.Miss, f.Service = MissService, g.Services[scope]
		case g.Domains[scope] != nil && slices.Contains(g.Domains[scope].Gates, gate):
			f.Miss, f.Domain = MissDomain, g.Domains[scope]
		default:
			return f, fmt.Errorf("no service or domain %q uses gate %s", scope, gate)
		}
	case graph.LayerSmoke:
		s := g.Services[scope]
		if s == nil || !slices.Contains(s.Smoke, gate) {
			return f, fmt.Errorf("no service %q has smoke gate %s", scope, gate)
		}
		f.Miss, f.Service = MissSmoke, s
		if depth := g.Settings.SmokeDepth; depth > 0 {
			if far := reachedBeyond(in, scope); far != nil {
				f.Miss, f.Reached, f.Depth = MissBeyondDepth, far, depth
			}
		}
	}
	return f, nil
}

// reachedBeyond finds scope among the transitive dependents of the change.
func reachedBeyond(in Input, scope string) *graph.Reached {
	b := newBuilder(in)
	for _, c := range normalize(in.Changes) {
		b.change(c)
	}
	var starts []graph.Node
	for n := range b.starts {
		starts = append(starts, n)
	}
	for _, r := range in.Graph.Dependents(starts, 0) {
		if r.Service == scope {
			return &r
		}
	}
	return nil
}
