package graph

import (
	"fmt"
	"text/template/parse"
)

// Most gate templates are text and scope fields: `go test ./{{.Dir}}/...`,
// `ubuntu-latest`. Executing one with text/template costs a template, a
// function map and reflection per render, the largest part of planning a
// big change (every instance renders its run and with templates). A plain
// template is rendered here instead, writing the same pieces to the same
// capped writer in the same order, after the same step payment, so the
// output and every error are text/template's (TestPlainRenderAgrees,
// FuzzPlainRender). Anything else goes to text/template.

// isPlain reports whether a template body is only text and actions that
// print one string field of the Scope ({{.Name}}, {{.Kind}}, {{.Dir}}).
func isPlain(root *parse.ListNode) bool {
	if root == nil {
		return false
	}
	for _, n := range root.Nodes {
		switch n := n.(type) {
		case *parse.TextNode:
		case *parse.ActionNode:
			if plainField(n) == "" {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// plainField is the field an action prints, "" when the action is more
// than {{.Field}} of a string field.
func plainField(a *parse.ActionNode) string {
	p := a.Pipe
	if p == nil || p.IsAssign || len(p.Decl) > 0 || len(p.Cmds) != 1 || len(p.Cmds[0].Args) != 1 {
		return ""
	}
	f, ok := p.Cmds[0].Args[0].(*parse.FieldNode)
	if !ok || len(f.Ident) != 1 {
		return ""
	}
	switch f.Ident[0] {
	case "Name", "Kind", "Dir":
		return f.Ident[0]
	}
	return ""
}

// renderPlain writes a plain template (isPlain) over s to w, as
// text/template does: each text node in one Write, each field with
// fmt.Fprint; a failed write is the error, as text/template returns it.
func renderPlain(root *parse.ListNode, s Scope, w *cappedWriter) error {
	for _, n := range root.Nodes {
		var err error
		switch n := n.(type) {
		case *parse.TextNode:
			_, err = w.Write(n.Text)
		case *parse.ActionNode:
			switch plainField(n) {
			case "Name":
				_, err = fmt.Fprint(w, s.Name)
			case "Kind":
				_, err = fmt.Fprint(w, s.Kind)
			case "Dir":
				_, err = fmt.Fprint(w, s.Dir)
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}
