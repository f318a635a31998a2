package render

import (
	"sort"
	"strings"

	"github.com/gatesel/gatesel/graph"
	"github.com/gatesel/gatesel/selector"
)

// GraphFormats lists the names Graph accepts.
var GraphFormats = []string{"dot", "mermaid", "json"}

// Node states in a graph view of a change.
const (
	NodeChanged   = "changed"   // a file of the service or contract changed
	NodeAffected  = "affected"  // downstream of a change: its smoke gates run
	NodeUntouched = "untouched" // neither
)

// Node and edge kinds of a graph view (GraphNode.Kind, GraphEdge.Kind).
const (
	NodeService   = "service"
	NodeContract  = "contract"
	EdgeDependsOn = "depends_on" // a service on a service
	EdgeConsumes  = "consumes"   // a service on a contract
	EdgeProvides  = "provides"   // a contract on its provider
)

// GraphView is the service and contract graph, with each node's state
// for a change when there is one, and the domains that group services.
type GraphView struct {
	Nodes   []GraphNode   `json:"nodes"`
	Edges   []GraphEdge   `json:"edges"`
	Domains []GraphDomain `json:"domains"`
}

// GraphDomain is a domain and those of its services the view holds: a
// cluster of the drawing.
type GraphDomain struct {
	Name     string   `json:"name"`
	Services []string `json:"services"` // node ids, sorted
	State    string   `json:"state"`    // the most touched of its services': changed, affected or untouched
}

// GraphNode is a service or a contract.
type GraphNode struct {
	ID    string `json:"id"`    // "service:NAME" or "contract:NAME"
	Kind  string `json:"kind"`  // service or contract
	Name  string `json:"name"`  // the name in gates.yaml
	State string `json:"state"` // changed, affected or untouched

	Paths   []string `json:"paths,omitempty"`   // a service's path globs
	Source  string   `json:"source,omitempty"`  // the manifest an inferred service comes from
	Domains []string `json:"domains,omitempty"` // the domains that list a service, sorted
}

// GraphEdge points from a dependent to what it depends on.
type GraphEdge struct {
	From string `json:"from"`
	To   string `json:"to"`
	Kind string `json:"kind"` // depends_on, consumes, provides
}

// NewGraphView builds the view of g, coloured by plan when it is not nil:
// changed nodes, and affected ones, the services whose smoke gates run and
// every node their chains pass through (the contracts between a provider
// and its consumers, a service whose own smoke gate is not planned). With
// affectedOnly, untouched nodes and their edges are left out, and so are
// the domains none of whose services is left.
func NewGraphView(g *graph.Graph, plan *selector.Plan, affectedOnly bool) GraphView {
	state := map[string]string{}
	if plan != nil {
		for _, c := range plan.Changes {
			for _, claim := range c.Claims {
				kind, name, _ := strings.Cut(strings.TrimSuffix(claim, " (internal)"), ":")
				if kind == NodeService || kind == NodeContract {
					state[kind+":"+name] = NodeChanged
				}
			}
		}
		for _, in := range plan.Gates {
			for _, r := range in.Reasons {
				if r.Kind != selector.ReasonSmoke {
					continue
				}
				if state["service:"+in.Scope] == "" {
					state["service:"+in.Scope] = NodeAffected
				}
				for _, n := range r.Chain.Nodes() {
					id := "service:" + n
					if g.Contracts[n] != nil {
						id = "contract:" + n
					}
					if state[id] == "" {
						state[id] = NodeAffected
					}
				}
			}
		}
	}
	var v GraphView
	keep := map[string]bool{}
	add := func(kind, name string) {
		node := GraphNode{ID: kind + ":" + name, Kind: kind, Name: name}
		if s := g.Services[name]; kind == "service" && s != nil {
			node.Paths, node.Source, node.Domains = s.Paths, s.Source, s.Domains
		}
		id := node.ID
		st := state[id]
		if st == "" {
			st = NodeUntouched
		}
		if affectedOnly && st == NodeUntouched {
			return
		}
		keep[id] = true
		node.State = st
		v.Nodes = append(v.Nodes, node)
	}
	for _, name := range sortedKeys(g.Contracts) {
		add(NodeContract, name)
	}
	for _, name := range sortedKeys(g.Services) {
		add(NodeService, name)
	}
	edge := func(from, to, kind string) {
		if keep[from] && keep[to] {
			v.Edges = append(v.Edges, GraphEdge{From: from, To: to, Kind: kind})
		}
	}
	for _, name := range sortedKeys(g.Services) {
		s := g.Services[name]
		for _, d := range s.DependsOn {
			edge("service:"+name, "service:"+d, EdgeDependsOn)
		}
		for _, c := range s.Consumes {
			edge("service:"+name, "contract:"+c, EdgeConsumes)
		}
		for _, c := range s.Provides {
			edge("contract:"+c, "service:"+name, EdgeProvides)
		}
	}
	for _, name := range sortedKeys(g.Domains) {
		d := GraphDomain{Name: name, Services: []string{}, State: NodeUntouched}
		for _, svc := range g.Domains[name].Services {
			if id := "service:" + svc; keep[id] {
				d.Services = append(d.Services, id)
				d.State = moreTouched(d.State, stateOf(state, id))
			}
		}
		if len(d.Services) == 0 && affectedOnly {
			continue
		}
		sort.Strings(d.Services)
		v.Domains = append(v.Domains, d)
	}
	if v.Nodes == nil {
		v.Nodes = []GraphNode{}
	}
	if v.Domains == nil {
		v.Domains = []GraphDomain{}
	}
	if v.Edges == nil {
		v.Edges = []GraphEdge{}
	}
	return v
}

func stateOf(state map[string]string, id string) string {
	if s := state[id]; s != "" {
		return s
	}
	return NodeUntouched
}

// moreTouched is the more touched of two states: changed, then affected.
func moreTouched(a, b string) string {
	rank := map[string]int{NodeUntouched: 0, NodeAffected: 1, NodeChanged: 2}
	if rank[b] > rank[a] {
		return b
	}
	return a
}

// sortedKeys returns the keys of m, sorted.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
