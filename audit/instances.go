package audit

import (
	"github.com/gatesel/gatesel/graph"
)

// allInstances lists every instance a policy can plan, by layer: each
// contract's gates, every global gate, each service's and domain's local
// gates and each service's smoke gates — what a plan that selects
// everything holds before covers and profiles.
func allInstances(g *graph.Graph) map[string]map[string]bool {
	out := map[string]map[string]bool{}
	add := func(gate, scope string) {
		gt := g.Gates[gate]
		if gt == nil {
			return
		}
		kind := graph.ScopeService // a gate in two roles: local or smoke, as a plan of every gate has it
		if _, ok := g.Services[scope]; !ok {
			kind = graph.ScopeDomain
		}
		layer := g.RoleLayer(gate, kind, scope, false).String()
		if out[layer] == nil {
			out[layer] = map[string]bool{}
		}
		id := gate
		if scope != "" && gt.Layer != graph.LayerGlobal {
			id = gate + ":" + scope
		}
		out[layer][id] = true
	}
	for name, c := range g.Contracts {
		for _, gate := range c.Gates {
			add(gate, name)
		}
	}
	for name, gt := range g.Gates {
		if gt.Layer == graph.LayerGlobal {
			add(name, "")
		}
	}
	for name, s := range g.Services {
		for _, gate := range s.Gates {
			add(gate, name)
		}
		for _, gate := range s.Smoke {
			add(gate, name)
		}
	}
	for name, d := range g.Domains {
		for _, gate := range d.Gates {
			add(gate, name)
		}
	}
	return out
}
