package graph

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/bmatcuk/doublestar/v4"
)

// Lint returns the warnings that need the repository's tracked files
// (repository-relative slash paths): globs of services (paths and
// internal), contracts and triggers that match no tracked file, and pairs
// of services whose path globs both match some tracked file (the most
// specific glob decides where such a file belongs, or both claim it on a
// tie; the overlap is worth a look either way), except where one of the
// two has inferred paths (a module nested in another, or in the root
// module's "**", is its own service on purpose). Sorted by position, then
// message; deterministic.
func (g *Graph) Lint(tracked []string) []Warning {
	ix := g.index()
	matched := make([]bool, len(ix.globs))
	type pair struct{ a, b int32 }
	overlaps := map[pair]int{}
	example := map[pair]string{}
	var svcs []int32
	for _, path := range tracked {
		svcs = svcs[:0]
		ix.visit(path, func(gi int32, e *globEntry) {
			isSvc := e.kind == globService
			if matched[gi] && (!isSvc || slices.Contains(svcs, e.owner)) {
				return
			}
			if !doublestar.MatchUnvalidated(e.pattern, path) {
				return
			}
			matched[gi] = true
			if isSvc && !slices.Contains(svcs, e.owner) {
				svcs = append(svcs, e.owner)
			}
		})
		slices.Sort(svcs)
		for i := range svcs {
			for j := i + 1; j < len(svcs); j++ {
				p := pair{svcs[i], svcs[j]}
				if overlaps[p] == 0 {
					example[p] = path
				}
				overlaps[p]++
			}
		}
	}
	var out []Warning
	for i, e := range ix.globs {
		if matched[i] {
			continue
		}
		pos, what := g.globOwner(ix, e)
		out = append(out, Warning{Pos: pos, Msg: fmt.Sprintf("%s: glob %q matches no tracked file", what, e.pattern)})
	}
	// internal globs: indexed the same way, once per distinct pattern
	internal := &index{root: &trieNode{}}
	seen := map[string]int{}
	for i, s := range ix.services {
		for _, p := range s.Internal {
			if _, ok := seen[p]; !ok {
				seen[p] = len(internal.globs)
				internal.addGlob(p, globService, int32(i))
			}
		}
	}
	hit := make([]bool, len(internal.globs))
	for _, path := range tracked {
		internal.visit(path, func(gi int32, e *globEntry) {
			if !hit[gi] && doublestar.MatchUnvalidated(e.pattern, path) {
				hit[gi] = true
			}
		})
	}
	for _, s := range ix.services {
		if s.inferredInternal {
			continue // Go's default *_test.go and testdata globs: a module without tests is fine
		}
		for _, p := range s.Internal {
			if !hit[seen[p]] {
				out = append(out, Warning{Pos: s.Pos, Msg: fmt.Sprintf("service %q: internal glob %q matches no tracked file", s.Name, p)})
			}
		}
	}
	for p, n := range overlaps {
		a, b := ix.services[p.a], ix.services[p.b]
		if a.inferredPaths || b.inferredPaths {
			continue // a module nested in another (the root module's "**"): the most specific owns each file, by design
		}
		out = append(out, Warning{Pos: b.Pos, Msg: fmt.Sprintf("services %q and %q overlap: %d tracked file(s) match both, e.g. %s", a.Name, b.Name, n, example[p])})
	}
	order := map[string]int{}
	for i, f := range g.Files {
		order[f] = i
	}
	slices.SortFunc(out, func(a, b Warning) int {
		return cmp.Or(cmp.Compare(order[a.Pos.File], order[b.Pos.File]), cmp.Compare(a.Pos.File, b.Pos.File),
			cmp.Compare(a.Pos.Line, b.Pos.Line), cmp.Compare(a.Pos.Col, b.Pos.Col), cmp.Compare(a.Msg, b.Msg))
	})
	return out
}

// globOwner names the definition a glob belongs to.
func (g *Graph) globOwner(ix *index, e globEntry) (Pos, string) {
	switch e.kind {
	case globService:
		s := ix.services[e.owner]
		return s.Pos, fmt.Sprintf("service %q", s.Name)
	case globContract:
		c := g.Contracts[ix.contract[e.owner]]
		return c.Pos, fmt.Sprintf("contract %q", c.Name)
	}
	t := g.Triggers[e.owner]
	return t.Pos, fmt.Sprintf("trigger %q", t.Name)
}
