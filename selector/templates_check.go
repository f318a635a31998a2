package selector

import "github.com/gatesel/gatesel/graph"

// CheckTemplates renders every gate of the policy for every scope a plan
// can bind it to (graph.Graph.Bindings), with the data select gives it, so
// that a template that fails for some scope (`{{index .Paths 5}}`, a
// budget exceeded) fails validation, not a later plan. Each failing
// template is reported once, at its position in the policy.
func CheckTemplates(in Input) error {
	if in.Graph == nil {
		return nil
	}
	return in.Graph.CheckTemplates(func(kind graph.ScopeKind, name string) graph.Scope { return scopeOf(in, kind, name) })
}

// scopeOf is the template data of a gate instance: the graph's scope, with
// the CODEOWNERS owners of its directory when the policy names none (what
// CODEOWNERS says of a file directly in it, a name no extension rule can
// match).
func scopeOf(in Input, kind graph.ScopeKind, name string) graph.Scope {
	sc := in.Graph.Scope(kind, name)
	if len(sc.Owners) == 0 && in.Owners != nil && sc.Dir != "" && sc.Dir != "." {
		sc.Owners = in.Owners.Match(sc.Dir + "/*").Owners
	}
	return sc
}
