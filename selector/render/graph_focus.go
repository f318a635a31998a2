package render

import (
	"fmt"
	"slices"
	"strings"

	"github.com/gatesel/gatesel/internal/suggest"
)

// Focus keeps the part of the view around name: the nodes at most depth
// edges away from it, following edges both ways (what it depends on and
// what depends on it), and the edges between them. name is a service, a
// contract or a domain (all its services are the centre), with or
// without its kind ("service:ledger"); an unknown name is an error that
// suggests the nearest. A graph of hundreds of nodes stays readable
// around the one a person asks about.
func (v GraphView) Focus(name string, depth int) (GraphView, error) {
	if depth < 1 {
		return v, fmt.Errorf("focus depth must be 1 or more, not %d", depth)
	}
	centre, err := v.centre(name)
	if err != nil {
		return v, err
	}
	adj := map[string][]string{}
	for _, e := range v.Edges {
		adj[e.From] = append(adj[e.From], e.To)
		adj[e.To] = append(adj[e.To], e.From)
	}
	keep := map[string]bool{}
	frontier := centre
	for _, id := range centre {
		keep[id] = true
	}
	for range depth {
		var next []string
		for _, id := range frontier {
			for _, n := range adj[id] {
				if !keep[n] {
					keep[n] = true
					next = append(next, n)
				}
			}
		}
		frontier = next
	}
	out := GraphView{Nodes: []GraphNode{}, Edges: []GraphEdge{}, Domains: []GraphDomain{}}
	for _, n := range v.Nodes {
		if keep[n.ID] {
			out.Nodes = append(out.Nodes, n)
		}
	}
	for _, e := range v.Edges {
		if keep[e.From] && keep[e.To] {
			out.Edges = append(out.Edges, e)
		}
	}
	for _, d := range v.Domains {
		kept := []string{}
		for _, id := range d.Services {
			if keep[id] {
				kept = append(kept, id)
			}
		}
		if len(kept) > 0 {
			d.Services = kept
			out.Domains = append(out.Domains, d)
		}
	}
	return out, nil
}

// centre is the ids of the nodes name stands for.
func (v GraphView) centre(name string) ([]string, error) {
	var ids, names []string
	for _, n := range v.Nodes {
		if n.ID == name || n.Name == name {
			ids = append(ids, n.ID)
		}
		names = append(names, n.Name)
	}
	for _, d := range v.Domains {
		if d.Name == name || "domain:"+d.Name == name {
			ids = append(ids, d.Services...)
		}
		names = append(names, d.Name)
	}
	if len(ids) == 0 {
		slices.Sort(names)
		base := name
		if _, after, ok := strings.Cut(name, ":"); ok {
			base = after
		}
		return nil, fmt.Errorf("no service, contract or domain %q in the graph%s", name, suggest.DidYouMean(base, slices.Compact(names)))
	}
	slices.Sort(ids)
	return slices.Compact(ids), nil
}
