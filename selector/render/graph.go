package render

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
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
// for a change when there is one.
type GraphView struct {
	Nodes []GraphNode `json:"nodes"`
	Edges []GraphEdge `json:"edges"`
}

// GraphNode is a service or a contract.
type GraphNode struct {
	ID    string `json:"id"`    // "service:NAME" or "contract:NAME"
	Kind  string `json:"kind"`  // service or contract
	Name  string `json:"name"`  // the name in gates.yaml
	State string `json:"state"` // changed, affected or untouched

	Paths  []string `json:"paths,omitempty"`  // a service's path globs
	Source string   `json:"source,omitempty"` // the manifest an inferred service comes from
}

// GraphEdge points from a dependent to what it depends on.
type GraphEdge struct {
	From string `json:"from"`
	To   string `json:"to"`
	Kind string `json:"kind"` // depends_on, consumes, provides
}

// NewGraphView builds the view of g, coloured by plan when it is not nil.
// With affectedOnly, untouched nodes and their edges are left out.
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
				if r.Kind == selector.ReasonSmoke && state["service:"+in.Scope] == "" {
					state["service:"+in.Scope] = NodeAffected
				}
			}
		}
	}
	var v GraphView
	keep := map[string]bool{}
	add := func(kind, name string) {
		node := GraphNode{ID: kind + ":" + name, Kind: kind, Name: name}
		if s := g.Services[name]; kind == "service" && s != nil {
			node.Paths, node.Source = s.Paths, s.Source
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
	if v.Nodes == nil {
		v.Nodes = []GraphNode{}
	}
	if v.Edges == nil {
		v.Edges = []GraphEdge{}
	}
	return v
}

// Graph writes the view as Graphviz DOT, a Mermaid flowchart or JSON.
// Changed nodes are filled red, affected ones orange, untouched ones plain;
// contracts are drawn as notes (DOT) or hexagons (Mermaid).
func Graph(w io.Writer, v GraphView, format string) error {
	switch format {
	case "json":
		b, err := json.MarshalIndent(v, "", "  ")
		if err != nil {
			return err
		}
		_, err = w.Write(append(b, '\n'))
		return err
	case "dot":
		return renderDOT(w, v)
	case "mermaid":
		return renderMermaid(w, v)
	}
	return fmt.Errorf("unknown graph format %q (want %s)", format, strings.Join(GraphFormats, ", "))
}

var dotStyle = map[string]string{
	NodeChanged:   `style=filled fillcolor="#f4a6a6" color="#b00020"`,
	NodeAffected:  `style=filled fillcolor="#ffd8a8" color="#d9480f"`,
	NodeUntouched: `color="#868e96" fontcolor="#495057"`,
}

func renderDOT(w io.Writer, v GraphView) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "digraph gatesel {")
	fmt.Fprintln(bw, `  rankdir=LR;`)
	fmt.Fprintln(bw, `  node [shape=box fontname="Helvetica"];`)
	for _, n := range v.Nodes {
		shape := "box"
		if n.Kind == NodeContract {
			shape = "note"
		}
		fmt.Fprintf(bw, "  %s [label=%s shape=%s %s tooltip=%s];\n", dotQuote(n.ID), dotQuote(n.Name), shape, dotStyle[n.State], dotQuote(n.State))
	}
	for _, e := range v.Edges {
		style := ""
		if e.Kind != EdgeDependsOn {
			style = " style=dashed"
		}
		fmt.Fprintf(bw, "  %s -> %s [label=%s%s];\n", dotQuote(e.From), dotQuote(e.To), dotQuote(e.Kind), style)
	}
	fmt.Fprintln(bw, "}")
	return bw.Flush()
}

func dotQuote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(Escape(s)) + `"`
}

func renderMermaid(w io.Writer, v GraphView) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "flowchart LR")
	ids := map[string]string{}
	for i, n := range v.Nodes {
		id := fmt.Sprintf("n%d", i)
		ids[n.ID] = id
		label := strings.NewReplacer(`"`, "#quot;").Replace(Escape(n.Name))
		if n.Kind == NodeContract {
			fmt.Fprintf(bw, "  %s{{\"%s\"}}:::%s\n", id, label, n.State)
		} else {
			fmt.Fprintf(bw, "  %s[\"%s\"]:::%s\n", id, label, n.State)
		}
	}
	for _, e := range v.Edges {
		arrow := "-->"
		if e.Kind != EdgeDependsOn {
			arrow = "-.->"
		}
		fmt.Fprintf(bw, "  %s %s|%s| %s\n", ids[e.From], arrow, e.Kind, ids[e.To])
	}
	for _, st := range []string{NodeChanged, NodeAffected, NodeUntouched} {
		fill := map[string]string{NodeChanged: "fill:#f4a6a6,stroke:#b00020", NodeAffected: "fill:#ffd8a8,stroke:#d9480f", NodeUntouched: "stroke:#868e96"}[st]
		fmt.Fprintf(bw, "  classDef %s %s\n", st, fill)
	}
	return bw.Flush()
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
