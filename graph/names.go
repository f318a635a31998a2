package graph

import (
	"maps"
	"slices"
)

// GateNames returns the names of the catalogue's gates, sorted.
func (g *Graph) GateNames() []string { return slices.Sorted(maps.Keys(g.Gates)) }

// ServiceNames returns the service names, sorted.
func (g *Graph) ServiceNames() []string { return slices.Sorted(maps.Keys(g.Services)) }

// ContractNames returns the contract names, sorted.
func (g *Graph) ContractNames() []string { return slices.Sorted(maps.Keys(g.Contracts)) }

// DomainNames returns the domain names, sorted.
func (g *Graph) DomainNames() []string { return slices.Sorted(maps.Keys(g.Domains)) }

// TriggerNames returns the trigger names in file order.
func (g *Graph) TriggerNames() []string {
	out := make([]string, len(g.Triggers))
	for i, t := range g.Triggers {
		out[i] = t.Name
	}
	return out
}

// GatesIn returns the names of the gates of one layer, sorted.
func (g *Graph) GatesIn(layer Layer) []string {
	var out []string
	for _, n := range g.GateNames() {
		if g.Gates[n].Layer == layer {
			out = append(out, n)
		}
	}
	return out
}
