package selector

import (
	"slices"
	"strings"

	"github.com/gatesel/gatesel/graph"
)

// filter drops the instances that the profile excludes, then those that a
// selected gate covers. Contract gates are never dropped.
//
// Covering (SPEC §2): an instance of a gate that covers others (directly or
// through a chain of covers) removes their instances — every scope when the
// covering instance is unscoped (a global gate), the same scope otherwise.
// Two gates that cover each other never remove each other, so a cycle in
// covers cannot empty the plan.
func (b *builder) filter() (kept []*Instance, dropped []Dropped) {
	var live []*Instance
	for _, in := range b.instances() {
		id := in.ID
		g := b.g.Gates[in.Gate]
		if b.in.Profile != "" && g.Layer != graph.LayerContract && g.Profiles != nil && !slices.Contains(g.Profiles, b.in.Profile) {
			dropped = append(dropped, Dropped{ID: id, Why: DropProfile, Profile: b.in.Profile, Reason: uniqueReasons(in.Reasons)})
			continue
		}
		live = append(live, in)
	}
	closure := coverClosure(b.g)
	var coverers []*Instance // the live instances whose gate covers some gate, in order
	for _, y := range live {
		if len(closure[y.Gate]) > 0 {
			coverers = append(coverers, y)
		}
	}
	for _, x := range live {
		by := ""
		if b.g.Gates[x.Gate].Layer != graph.LayerContract {
			for _, y := range coverers {
				if y != x && closure[y.Gate][x.Gate] && !closure[x.Gate][y.Gate] && (y.Scope == "" || y.Scope == x.Scope) {
					by = y.ID
					break
				}
			}
		}
		if by != "" {
			dropped = append(dropped, Dropped{ID: x.ID, Why: DropCoveredBy, By: by, Reason: uniqueReasons(x.Reasons)})
			continue
		}
		kept = append(kept, x)
	}
	return kept, dropped
}

// coverClosure maps each covering gate to every gate it covers, transitively.
func coverClosure(g *graph.Graph) map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for name, gate := range g.Gates {
		if len(gate.Covers) == 0 {
			continue
		}
		seen := map[string]bool{}
		stack := slices.Clone(gate.Covers)
		for len(stack) > 0 {
			c := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if seen[c] {
				continue
			}
			seen[c] = true
			if cg := g.Gates[c]; cg != nil {
				stack = append(stack, cg.Covers...)
			}
		}
		out[name] = seen
	}
	return out
}

// instances returns the builder's instances sorted by ID.
func (b *builder) instances() []*Instance {
	out := make([]*Instance, 0, len(b.inst))
	for _, in := range b.inst {
		out = append(out, in)
	}
	slices.SortFunc(out, func(x, y *Instance) int { return strings.Compare(x.ID, y.ID) })
	return out
}
