package graph

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"text/template"
	"text/template/parse"
)

// scopeFields are the fields a gate template may read.
var scopeFields = []string{"Name", "Kind", "Dir", "Paths", "Owners"}

// parseTemplate parses a gate's run or with template. Templates see only
// the Scope: the option missingkey=error is set, no function beyond the
// text/template builtins (len, index, printf, eq, ...) is available, and
// {{call}}, {{define}}, {{block}} and {{template}} are refused, so that rendering
// can neither recurse nor call anything outside the scope data. A field
// that Scope does not have is an error at load time. Rendering runs within
// budgets of work, memory and output (see maxTemplateSteps).
func parseTemplate(name, src string) (*template.Template, error) {
	t, err := template.New(name).Option("missingkey=error").Parse(src)
	if err != nil {
		return nil, err
	}
	if len(t.Templates()) > 1 {
		return nil, fmt.Errorf("{{define}} and {{block}} are not allowed in gate templates")
	}
	if t.Tree == nil || t.Root == nil {
		return t, nil
	}
	if err := checkNodes(t.Root, true); err != nil {
		return nil, err
	}
	if err := addBudget(t.Root); err != nil {
		return nil, err
	}
	return t, nil
}

// checkNodes walks a template tree; top tells whether dot is still the Scope.
func checkNodes(n parse.Node, top bool) error {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return nil
		}
		for _, c := range n.Nodes {
			if err := checkNodes(c, top); err != nil {
				return err
			}
		}
	case *parse.TemplateNode:
		return fmt.Errorf("{{template}} is not allowed in gate templates")
	case *parse.ActionNode:
		return checkNodes(n.Pipe, top)
	case *parse.PipeNode:
		if n == nil {
			return nil
		}
		for _, c := range n.Cmds {
			if err := checkNodes(c, top); err != nil {
				return err
			}
		}
	case *parse.CommandNode:
		for _, a := range n.Args {
			if err := checkNodes(a, top); err != nil {
				return err
			}
		}
	case *parse.ChainNode:
		return checkNodes(n.Node, top)
	case *parse.IdentifierNode:
		if n.Ident == "call" {
			return fmt.Errorf("{{call}} is not allowed in gate templates: the scope holds no functions")
		}
	case *parse.FieldNode:
		if top && !slices.Contains(scopeFields, n.Ident[0]) {
			return fmt.Errorf("unknown field .%s: a gate template sees .%s", n.Ident[0], strings.Join(scopeFields, ", ."))
		}
	case *parse.IfNode:
		return checkBranch(&n.BranchNode, top, top)
	case *parse.RangeNode:
		return checkBranch(&n.BranchNode, top, false)
	case *parse.WithNode:
		return checkBranch(&n.BranchNode, top, false)
	}
	return nil
}

func checkBranch(b *parse.BranchNode, top, inner bool) error {
	if err := checkNodes(b.Pipe, top); err != nil {
		return err
	}
	if err := checkNodes(b.List, inner); err != nil {
		return err
	}
	return checkNodes(b.ElseList, top)
}

// Scope returns the template data of a gate instance. kind is "service",
// "contract", "domain" or "global" (then name is the gate's name). Dir is
// the literal directory prefix of the scope's first path glob
// ("services/billing" for "services/billing/**"), "." for a glob at the
// root ("go.mod", "**/*.go"), "" when the scope has no paths.
// Owners are the configured owners (a service's or domain's owners, a
// global gate's owners); a contract has none. An unknown name gives a
// Scope with only Name and Kind.
func (g *Graph) Scope(kind ScopeKind, name string) Scope {
	s := Scope{Name: name, Kind: kind}
	switch kind {
	case ScopeService:
		if sv, ok := g.Services[name]; ok {
			s.Paths, s.Owners = sv.Paths, sv.Owners
		}
	case ScopeContract:
		if c, ok := g.Contracts[name]; ok {
			s.Paths = c.Paths
		}
	case ScopeDomain:
		if d, ok := g.Domains[name]; ok {
			s.Owners = d.Owners
		}
	case ScopeGlobal:
		if gt, ok := g.Gates[name]; ok {
			s.Owners = gt.Owners
		}
	}
	if len(s.Paths) > 0 {
		// "." for a glob at the root: `make -C {{.Dir}} test` stays
		// `make -C . test`, never `make -C  test`
		s.Dir = cmp.Or(literalDir(s.Paths[0]), ".")
	}
	return s
}

// Render executes the gate's run and with templates over the scope. Every
// string leaf of with is a template; maps and lists are walked; other
// values are copied. A missing map key, a failing template or one past its
// budget (ErrTemplateBudget) is an error; for a gate loaded from a policy
// file it is an *Error at the template's position (the run value, or the
// string of with).
func (g *Gate) Render(s Scope) (run string, with map[string]any, err error) {
	return g.RenderWithin(s, nil)
}

// RenderWithin is Render paying into a budget shared with other renders
// (those of one plan): past it, renders fail with ErrTemplateBudget. A nil
// budget is Render's: only each render's own limits.
func (g *Gate) RenderWithin(s Scope, budget *Budget) (run string, with map[string]any, err error) {
	rt := g.run
	if rt == nil && g.Run != "" {
		if rt, err = parseTemplate(g.Name, g.Run); err != nil {
			return "", nil, g.renderError(g.runPos, "run", err)
		}
	}
	if rt != nil {
		if run, err = execute(rt, s, budget); err != nil {
			return "", nil, g.renderError(g.runPos, "run", err)
		}
	}
	if g.With == nil {
		return run, nil, nil
	}
	v, err := g.renderAny(g.With, "", s, budget)
	if err != nil {
		return "", nil, err
	}
	return run, v.(map[string]any), nil
}

func (g *Gate) renderAny(v any, at string, s Scope, budget *Budget) (any, error) {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for _, k := range slices.Sorted(maps.Keys(v)) {
			r, err := g.renderAny(v[k], at+"/"+pointerEscape(k), s, budget)
			if err != nil {
				return nil, err
			}
			out[k] = r
		}
		return out, nil
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			r, err := g.renderAny(e, at+"/"+strconv.Itoa(i), s, budget)
			if err != nil {
				return nil, err
			}
			out[i] = r
		}
		return out, nil
	case string:
		t := g.with[at]
		if t == nil {
			var err error
			if t, err = parseTemplate(g.Name+" with"+at, v); err != nil {
				return nil, g.renderError(g.withPos[at], "with"+at, err)
			}
		}
		out, err := execute(t, s, budget)
		if err != nil {
			return nil, g.renderError(g.withPos[at], "with"+at, err)
		}
		return out, nil
	}
	return v, nil
}

// renderError names the gate and the template, at its position in the
// policy file when the gate was loaded from one.
func (g *Gate) renderError(at Pos, what string, err error) error {
	err = fmt.Errorf("gate %q: %s: %w", g.Name, what, err)
	if at.File == "" {
		return err
	}
	return &Error{File: at.File, Line: at.Line, Col: at.Col, Err: err}
}

// pointerEscape escapes a key for a JSON pointer (RFC 6901), which is how
// with: template paths are keyed and named in errors ("with/matrix/0/os").
func pointerEscape(k string) string {
	if !strings.ContainsAny(k, "~/") {
		return k // the common case, without building the replacer
	}
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(k)
}
