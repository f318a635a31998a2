package graph

import (
	"cmp"
	"context"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/gatesel/gatesel/infer"
)

// Drift compares the declared depends_on of the policy with the manifests
// of fsys (every ecosystem package infer reads, whether or not infer:
// names it), and warns, with both positions:
//
//   - where a manifest has an edge the policy lacks: the service that owns
//     a manifest (the one its path belongs to, by the most-specific rule)
//     does not depend on the service that owns the manifest it requires;
//     the warning is at the service's definition and names the manifest's
//     line;
//   - where the policy has an edge no manifest supports: a declared
//     depends_on entry between two services that both own manifests, when
//     no manifest of the first requires a manifest of the second; the
//     warning is at the entry and names both manifests.
//
// Services that own no manifest are not compared: inference does not
// apply to them. An edge inferred by infer: is supported by definition.
// The error is inference's, when a manifest cannot be read or parsed.
func (g *Graph) Drift(ctx context.Context, fsys fs.FS) ([]Warning, error) {
	res, err := infer.Infer(ctx, fsys, infer.Options{})
	if err != nil {
		return nil, err
	}
	owners := map[string][]string{} // inferred service -> policy services owning its manifest
	owned := map[string][]*infer.Service{}
	for _, s := range res.Services {
		for _, c := range g.Classify(s.Manifest).Services {
			owners[s.Name] = append(owners[s.Name], c.Service)
			owned[c.Service] = append(owned[c.Service], s)
		}
	}
	type pair struct{ a, b string }
	supported := map[pair]bool{}
	var out []Warning
	missing := map[pair]bool{}
	for _, s := range res.Services {
		for _, e := range s.DependsOn {
			to := res.Service(e.To)
			for _, a := range owners[s.Name] {
				for _, b := range owners[e.To] {
					if a == b {
						continue
					}
					supported[pair{a, b}] = true
					if slices.Contains(g.Services[a].DependsOn, b) || missing[pair{a, b}] {
						continue
					}
					missing[pair{a, b}] = true
					out = append(out, Warning{Kind: WarnDrift, Pos: g.Services[a].Pos, Msg: fmt.Sprintf(
						"service %q: %s requires %s (%s), which belongs to service %q: depends_on lacks %q",
						a, e.Pos, to.ID, to.Manifest, b, b)})
				}
			}
		}
	}
	for _, name := range g.ServiceNames() {
		s := g.Services[name]
		if len(owned[name]) == 0 {
			continue
		}
		for _, d := range s.DependsOn {
			p, declared := s.declaredDep(d)
			if !declared || len(owned[d]) == 0 || supported[pair{name, d}] {
				continue
			}
			out = append(out, Warning{Kind: WarnDrift, Pos: p, Msg: fmt.Sprintf(
				"service %q: depends_on %q: no manifest supports it (%s requires nothing of %s)",
				name, d, manifests(owned[name]), manifests(owned[d]))})
		}
	}
	slices.SortFunc(out, func(a, b Warning) int {
		return cmp.Or(cmp.Compare(a.Pos.File, b.Pos.File), cmp.Compare(a.Pos.Line, b.Pos.Line), cmp.Compare(a.Pos.Col, b.Pos.Col), cmp.Compare(a.Msg, b.Msg))
	})
	return out, nil
}

func manifests(ss []*infer.Service) string {
	names := make([]string, len(ss))
	for i, s := range ss {
		names[i] = s.Manifest
	}
	slices.Sort(names)
	return strings.Join(slices.Compact(names), ", ")
}
