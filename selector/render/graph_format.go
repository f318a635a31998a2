package render

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Graph writes the view as Graphviz DOT, a Mermaid flowchart or JSON.
// Changed nodes are filled red, affected ones orange, untouched ones plain;
// contracts are drawn as notes (DOT) or hexagons (Mermaid); each domain is
// a cluster (a DOT subgraph cluster_, a Mermaid subgraph) around its
// services. A service in several domains is drawn in the first, by name:
// a node has one place in a drawing (JSON lists all its domains).
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

// clusterColor is a domain cluster's border, by its state.
var clusterColor = map[string]string{NodeChanged: "#b00020", NodeAffected: "#d9480f", NodeUntouched: "#adb5bd"}

// cluster is a domain's cluster and the nodes drawn in it.
type cluster struct {
	index  int // the domain's place in the view
	domain GraphDomain
	nodes  []GraphNode
}

// clusters groups the nodes by the cluster they are drawn in, the first of
// their domains that the view holds: the clusters in the view's order (an
// empty one is not drawn), then the nodes of no cluster.
func clusters(v GraphView) (out []cluster, loose []GraphNode) {
	at := map[string]int{}
	for i, d := range v.Domains {
		at[d.Name] = i
	}
	members := make([][]GraphNode, len(v.Domains))
	for _, n := range v.Nodes {
		home := -1
		for _, d := range n.Domains {
			if i, ok := at[d]; ok {
				home = i
				break
			}
		}
		if home < 0 {
			loose = append(loose, n)
		} else {
			members[home] = append(members[home], n)
		}
	}
	for i, d := range v.Domains {
		if len(members[i]) > 0 {
			out = append(out, cluster{index: i, domain: d, nodes: members[i]})
		}
	}
	return out, loose
}

func renderDOT(w io.Writer, v GraphView) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "digraph gatesel {")
	fmt.Fprintln(bw, `  rankdir=LR;`)
	fmt.Fprintln(bw, `  node [shape=box fontname="Helvetica"];`)
	fmt.Fprintln(bw, `  edge [fontname="Helvetica" fontsize=10 color="#495057"];`)
	node := func(indent string, n GraphNode) {
		shape := "box"
		if n.Kind == NodeContract {
			shape = "note"
		}
		fmt.Fprintf(bw, "%s%s [label=%s shape=%s %s tooltip=%s];\n", indent, dotQuote(n.ID), dotQuote(n.Name), shape, dotStyle[n.State], dotQuote(n.State))
	}
	grouped, loose := clusters(v)
	for _, c := range grouped {
		fmt.Fprintf(bw, "  subgraph %s {\n", dotQuote("cluster_"+c.domain.Name))
		fmt.Fprintf(bw, "    label=%s; fontname=\"Helvetica\"; style=\"rounded,dashed\"; color=%s;\n", dotQuote("domain "+c.domain.Name), dotQuote(clusterColor[c.domain.State]))
		for _, n := range c.nodes {
			node("    ", n)
		}
		fmt.Fprintln(bw, "  }")
	}
	for _, n := range loose {
		node("  ", n)
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

// dotEscaper escapes a DOT quoted string's backslashes and quotes; built
// once, not per label.
var dotEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`)

func dotQuote(s string) string {
	return `"` + dotEscaper.Replace(Escape(s)) + `"`
}

func renderMermaid(w io.Writer, v GraphView) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "flowchart LR")
	ids := map[string]string{}
	for i, n := range v.Nodes {
		ids[n.ID] = fmt.Sprintf("n%d", i)
	}
	label := strings.NewReplacer(`"`, "#quot;").Replace
	node := func(indent string, n GraphNode) {
		if n.Kind == NodeContract {
			fmt.Fprintf(bw, "%s%s{{\"%s\"}}:::%s\n", indent, ids[n.ID], label(Escape(n.Name)), n.State)
		} else {
			fmt.Fprintf(bw, "%s%s[\"%s\"]:::%s\n", indent, ids[n.ID], label(Escape(n.Name)), n.State)
		}
	}
	grouped, loose := clusters(v)
	for _, c := range grouped {
		fmt.Fprintf(bw, "  subgraph d%d[\"domain %s\"]\n", c.index, label(Escape(c.domain.Name)))
		for _, n := range c.nodes {
			node("    ", n)
		}
		fmt.Fprintln(bw, "  end")
	}
	for _, n := range loose {
		node("  ", n)
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
