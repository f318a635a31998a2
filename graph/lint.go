package graph

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/bmatcuk/doublestar/v4"
)

// Lint returns the warnings that need the repository's tracked files
// (repository-relative slash paths), each at the glob it is about: globs
// of services (paths and internal), contracts and triggers that match no
// tracked file (WarnUnusedGlob), and real ties (WarnTie): two services
// that claim a tracked file with equally specific globs, so that the file
// belongs to both. Nesting is not a tie: a file under "component/**" and
// "component/status/**" belongs to the more specific glob's service, as
// SPEC §2 documents, and is not worth a warning. Sorted by position, then
// message; deterministic.
func (g *Graph) Lint(tracked []string) []Warning {
	ix := g.index()
	matched := make([]bool, len(ix.globs))
	type pair struct{ a, b int32 }
	type tie struct {
		n          int
		example    string
		globA, gbB int32 // the tied globs of the first example
	}
	ties := map[pair]*tie{}
	var svcs, svcGlobs []int32
	for _, path := range tracked {
		svcs, svcGlobs = svcs[:0], svcGlobs[:0]
		best := -1
		ix.visit(path, func(gi int32, e *globEntry) {
			isSvc := e.kind == globService
			if matched[gi] && (!isSvc || e.prefix < best) {
				return
			}
			if !doublestar.MatchUnvalidated(e.pattern, path) {
				return
			}
			matched[gi] = true
			if !isSvc || e.prefix < best {
				return
			}
			if e.prefix > best {
				best, svcs, svcGlobs = e.prefix, svcs[:0], svcGlobs[:0]
			}
			if !slices.Contains(svcs, e.owner) {
				svcs, svcGlobs = append(svcs, e.owner), append(svcGlobs, gi)
			}
		})
		for i := range svcs {
			for j := range svcs {
				if svcs[i] >= svcs[j] {
					continue
				}
				p := pair{svcs[i], svcs[j]}
				t := ties[p]
				if t == nil {
					t = &tie{example: path, globA: svcGlobs[i], gbB: svcGlobs[j]}
					ties[p] = t
				}
				t.n++
			}
		}
	}
	var out []Warning
	for i, e := range ix.globs {
		if matched[i] {
			continue
		}
		pos, what := g.globOwner(ix, e)
		out = append(out, Warning{Kind: WarnUnusedGlob, Pos: pos, Msg: fmt.Sprintf("%s: glob %q matches no tracked file", what, e.pattern)})
	}
	// internal globs: indexed the same way, once per distinct pattern
	internal := &index{root: &trieNode{}, dirs: map[string]*trieNode{}}
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
		for i, p := range s.Internal {
			if !hit[seen[p]] {
				out = append(out, Warning{Kind: WarnUnusedGlob, Pos: posOf(s.internalPos, i, s.Pos), Msg: fmt.Sprintf("service %q: internal glob %q matches no tracked file", s.Name, p)})
			}
		}
	}
	for p, t := range ties {
		a, b := ix.services[p.a], ix.services[p.b]
		pa, _ := g.globOwner(ix, ix.globs[t.globA])
		pb, _ := g.globOwner(ix, ix.globs[t.gbB])
		if order(g, pb, pa) < 0 {
			a, b, pa, pb = b, a, pb, pa
		}
		out = append(out, Warning{Kind: WarnTie, Pos: pb, Msg: fmt.Sprintf(
			"services %q and %q tie: %d tracked file(s) belong to both, matched by equally specific globs (%q here, %q at %s), e.g. %s; make one glob more specific",
			a.Name, b.Name, t.n, ix.globs[t.gbB].pattern, ix.globs[t.globA].pattern, pa, t.example)})
	}
	sortWarnings(g, out)
	return out
}

// sortWarnings sorts warnings by position (the policy's files in load
// order, then line and column), then message.
func sortWarnings(g *Graph, ws []Warning) {
	slices.SortFunc(ws, func(a, b Warning) int { return cmp.Or(order(g, a.Pos, b.Pos), cmp.Compare(a.Msg, b.Msg)) })
}

// order compares two positions: the policy's files in load order (other
// files after them, by name), then line and column.
func order(g *Graph, a, b Pos) int {
	rank := func(f string) int {
		if i := slices.Index(g.Files, f); i >= 0 {
			return i
		}
		return len(g.Files)
	}
	return cmp.Or(cmp.Compare(rank(a.File), rank(b.File)), cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
}

// globOwner is where a glob is written (the definition's position when
// unknown: inferred paths) and names the definition it belongs to.
func (g *Graph) globOwner(ix *index, e globEntry) (Pos, string) {
	switch e.kind {
	case globService:
		s := ix.services[e.owner]
		return posOf(s.pathPos, slices.Index(s.Paths, e.pattern), s.Pos), fmt.Sprintf("service %q", s.Name)
	case globContract:
		c := g.Contracts[ix.contract[e.owner]]
		return posOf(c.pathPos, slices.Index(c.Paths, e.pattern), c.Pos), fmt.Sprintf("contract %q", c.Name)
	}
	t := g.Triggers[e.owner]
	return posOf(t.pathPos, slices.Index(t.Paths, e.pattern), t.Pos), fmt.Sprintf("trigger %q", t.Name)
}

// LintOwners warns (WarnUnknownOwner) at each domain owner that known
// says CODEOWNERS never names: such a domain never claims a file by its
// owners, which is almost always a typo or a renamed team. known is
// called with each owner as written; nil means there is no CODEOWNERS.
func (g *Graph) LintOwners(known func(owner string) bool) []Warning {
	var out []Warning
	for _, name := range g.DomainNames() {
		d := g.Domains[name]
		for i, o := range d.Owners {
			msg := fmt.Sprintf("domain %q: owner %q appears nowhere in CODEOWNERS: the domain claims no file by its owners", name, o)
			if known == nil {
				msg = fmt.Sprintf("domain %q: owner %q: there is no CODEOWNERS file, so the domain claims no file by its owners", name, o)
			} else if known(o) {
				continue
			}
			out = append(out, Warning{Kind: WarnUnknownOwner, Pos: posOf(d.ownerPos, i, d.Pos), Msg: msg})
		}
	}
	sortWarnings(g, out)
	return out
}
