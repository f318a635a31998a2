package selector

import "sort"

// Coverage is how much of a set of paths the policy claims.
type Coverage struct {
	Total, Claimed int
	Unclaimed      []string // sorted
}

// CoverageOf tells which paths a trigger, contract, service, domain (by
// its services or its CODEOWNERS owners) or the policy itself claims,
// exactly as a change to them would be classified. `gatesel validate
// --coverage` runs it over the tracked files.
func CoverageOf(in Input, paths []string) Coverage {
	b := newBuilder(in)
	cov := Coverage{Total: len(paths)}
	for _, p := range paths {
		if _, claims := b.path(nil, p, false); len(claims) > 0 {
			cov.Claimed++
		} else {
			cov.Unclaimed = append(cov.Unclaimed, p)
		}
	}
	sort.Strings(cov.Unclaimed)
	return cov
}
