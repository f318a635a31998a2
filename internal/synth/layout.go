package synth

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
)

// fileKind tells what a file is for, which decides how history may touch it.
type fileKind uint8

const (
	kindPolicy    fileKind = iota // gates.yaml, its fragments, CODEOWNERS: written once
	kindToolchain                 // inputs of the select-all trigger: never in a change-N branch
	kindService
	kindLib
	kindAPI
	kindDocs
)

type file struct {
	path string
	kind fileKind
}

type service struct {
	name      string
	dir       string // services/<name>
	libs      []int
	dependsOn []int
	consumes  []int
	provides  []int
	domain    int
	fragment  bool // declared in dir/gates.yaml
	owners    bool // lists its owners explicitly
}

type contract struct {
	name      string
	providers []int
}

// layout is the content of a repository, before history.
type layout struct {
	opt       Options
	services  []service
	contracts []contract
	libs      []string
	libOwner  []int
	files     []file
}

// fixedFiles are the toolchain files every repository has.
var fixedFiles = []string{
	"go.mod",
	"go.sum",
	"Makefile",
	".github/workflows/ci.yml",
	".github/workflows/release.yml",
	"scripts/ci/lint.sh",
	"scripts/ci/openapi-diff.sh",
	"scripts/ci/smoke.sh",
}

const (
	gatesFile      = "gates.yaml"
	codeownersFile = ".github/CODEOWNERS"
)

var pkgWords = []string{
	"store", "api", "auth", "billing", "cache", "config", "events", "handlers",
	"ledger", "metrics", "models", "notify", "queue", "search", "session", "worker",
}

var fileWords = []string{
	"client", "server", "handler", "model", "util", "types", "errors", "options",
	"reader", "writer", "codec", "router", "limits", "retry", "pool", "schema",
}

func suffix(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprint(n + 1)
}

func name(prefix string, i, count, minWidth int) string {
	w := max(minWidth, len(fmt.Sprint(max(count-1, 0))))
	return fmt.Sprintf("%s-%0*d", prefix, w, i)
}

// newLayout draws services, contracts, libraries, the dependency graph and the
// file list from rng. The order of draws is part of the output: changing it
// changes every repository.
func newLayout(opt Options, rng *rand.Rand) (*layout, error) {
	l := &layout{opt: opt}
	s := opt.Services
	l.services = make([]service, s)
	for i := range l.services {
		n := name("svc", i, s, 4)
		l.services[i] = service{name: n, dir: "services/" + n, domain: rng.IntN(max(opt.Domains, 1)), owners: i%10 == 3}
	}
	nl := numLibs(opt)
	for i := range nl {
		owner := rng.IntN(s)
		l.libs = append(l.libs, name("lib", i, nl, 3))
		l.libOwner = append(l.libOwner, owner)
		l.services[owner].libs = append(l.services[owner].libs, i)
	}
	var plain []int // services without libraries may live in fragments
	for i := range l.services {
		if len(l.services[i].libs) == 0 {
			plain = append(plain, i)
		}
	}
	rng.Shuffle(len(plain), func(a, b int) { plain[a], plain[b] = plain[b], plain[a] })
	for _, i := range plain[:min(opt.Fragments, len(plain))] {
		l.services[i].fragment = true
	}
	for c := range opt.Contracts {
		k := contract{name: name("contract", c, opt.Contracts, 3)}
		k.providers = []int{rng.IntN(max(1, s*3/4))}
		if rng.IntN(10) == 0 {
			if p := rng.IntN(max(1, s*3/4)); p != k.providers[0] {
				k.providers = append(k.providers, p)
			}
		}
		for _, p := range k.providers {
			l.services[p].provides = append(l.services[p].provides, c)
		}
		l.contracts = append(l.contracts, k)
	}
	if err := l.edges(rng); err != nil {
		return nil, err
	}
	for i := range l.services {
		sv := &l.services[i]
		slices.Sort(sv.dependsOn)
		slices.Sort(sv.consumes)
		slices.Sort(sv.provides)
	}
	l.fileList(rng)
	return l, nil
}

