package main

import (
	"bufio"
	"fmt"
	"slices"
	"strings"

	"github.com/gatesel/gatesel/graph"
	"github.com/gatesel/gatesel/selector"
	"github.com/gatesel/gatesel/selector/render"
)

// The text of `explain PATH`. It stays readable when one file selects a
// hundred gates: the gates are grouped by their reasons (one heading a
// reason, the gates under it with their rendered run), the smoke gates
// drawn as the tree of the changed service's dependents, every node once
// (a long chain is printed once, its prefixes shared, not once a gate),
// and the gates that do not run grouped by why.

// explainText writes the explanation of one path.
func explainText(w *bufio.Writer, g *graph.Graph, x selector.PathExplanation, color bool) {
	fmt.Fprintln(w, render.Heading(color, render.Escape(x.Path)))
	owners := "(none)"
	if len(x.Owners) > 0 {
		owners = strings.Join(render.EscapeAll(x.Owners), " ")
	}
	fmt.Fprintf(w, "  owners: %s\n", owners)
	for _, r := range x.Rules {
		sec := ""
		if r.Section != "" {
			sec = " [" + render.Escape(r.Section) + "]"
		}
		fmt.Fprintf(w, "    CODEOWNERS line %d%s: %s\n", r.Line, sec, render.Escape(r.Pattern))
	}
	claims := "(nothing)"
	if len(x.Claims) > 0 {
		claims = strings.Join(x.Claims, ", ")
	}
	fmt.Fprintf(w, "  claimed by: %s\n", claims)
	if x.Unowned != "" {
		fmt.Fprintf(w, "  unowned: %s\n", render.Escape(x.Unowned))
	}
	if len(x.Gates) == 0 {
		fmt.Fprintln(w, "  selects: no gate beyond the contract gates")
	} else {
		fmt.Fprintf(w, "  %s\n", render.Heading(color, fmt.Sprintf("selects %d gate(s):", len(x.Gates))))
	}
	groups, smoke := groupByReason(x.Gates)
	for _, gr := range groups {
		fmt.Fprintf(w, "    because %s\n", render.Escape(gr.reason))
		width := 0
		for _, in := range gr.gates {
			width = max(width, len(in.ID))
		}
		for _, in := range gr.gates {
			fmt.Fprintf(w, "      %-*s  %-8s  %s\n", width, in.ID, in.Layer, runText(in))
		}
	}
	for _, start := range smoke.starts {
		fmt.Fprintf(w, "    because smoke: the dependents of %s (each once)\n", render.Escape(start))
		smoke.write(w, g, start, 1, map[string]bool{})
	}
	writeDropped(w, x.Dropped, color)
}

// runText is an instance's rendered run, "(no run)" when it has none.
func runText(in selector.Instance) string {
	if in.Run == "" {
		return "(no run)"
	}
	return "run: " + render.Escape(in.Run)
}

// reasonGroup is the gates that share their reasons.
type reasonGroup struct {
	reason string
	gates  []selector.Instance
}

// groupByReason splits the instances: those selected by smoke alone go
// to the tree of dependents, the others are grouped by the text of their
// reasons (the contract's "always" left out), in plan order.
func groupByReason(gates []selector.Instance) ([]reasonGroup, *smokeTree) {
	var groups []reasonGroup
	at := map[string]int{}
	tree := &smokeTree{children: map[string][]string{}, gates: map[string][]selector.Instance{}}
	for _, in := range gates {
		var texts []string
		var chains []*graph.Chain
		for _, r := range in.Reasons {
			switch {
			case r.Kind == selector.ReasonAlways:
			case r.Kind == selector.ReasonSmoke && r.Chain != nil && r.Note == "":
				chains = append(chains, r.Chain)
			default:
				texts = append(texts, r.Full())
			}
		}
		if len(texts) == 0 && len(chains) > 0 {
			for _, c := range chains {
				tree.add(c, in)
			}
			continue
		}
		for _, c := range chains {
			texts = append(texts, "smoke: "+c.String())
		}
		key := strings.Join(texts, "; ")
		i, ok := at[key]
		if !ok {
			i = len(groups)
			at[key] = i
			groups = append(groups, reasonGroup{reason: key})
		}
		groups[i].gates = append(groups[i].gates, in)
	}
	return groups, tree
}

// smokeTree is the dependents a change reached, as the union of the
// smoke chains: each node's children, and the gates at each node.
type smokeTree struct {
	starts   []string
	children map[string][]string // node -> the nodes reached from it, in order
	gates    map[string][]selector.Instance
	edges    map[[2]string]bool
}

// add puts chain c into the tree, with in at its last node.
func (t *smokeTree) add(c *graph.Chain, in selector.Instance) {
	nodes := c.Nodes()
	if !slices.Contains(t.starts, nodes[0]) {
		t.starts = append(t.starts, nodes[0])
	}
	if t.edges == nil {
		t.edges = map[[2]string]bool{}
	}
	for i := 1; i < len(nodes); i++ {
		e := [2]string{nodes[i-1], nodes[i]}
		if !t.edges[e] {
			t.edges[e] = true
			t.children[nodes[i-1]] = append(t.children[nodes[i-1]], nodes[i])
		}
	}
	last := nodes[len(nodes)-1]
	if !slices.ContainsFunc(t.gates[last], func(g selector.Instance) bool { return g.ID == in.ID }) {
		t.gates[last] = append(t.gates[last], in)
	}
}

// maxIndent is the deepest level the tree indents; a node further away
// says its distance instead (a chain of 40 services stays on the screen).
const maxIndent = 8

// write prints the subtree below node, at distance hops from the start,
// indented; a node printed before is named again with "(above)" and not
// expanded, so every chain is printed once however many gates share it.
func (t *smokeTree) write(w *bufio.Writer, g *graph.Graph, node string, hops int, seen map[string]bool) {
	seen[node] = true
	pad := strings.Repeat(" ", 6+3*(min(hops, maxIndent)-1))
	for _, child := range t.children[node] {
		name := render.Escape(child)
		if g.Contracts[child] != nil {
			name += " (contract)"
		}
		if hops > maxIndent {
			name += fmt.Sprintf(" (%d hops)", hops)
		}
		if seen[child] {
			fmt.Fprintf(w, "%s-> %s (above)\n", pad, name)
			continue
		}
		gates := t.gates[child]
		if len(gates) == 0 {
			fmt.Fprintf(w, "%s-> %s\n", pad, name)
		}
		for i, in := range gates {
			if i == 0 {
				fmt.Fprintf(w, "%s-> %s: %s  %s\n", pad, name, in.ID, runText(in))
			} else {
				fmt.Fprintf(w, "%s   %s  %s  %s\n", pad, strings.Repeat(" ", len(name)), in.ID, runText(in))
			}
		}
		t.write(w, g, child, hops+1, seen)
	}
}

// writeDropped lists the instances that do not run, grouped by why.
func writeDropped(w *bufio.Writer, dropped []selector.Dropped, color bool) {
	if len(dropped) == 0 {
		return
	}
	var whys []string
	ids := map[string][]string{}
	for _, d := range dropped {
		why := d.Explain()
		if ids[why] == nil {
			whys = append(whys, why)
		}
		ids[why] = append(ids[why], d.ID)
	}
	fmt.Fprintf(w, "  %s\n", render.Warning(color, "does not run:"))
	for _, why := range whys {
		fmt.Fprintf(w, "    %s: %s\n", render.Escape(why), strings.Join(ids[why], ", "))
	}
}
