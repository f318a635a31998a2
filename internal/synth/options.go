package synth

import (
	"errors"
	"fmt"
)

// Options sizes a synthetic monorepo. A zero field takes its default.
type Options struct {
	Files     int   // tracked files on main, default 100_000
	Services  int   // default 2_000
	Edges     int   // dependency edges (depends_on + consumes), default 10_000
	Contracts int   // contracts with paths under api/<name>/**, default Services/10; a platform-wide contract is added
	Domains   int   // default 50
	Rules     int   // CODEOWNERS rules, default 5_000
	History   int   // commits on main before the branches diverge, default 2_000
	Diverge   int   // commits on each side after the fork, default 200
	Fragments int   // services declared in services/<name>/gates.yaml fragments, default Services/20; negative: none
	Seed      int64 // the same seed gives the same repository, commit hashes included

	// NoCheckout leaves the work tree and the index empty (the refs and objects are
	// written all the same), which saves time when only git history is read.
	NoCheckout bool
}

// Small returns options for a small repository that generates in a fraction of a
// second, for unit tests: 2,000 files, 50 services. It has the change-1 and
// change-100 pairs but not change-10000.
func Small() Options {
	return Options{
		Files:     2_000,
		Services:  50,
		Edges:     200,
		Contracts: 10,
		Domains:   5,
		Rules:     200,
		History:   100,
		Diverge:   20,
		Seed:      1,
	}
}

// Medium returns options for a repository of 20,000 files and 200 services that
// generates in a few seconds and has every pair, change-10000 included.
func Medium() Options {
	return Options{
		Files:     20_000,
		Services:  200,
		Edges:     1_000,
		Contracts: 20,
		Domains:   10,
		Rules:     1_000,
		History:   200,
		Diverge:   50,
		Seed:      1,
	}
}

// Huge returns options for the monorepo of issue 18's largest target:
// 1,000,000 files, 10,000 services, 50,000 edges, 20,000 CODEOWNERS rules,
// and a change-100000 pair besides the others. It takes minutes to
// generate; only benchmarks and bench/huge.sh use it, never the tests.
func Huge() Options {
	return Options{
		Files:    1_000_000,
		Services: 10_000,
		Edges:    50_000,
		Domains:  100,
		Rules:    20_000,
		Seed:     1,
	}
}

// withDefaults fills zero fields with their defaults.
func (o Options) withDefaults() Options {
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	def(&o.Files, 100_000)
	def(&o.Services, 2_000)
	def(&o.Edges, 10_000)
	def(&o.Contracts, max(1, o.Services/10))
	def(&o.Domains, 50)
	def(&o.Rules, 5_000)
	def(&o.History, 2_000)
	def(&o.Diverge, 200)
	def(&o.Fragments, o.Services/20)
	if o.Fragments < 0 {
		o.Fragments = 0
	}
	return o
}

// changeSizes are the sizes of the change-N branches, each generated when the
// repository has enough files for it (change-100000 only in Huge).
var changeSizes = []int{1, 100, 10_000, 100_000}

// check reports options that cannot make a repository.
func (o Options) check() error {
	var errs []error
	positive := func(name string, v int) {
		if v < 0 {
			errs = append(errs, fmt.Errorf("%s must not be negative, got %d", name, v))
		}
	}
	positive("files", o.Files)
	positive("services", o.Services)
	positive("edges", o.Edges)
	positive("contracts", o.Contracts)
	positive("domains", o.Domains)
	positive("rules", o.Rules)
	positive("history", o.History)
	positive("diverge", o.Diverge)
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	if o.Fragments > o.Services/2 {
		errs = append(errs, fmt.Errorf("fragments: %d is more than half of %d services", o.Fragments, o.Services))
	}
	if least := minFiles(o); o.Files < least {
		errs = append(errs, fmt.Errorf("files: %d services and %d contracts need at least %d files, got %d", o.Services, o.Contracts, least, o.Files))
	}
	if o.Rules > o.Files/2 {
		errs = append(errs, fmt.Errorf("rules: %d is more than half of the %d files", o.Rules, o.Files))
	}
	_, nDep := splitEdges(o)
	if maxDep := o.Services * (o.Services - 1) / 4; nDep > maxDep {
		errs = append(errs, fmt.Errorf("edges: %d depends_on edges need more than %d services (at most %d)", nDep, o.Services, maxDep))
	}
	return errors.Join(errs...)
}

// splitEdges divides the edges into consumes and depends_on edges, keeping the
// consumes share at a third of the possible (contract, later service) pairs at most.
func splitEdges(o Options) (nCons, nDep int) {
	nCons = min(o.Edges*3/10, o.Contracts*o.Services/4)
	return nCons, o.Edges - nCons
}

// minFiles is the smallest repository for the options: the fixed files, the
// fragments, one file per service, per library, per contract and a few documents.
func minFiles(o Options) int {
	return len(fixedFiles) + 2 + o.Fragments + o.Services + numLibs(o) + o.Contracts + 2
}

// numLibs is the number of libraries under libs/, each owned by one service.
func numLibs(o Options) int { return o.Services / 20 }