// edges draws the depends_on and consumes edges: mostly from a service to
// services and contracts of lower index (a DAG whose low indices are the
// foundations many services depend on), with a few back edges that close cycles.
func (l *layout) edges(rng *rand.Rand) error {
	s := len(l.services)
	nCons, nDep := splitEdges(l.opt)
	back := 0
	if nDep > 0 && s > 2 {
		back = max(1, nDep/2000)
	}
	seen := make(map[[2]int]bool, l.opt.Edges)
	budget := 100*l.opt.Edges + 1000
	for added := 0; added < nDep; {
		if budget--; budget < 0 {
			return fmt.Errorf("edges: could not draw %d depends_on edges among %d services", nDep, s)
		}
		i := 1 + rng.IntN(s-1)
		var j int
		if added < back && i < s-1 {
			j = i + 1 + rng.IntN(s-i-1)
		} else {
			u := rng.Float64()
			j = int(float64(i) * u * u)
		}
		if j == i || seen[[2]int{i, j}] {
			continue
		}
		seen[[2]int{i, j}] = true
		l.services[i].dependsOn = append(l.services[i].dependsOn, j)
		added++
	}
	for added := 0; added < nCons; {
		if budget--; budget < 0 {
			return fmt.Errorf("edges: could not draw %d consumes edges among %d services and %d contracts", nCons, s, len(l.contracts))
		}
		c := rng.IntN(len(l.contracts))
		p := l.contracts[c].providers[0]
		if p >= s-1 {
			continue
		}
		i := p + 1 + rng.IntN(s-p-1)
		if slices.Contains(l.contracts[c].providers, i) || seen[[2]int{i, -1 - c}] {
			continue
		}
		seen[[2]int{i, -1 - c}] = true
		l.services[i].consumes = append(l.services[i].consumes, c)
		added++
	}
	return nil
}

// fileList lays out every tracked file, in the order the first commits add them.
func (l *layout) fileList(rng *rand.Rand) {
	opt := l.opt
	add := func(p string, k fileKind) { l.files = append(l.files, file{path: p, kind: k}) }
	add(gatesFile, kindPolicy)
	add(codeownersFile, kindPolicy)
	for _, sv := range l.services {
		if sv.fragment {
			add(sv.dir+"/"+gatesFile, kindPolicy)
		}
	}
	for _, p := range fixedFiles {
		add(p, kindToolchain)
	}
	// At least one file per service, library and contract, two documents; the
	// rest is spread 80% services, 8% libraries, 6% contracts, 6% documents.
	rest := opt.Files - len(l.files)
	extra := rest - len(l.services) - len(l.libs) - len(l.contracts) - 2
	svcN := spread(rng, len(l.services), extra*80/100)
	libN := spread(rng, len(l.libs), extra*8/100)
	apiN := spread(rng, len(l.contracts), extra*6/100)
	docN := rest - sum(svcN) - sum(libN) - sum(apiN)
	for i, sv := range l.services {
		add(sv.dir+"/main.go", kindService)
		for k := range svcN[i] - 1 {
			add(sv.dir+"/internal/"+codePath(k), kindService)
		}
	}
	for i, lib := range l.libs {
		for k := range libN[i] {
			add("libs/"+lib+"/"+codePath(k), kindLib)
		}
	}
	for i, c := range l.contracts {
		add("api/"+c.name+"/openapi.yaml", kindAPI)
		for k := range apiN[i] - 1 {
			add(fmt.Sprintf("api/%s/proto/v%d/%s.proto", c.name, 1+k/8, fileWords[k%8]), kindAPI)
		}
	}
	for k := range docN {
		t := k / 8
		add(fmt.Sprintf("docs/%s%s/page-%d.md", pkgWords[t%len(pkgWords)], suffix(t/len(pkgWords)), k%8), kindDocs)
	}
}

// codePath names the k-th file of a Go package tree: packages of four stems,
// each stem a source file, its test, its testdata and a generated file.
func codePath(k int) string {
	p := k / 16
	pkg := pkgWords[p%len(pkgWords)] + suffix(p/len(pkgWords))
	stem := fileWords[((k/4)%4+p*4)%len(fileWords)]
	switch k % 4 {
	case 0:
		return pkg + "/" + stem + ".go"
	case 1:
		return pkg + "/" + stem + "_test.go"
	case 2:
		return pkg + "/testdata/" + stem + ".json"
	default:
		return pkg + "/" + stem + "_gen.go"
	}
}

// spread gives each of n members one file plus extra files drawn with skewed
// weights, so that a few members are large.
func spread(rng *rand.Rand, n, extra int) []int {
	counts := make([]int, n)
	if n == 0 {
		return counts
	}
	cum := make([]float64, n)
	total := 0.0
	for i := range counts {
		counts[i] = 1
		total += rng.ExpFloat64() + 0.1
		cum[i] = total
	}
	for range extra {
		x := rng.Float64() * total
		counts[min(sort.SearchFloat64s(cum, x), n-1)]++
	}
	return counts
}

func sum(xs []int) int {
	t := 0
	for _, x := range xs {
		t += x
	}
	return t
}
