package graph

import (
	"slices"
)

// Classify tells what claims one repository-relative path (SPEC §2): the
// triggers whose paths match (file order), the contracts whose paths match
// (sorted), the service the file belongs to and the domains listing it.
//
// A file belongs to the service whose matching glob is most specific: the
// one with the longest literal prefix before its first wildcard. On a tie
// the file belongs to every tied service. Internal is set when the path
// also matches one of that service's internal globs.
//
// Globs are indexed by their literal directory prefix, so one call costs
// the globs along the path's directories, not the number of services.
// Classify is safe for concurrent use.
func (g *Graph) Classify(path string) Class {
	return g.classify(g.index(), path, false)
}

// classify is Classify over the index's candidates for the path, or over
// every glob with linear (the plain matcher the tests compare it with:
// doublestar for every glob).
func (g *Graph) classify(ix *index, path string, linear bool) Class {
	var c Class
	var triggers, contracts []int32
	best := -1
	var svcs []int32
	each := func(_ int32, e *globEntry) {
		switch e.kind {
		case globTrigger:
			if !slices.Contains(triggers, e.owner) && e.fast.match(e.pattern, path, linear) {
				triggers = append(triggers, e.owner)
			}
		case globContract:
			if !slices.Contains(contracts, e.owner) && e.fast.match(e.pattern, path, linear) {
				contracts = append(contracts, e.owner)
			}
		case globService:
			if e.prefix < best || !e.fast.match(e.pattern, path, linear) {
				return
			}
			if e.prefix > best {
				best, svcs = e.prefix, svcs[:0]
			}
			if !slices.Contains(svcs, e.owner) {
				svcs = append(svcs, e.owner)
			}
		}
	}
	if linear {
		ix.visitAll(each)
	} else {
		ix.visit(path, each)
	}
	slices.Sort(triggers)
	for _, t := range triggers {
		c.Triggers = append(c.Triggers, g.Triggers[t].Name)
	}
	slices.Sort(contracts)
	for _, i := range contracts {
		c.Contracts = append(c.Contracts, ix.contract[i])
	}
	slices.Sort(svcs)
	for _, i := range svcs {
		s := ix.services[i]
		claim := ServiceClaim{Service: s.Name}
		for j, p := range s.Internal {
			if ix.internal[i][j].match(p, path, linear) {
				claim.Internal = true
				break
			}
		}
		c.Services = append(c.Services, claim)
		for _, d := range s.Domains {
			if !slices.Contains(c.Domains, d) {
				c.Domains = append(c.Domains, d)
			}
		}
	}
	slices.Sort(c.Domains)
	return c
}
