package graph

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"text/template"
	"text/template/parse"
)

// Markers around each interpolated value in a marked render.
const (
	markOpen  = "\x00"
	markClose = "\x01"
)

// EmptyRenders renders every gate for every scope that can bind it
// (Bindings) and warns (WarnEmptyRender), at the template, where an
// interpolated value renders empty into a place of its own: an empty
// shell argument (`make -C {{.Dir}} test` bound to a domain, which has no
// paths, gives `make -C  test`, valid shell that means something else), an
// empty quoted argument, an empty option value (`--dir={{.Dir}}`), a path
// made absolute (`{{.Dir}}/bin/test` gives `/bin/test`), or an empty
// with: value. Each template is reported once, with the first scope
// and the number of others. scope is as for CheckTemplates; a template
// that fails to render is CheckTemplates' to report and is skipped here.
func (g *Graph) EmptyRenders(scope func(kind ScopeKind, name string) Scope) []Warning {
	if scope == nil {
		scope = g.Scope
	}
	type finding struct {
		w      Warning
		others int
	}
	var order []string
	found := map[string]*finding{}
	budget := &Budget{}
	marked := map[*template.Template]*template.Template{} // each template marked once
	for _, b := range g.Bindings() {
		gate := g.Gates[b.Gate]
		if gate == nil {
			continue
		}
		sc := scope(b.Kind, b.Name)
		for _, t := range gate.templates() {
			mt, seen := marked[t.tmpl]
			if !seen {
				mt = markTemplate(t.tmpl)
				marked[t.tmpl] = mt
			}
			if mt == nil {
				continue
			}
			out, err := execute(mt, sc, budget)
			ok := err == nil
			if !ok || !emptyArgument(out) {
				continue
			}
			key := b.Gate + "\x00" + t.what
			if f := found[key]; f != nil {
				f.others++
				continue
			}
			where := "for " + string(b.Kind) + " " + b.Name
			if b.Kind == ScopeGlobal {
				where = "unscoped"
			}
			clean := strings.NewReplacer(markOpen, "", markClose, "").Replace(out)
			order = append(order, key)
			found[key] = &finding{w: Warning{Kind: WarnEmptyRender, Pos: t.pos, Msg: fmt.Sprintf(
				"gate %q: %s: an interpolated value renders empty %s: %s", b.Gate, t.what, where, strconv.Quote(clean))}}
		}
	}
	out := make([]Warning, 0, len(order))
	for _, key := range order {
		f := found[key]
		if f.others > 0 {
			f.w.Msg += fmt.Sprintf(" (and for %d other scope(s))", f.others)
		}
		out = append(out, f.w)
	}
	sortWarnings(g, out)
	return out
}

// gateTemplate is one template of a gate: run, or a string of with.
type gateTemplate struct {
	what string // "run", "with/runs-on"
	pos  Pos
	tmpl *template.Template
}

// templates lists the gate's parsed templates, run first, then with's by path.
func (g *Gate) templates() []gateTemplate {
	var out []gateTemplate
	if g.run != nil {
		out = append(out, gateTemplate{"run", cmpPos(g.runPos, g.Pos), g.run})
	}
	for _, at := range slices.Sorted(maps.Keys(g.with)) {
		out = append(out, gateTemplate{"with" + at, cmpPos(g.withPos[at], g.Pos), g.with[at]})
	}
	return out
}

func cmpPos(p, or Pos) Pos {
	if p.File == "" {
		return or
	}
	return p
}

// markTemplate is a copy of t that renders every interpolated value
// between markOpen and markClose; nil for a template with nothing to
// render.
func markTemplate(t *template.Template) *template.Template {
	if t == nil || t.Tree == nil || t.Root == nil {
		return nil
	}
	tree := t.Tree.Copy()
	markList(tree.Root)
	mt, err := template.New(t.Name()).Option("missingkey=error").AddParseTree(t.Name(), tree)
	if err != nil {
		return nil
	}
	return mt
}

// markList puts the markers around each action of a list that prints a
// value, in branches too (a declaration prints nothing; the budget's step
// counter is not a value).
func markList(l *parse.ListNode) {
	if l == nil {
		return
	}
	nodes := make([]parse.Node, 0, len(l.Nodes))
	for _, n := range l.Nodes {
		switch n := n.(type) {
		case *parse.ActionNode:
			if n.Pipe == nil || len(n.Pipe.Decl) > 0 || isBudgetStep(n.Pipe) {
				nodes = append(nodes, n)
				continue
			}
			nodes = append(nodes, markText(n.Pos, markOpen), n, markText(n.Pos, markClose))
			continue
		case *parse.IfNode:
			markList(n.List)
			markList(n.ElseList)
		case *parse.RangeNode:
			markList(n.List)
			markList(n.ElseList)
		case *parse.WithNode:
			markList(n.List)
			markList(n.ElseList)
		}
		nodes = append(nodes, n)
	}
	l.Nodes = nodes
}

func markText(pos parse.Pos, s string) *parse.TextNode {
	return &parse.TextNode{NodeType: parse.NodeText, Pos: pos, Text: []byte(s)}
}

// isBudgetStep reports whether a pipeline is the step counter addBudget
// inserts in range bodies.
func isBudgetStep(p *parse.PipeNode) bool {
	if len(p.Cmds) != 1 || len(p.Cmds[0].Args) == 0 {
		return false
	}
	id, ok := p.Cmds[0].Args[0].(*parse.IdentifierNode)
	return ok && id.Ident == budgetFunc
}

// emptyArgument reports whether a marked render holds an interpolation
// that rendered empty and stands alone: between the start or a blank (or
// an "=", as in --dir=) and the end or a blank or a shell separator,
// quotes around it included; or that starts a path, which the empty value
// makes absolute ({{.Dir}}/bin renders /bin).
func emptyArgument(marked string) bool {
	for rest, off := marked, 0; ; {
		i := strings.Index(rest, markOpen+markClose)
		if i < 0 {
			return false
		}
		at := off + i
		before := strings.NewReplacer(markOpen, "", markClose, "").Replace(marked[:at])
		after := strings.NewReplacer(markOpen, "", markClose, "").Replace(marked[at+2:])
		// a quote on both sides is part of the empty argument: "" or ''
		if n, m := len(before), len(after); n > 0 && m > 0 && (before[n-1] == '"' || before[n-1] == '\'') && after[0] == before[n-1] {
			before, after = before[:n-1], after[1:]
		}
		// alone, or at the start of a path it turns absolute: {{.Dir}}/bin is /bin
		if leftEdge(before) && (rightEdge(after) || after[0] == '/') {
			return true
		}
		rest, off = rest[i+2:], at+2
	}
}

func leftEdge(s string) bool {
	if s == "" {
		return true
	}
	c := s[len(s)-1]
	return c == ' ' || c == '\t' || c == '\n' || c == '='
}

func rightEdge(s string) bool {
	if s == "" {
		return true
	}
	return strings.IndexByte(" \t\n;&|)", s[0]) >= 0
}
