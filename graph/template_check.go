package graph

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/go-multierror"
)

// Binding is a gate and a scope the selector can render it for.
type Binding struct {
	Gate string
	Kind ScopeKind
	Name string // the scope's name; the gate's name for "global"
}

// Bindings lists every gate and scope that a plan can hold, in a stable
// order: each contract's gates, each service's gates and smoke gates (a
// changed file, a provider of a changed contract, a dependency, or
// escalation), each domain's gates, then the gates of the global layer,
// unscoped.
func (g *Graph) Bindings() []Binding {
	var out []Binding
	for _, name := range g.ContractNames() {
		for _, gate := range g.Contracts[name].Gates {
			out = append(out, Binding{gate, ScopeContract, name})
		}
	}
	for _, name := range g.ServiceNames() {
		s := g.Services[name]
		start := len(out)
		for _, gate := range append(append([]string(nil), s.Gates...), s.Smoke...) {
			if b := (Binding{gate, ScopeService, name}); !slices.Contains(out[start:], b) {
				out = append(out, b) // a gate in gates and smoke: one instance
			}
		}
	}
	for _, name := range g.DomainNames() {
		for _, gate := range g.Domains[name].Gates {
			out = append(out, Binding{gate, ScopeDomain, name})
		}
	}
	for _, name := range g.GateNames() {
		if g.Gates[name].Layer == LayerGlobal {
			out = append(out, Binding{name, ScopeGlobal, name})
		}
	}
	return out
}

// CheckTemplates renders every gate for every scope that can bind it
// (Bindings), so that a template that fails for some scope
// (`{{index .Paths 5}}` for a service with one path, a budget exceeded)
// fails validation rather than a later plan. scope builds the data of a
// binding; nil means Graph.Scope (the selector adds the CODEOWNERS owners
// of a scope that configures none). Every failing template is reported
// once, at its position, with the first scope it fails for and the number
// of others, in the order of the files and positions.
func (g *Graph) CheckTemplates(scope func(kind ScopeKind, name string) Scope) error {
	if scope == nil {
		scope = g.Scope
	}
	type failure struct {
		err    error
		first  Binding
		others int
	}
	var order []string
	fails := map[string]*failure{}
	budget := &Budget{} // a plan holds at most every binding: one plan's budget
	for _, b := range g.Bindings() {
		gate := g.Gates[b.Gate]
		if gate == nil {
			continue
		}
		_, _, err := gate.RenderWithin(scope(b.Kind, b.Name), budget)
		if err == nil {
			continue
		}
		key := b.Gate + "\x00" + templateOf(err)
		if f := fails[key]; f != nil {
			f.others++
			continue
		}
		order = append(order, key)
		fails[key] = &failure{err: err, first: b}
	}
	// in the order of the files, then of the positions
	fileRank := map[string]int{}
	for i, f := range g.Files {
		fileRank[f] = i
	}
	slices.SortStableFunc(order, func(a, b string) int {
		var pa, pb *Error
		if !errors.As(fails[a].err, &pa) || !errors.As(fails[b].err, &pb) {
			return 0
		}
		return cmp.Or(cmp.Compare(fileRank[pa.File], fileRank[pb.File]), cmp.Compare(pa.Line, pb.Line), cmp.Compare(pa.Col, pb.Col))
	})
	l := &errorList{}
	for _, key := range order {
		f := fails[key]
		where := "rendered for " + string(f.first.Kind) + " " + f.first.Name
		if f.first.Kind == ScopeGlobal {
			where = "rendered unscoped"
		}
		if f.others > 0 {
			where += fmt.Sprintf(", and for %d other scope(s)", f.others)
		}
		var pe *Error
		if errors.As(f.err, &pe) {
			l.add(Pos{File: pe.File, Line: pe.Line, Col: pe.Col}, fmt.Errorf("%w (%s)", pe.Err, where))
			continue
		}
		l.errs = multierror.Append(l.errs, fmt.Errorf("%w (%s)", f.err, where))
	}
	return l.err()
}

// templateOf is what identifies the failing template in a render error:
// its position when it has one, else the message up to the template's own.
func templateOf(err error) string {
	var pe *Error
	if errors.As(err, &pe) {
		return pe.File + ":" + fmt.Sprint(pe.Line, ":", pe.Col)
	}
	s, _, _ := strings.Cut(err.Error(), ": template")
	return s
}
