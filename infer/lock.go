package infer

import (
	"cmp"
	"fmt"
	"path"
	"slices"
	"strings"
)

// LockChange is what a change to a lockfile or requirement file means for
// the inferred services.
type LockChange struct {
	// All is set for a root-level change that affects every package (a Go
	// toolchain line, npm overrides, a Cargo [patch]...), a file that
	// cannot be read or is in a format not understood, a lockfile added or
	// deleted: every service is concerned. Reason says why.
	All    bool
	Reason string
	// Services are the services whose own requirements or resolved
	// dependency closure differ, each with its reason, such as
	// "lockfile: pnpm-lock.yaml: lodash 4.17.20 -> 4.17.21".
	Services map[string]string
}

// lockKinds are the files CompareLock reads, by base name.
var lockKinds = map[string]Ecosystem{
	"go.mod": Go, "go.sum": Go, "go.work": Go, "go.work.sum": Go,
	"package-lock.json": NPM, "npm-shrinkwrap.json": NPM, "pnpm-lock.yaml": NPM, "yarn.lock": NPM, "package.json": NPM,
	"Cargo.lock": Cargo, "Cargo.toml": Cargo,
	"uv.lock": UV, "pyproject.toml": UV,
}

// IsLockfile reports whether CompareLock has something to say about a
// change to the repository-relative path p with the services of r: a
// lockfile at the root of an inferred workspace, a go.mod, go.sum, go.work
// or go.work.sum of the Go modules, and the workspace root's manifest
// (package.json, Cargo.toml, pyproject.toml) for its root-level blocks.
func (r *Result) IsLockfile(p string) bool {
	if r == nil {
		return false
	}
	base := path.Base(p)
	eco, ok := lockKinds[base]
	if !ok {
		return false
	}
	if _, found := r.Roots[eco]; !found {
		return false
	}
	switch base {
	case "go.mod", "go.sum":
		return r.dirService(Go, path.Dir(p)) != nil
	}
	return path.Dir(p) == "." // workspaces are rooted at the repository root
}

// dirService is the service of an ecosystem in a directory, or nil.
func (r *Result) dirService(eco Ecosystem, dir string) *Service {
	for _, s := range r.Services {
		if s.Ecosystem == eco && s.Dir == dir {
			return s
		}
	}
	return nil
}

// CompareLock compares the base and head contents of the lockfile or
// requirement file p (repository-relative; nil for a side where it is
// absent) for the services of r (the head's inferred graph). It never
// fails: what it cannot read selects everything, with the reason.
func (r *Result) CompareLock(p string, base, head []byte) LockChange {
	all := func(format string, args ...any) LockChange {
		return LockChange{All: true, Reason: "lockfile: " + p + ": " + fmt.Sprintf(format, args...)}
	}
	name := path.Base(p)
	switch name {
	case "go.mod":
		return r.compareGoMod(p, base, head)
	case "go.sum":
		return r.compareGoSum(p, base, head)
	case "go.work":
		return compareGoWork(p, base, head)
	case "go.work.sum":
		if string(base) == string(head) {
			return LockChange{}
		}
		return all("workspace checksums changed")
	case "package.json":
		return compareRootPackageJSON(p, base, head)
	case "Cargo.toml":
		return compareRootCargo(p, base, head)
	case "pyproject.toml":
		return compareRootPyproject(p, base, head)
	}
	if base == nil || head == nil {
		if base == nil && head == nil {
			return LockChange{}
		}
		return all("%s", map[bool]string{true: "added", false: "deleted"}[base == nil])
	}
	var parse func(name string, data []byte, r *Result) (*lockGraph, error)
	switch name {
	case "package-lock.json", "npm-shrinkwrap.json":
		parse = parsePackageLock
	case "pnpm-lock.yaml":
		parse = parsePnpmLock
	case "yarn.lock":
		parse = parseYarnLock
	case "Cargo.lock":
		parse = parseCargoLock
	case "uv.lock":
		parse = parseUVLock
	default:
		return all("format not understood")
	}
	var bg, hg *lockGraph
	var errB, errH error
	if name == "pnpm-lock.yaml" {
		envB, mainB := pnpmEnvDoc(base)
		envH, mainH := pnpmEnvDoc(head)
		if envB != envH {
			return all("pnpm's own dependencies (the first document: packageManagerDependencies, configDependencies) changed, which concerns every package")
		}
		bg, hg, errB, errH = r.comparePnpm(p, mainB, mainH)
	} else {
		bg, errB = parse(p, base, r)
		hg, errH = parse(p, head, r)
	}
	return r.compareGraphs(p, bg, hg, errB, errH)
}

// compareGraphs is the end of CompareLock, once both sides are read.
func (r *Result) compareGraphs(p string, bg, hg *lockGraph, errB, errH error) LockChange {
	all := func(format string, args ...any) LockChange {
		return LockChange{All: true, Reason: "lockfile: " + p + ": " + fmt.Sprintf(format, args...)}
	}
	if errB != nil {
		return all("base revision not understood, every service is concerned: %v", errB)
	}
	if errH != nil {
		return all("not understood, every service is concerned: %v", errH)
	}
	for _, k := range sortedKeys(union(bg.root, hg.root)) {
		if bg.root[k] != hg.root[k] {
			return all("%s changed, which concerns every package", k)
		}
	}
	return r.diffGraphs(p, bg, hg)
}

// lockGraph is a lockfile resolved to packages and the workspace members
// (importers) that use them.
type lockGraph struct {
	pkgs      map[string]*lockPkg // by id: name and version, and what else tells two apart
	importers map[string][]string // service name ("" for the root package) -> ids it uses directly
	unknown   []string            // importers that are no service of the workspace
	root      map[string]string   // the root-level blocks that concern every package, by name ("overrides"), as text
	order     []string            // when set, every key of pkgs once, in the order the file lists them (two graphs whose orders are sorted are merged, not looked up)
	orphanAll bool                // a changed package that no service reaches concerns every one (yarn v1: the root's own dependencies are not recorded)
}

// lockPkg is one resolved package.
type lockPkg struct {
	name, version string
	content       string              // what must be equal for the package to be unchanged, its resolved dependencies aside
	deps          []string            // ids, sorted
	raw           [3]string           // with meta: the entry as written (up to three parts); equal raw means unchanged, and content is computed by meta only when not
	meta          func() string       // computes content for a raw entry
	text          func(string) string // or, shared by every entry of a file, computes it from each raw part
	src           lazyDeps            // when set, computes deps on first use (an entry whose text is unchanged never needs them)
	rev           []string            // diffGraphs: the ids of the packages that depend on this one
}

// dependencies returns deps, computing them first when they are lazy.
func (q *lockPkg) dependencies() []string {
	if q.src != nil {
		q.deps, q.src = q.src.ids(), nil
	}
	return q.deps
}

// lazyDeps are the dependencies of a package, computed when needed.
type lazyDeps interface {
	ids() []string           // sorted, each once
	each(yield func([]byte)) // in any order, repeats allowed, without building the ids (the slice is valid during the call)
}

// sameContent reports whether two versions of a package are the same, their
// resolved dependencies aside.
func sameContent(a, b *lockPkg) bool {
	switch {
	case a.text != nil && b.text != nil:
		if a.raw == b.raw {
			return true
		}
		for i := range a.raw {
			if a.text(a.raw[i]) != b.text(b.raw[i]) {
				return false
			}
		}
		return true
	case a.meta != nil && b.meta != nil:
		if a.raw == b.raw {
			return true
		}
		return a.meta() == b.meta()
	}
	return a.content == b.content
}

// diffGraphs finds the services whose closure reaches a package that
// differs between the two graphs, or whose direct dependencies differ.
func (r *Result) diffGraphs(p string, bg, hg *lockGraph) LockChange {
	// the packages that changed themselves: added, removed, a different
	// content (integrity, source...), or a dependency that resolves to
	// another package that did not change itself (a package whose only
	// difference is a changed dependency is reached through it)
	changed := map[string]bool{}
	var redirected []string // unchanged themselves, but with other dependencies
	// the reverse edges live on the packages: on the head's package of an
	// id, or the base's when the head has none; an edge to an id neither
	// side has is never walked (the walk starts at packages and follows
	// the edges into them)
	node := func(id string) *lockPkg {
		if q := hg.pkgs[id]; q != nil {
			return q
		}
		return bg.pkgs[id]
	}
	for _, q := range bg.pkgs {
		q.rev = nil
	}
	for _, q := range hg.pkgs {
		q.rev = nil
	}
	// addEdges records the edges from package id (q) to its dependencies
	addEdges := func(id string, q *lockPkg) {
		if q.src != nil {
			q.src.each(func(d []byte) {
				if n := hg.pkgs[string(d)]; n != nil {
					n.rev = append(n.rev, id)
				} else if n := bg.pkgs[string(d)]; n != nil {
					n.rev = append(n.rev, id)
				}
			})
			return
		}
		for _, d := range q.dependencies() {
			if n := node(d); n != nil {
				n.rev = append(n.rev, id)
			}
		}
	}
	joinPkgs(bg, hg, func(id string, bp, hp *lockPkg) {
		if bp != nil {
			switch {
			case hp != nil && bp.text != nil && bp.raw == hp.raw:
				// the same text: the same dependencies, added from the head below
			case hp == nil || !sameContent(bp, hp):
				changed[id] = true
				addEdges(id, bp)
			case !slices.Equal(bp.dependencies(), hp.dependencies()):
				redirected = append(redirected, id)
				addEdges(id, bp)
			default:
				// the same edges as the head's, added below
			}
		}
		if hp != nil {
			if bp == nil {
				changed[id] = true
			}
			addEdges(id, hp)
		}
	})
	for _, id := range redirected {
		for _, d := range symmetricDiff(bg.pkgs[id].dependencies(), hg.pkgs[id].dependencies()) {
			if !changed[d] {
				changed[id] = true
				break
			}
		}
	}
	versions := func(g *lockGraph, name string) string {
		var vs []string
		for id := range changed {
			if q := g.pkgs[id]; q != nil && q.name == name {
				vs = append(vs, q.version)
			}
		}
		slices.Sort(vs)
		vs = slices.Compact(vs)
		if len(vs) == 0 {
			return "(none)"
		}
		return strings.Join(vs, ", ")
	}
	// label every package that reaches a changed one with the smallest
	// changed name it reaches: one reverse walk per name, in name order
	label := map[string]string{}
	names := map[string][]string{}
	for id := range changed {
		q := bg.pkgs[id]
		if q == nil {
			q = hg.pkgs[id]
		}
		names[q.name] = append(names[q.name], id)
	}
	for _, n := range sortedKeys(names) {
		queue := slices.Clone(names[n])
		for len(queue) > 0 {
			id := queue[len(queue)-1]
			queue = queue[:len(queue)-1]
			if _, ok := label[id]; ok {
				continue
			}
			label[id] = n
			if q := node(id); q != nil {
				queue = append(queue, q.rev...)
			}
		}
	}
	out := LockChange{Services: map[string]string{}}
	reason := func(n string) string {
		return fmt.Sprintf("lockfile: %s: %s %s -> %s", p, n, versions(bg, n), versions(hg, n))
	}
	reached := false
	importers := map[string]bool{}
	for k := range bg.importers {
		importers[k] = true
	}
	for k := range hg.importers {
		importers[k] = true
	}
	for _, imp := range sortedKeys(importers) {
		best := ""
		for _, g := range []*lockGraph{bg, hg} {
			for _, id := range g.importers[imp] {
				if l, ok := label[id]; ok && (best == "" || l < best) {
					best = l
				}
			}
		}
		why := ""
		if best != "" {
			why = reason(best)
		} else if d := directDiff(bg.importers[imp], hg.importers[imp], bg, hg); d != "" {
			why = "lockfile: " + p + ": " + d
		}
		if why == "" {
			continue
		}
		reached = true
		if imp == "" {
			return LockChange{All: true, Reason: why + " (a dependency of the root package, which concerns every package)"}
		}
		out.Services[imp] = why
	}
	for _, u := range append(slices.Clone(bg.unknown), hg.unknown...) {
		return LockChange{All: true, Reason: "lockfile: " + p + ": importer " + u + " is no service of the workspace"}
	}
	if len(changed) > 0 && !reached && (bg.orphanAll || hg.orphanAll) {
		n := sortedKeys(names)[0]
		return LockChange{All: true, Reason: reason(n) + ", which no workspace package uses: the root package's, which concerns every package"}
	}
	return out
}

// joinPkgs calls f once for every package id of either graph, with the
// base's and the head's package (nil on the side that has none). Two
// graphs that list their packages in sorted order are merged in that
// order, without looking an id up; any others are joined through the maps.
func joinPkgs(bg, hg *lockGraph, f func(id string, bp, hp *lockPkg)) {
	if sortedOrder(bg) && sortedOrder(hg) {
		b, h := bg.order, hg.order
		for len(b) > 0 || len(h) > 0 {
			switch {
			case len(h) == 0 || len(b) > 0 && b[0] < h[0]:
				f(b[0], bg.pkgs[b[0]], nil)
				b = b[1:]
			case len(b) == 0 || h[0] < b[0]:
				f(h[0], nil, hg.pkgs[h[0]])
				h = h[1:]
			default:
				f(b[0], bg.pkgs[b[0]], hg.pkgs[h[0]])
				b, h = b[1:], h[1:]
			}
		}
		return
	}
	for id, bp := range bg.pkgs {
		f(id, bp, hg.pkgs[id])
	}
	for id, hp := range hg.pkgs {
		if _, ok := bg.pkgs[id]; !ok {
			f(id, nil, hp)
		}
	}
}

// sortedOrder reports whether g lists every package once, in strictly
// increasing order of id.
func sortedOrder(g *lockGraph) bool {
	if len(g.order) != len(g.pkgs) {
		return false
	}
	for i := 1; i < len(g.order); i++ {
		if g.order[i-1] >= g.order[i] {
			return false
		}
	}
	return true
}

// union is the keys of two maps.
func union(a, b map[string]string) map[string]bool {
	out := map[string]bool{}
	for k := range a {
		out[k] = true
	}
	for k := range b {
		out[k] = true
	}
	return out
}

// symmetricDiff lists the ids in one sorted list and not the other.
func symmetricDiff(a, b []string) []string {
	var out []string
	for _, x := range a {
		if _, ok := slices.BinarySearch(b, x); !ok {
			out = append(out, x)
		}
	}
	for _, x := range b {
		if _, ok := slices.BinarySearch(a, x); !ok {
			out = append(out, x)
		}
	}
	return out
}

// directDiff describes how two lists of direct dependencies differ.
func directDiff(base, head []string, bg, hg *lockGraph) string {
	b, h := slices.Clone(base), slices.Clone(head)
	slices.Sort(b)
	slices.Sort(h)
	if slices.Equal(b, h) {
		return ""
	}
	for _, id := range h {
		if !slices.Contains(b, id) {
			return describe(hg.pkgs[id], id) + " added"
		}
	}
	for _, id := range b {
		if !slices.Contains(h, id) {
			return describe(bg.pkgs[id], id) + " removed"
		}
	}
	return "dependencies changed"
}

func describe(q *lockPkg, id string) string {
	if q == nil {
		return id
	}
	return q.name + " " + q.version
}

// serviceByID finds the service of an ecosystem whose ID is id.
func (r *Result) serviceByID(eco Ecosystem, id string) *Service {
	for _, s := range r.Services {
		if s.Ecosystem == eco && s.ID == id {
			return s
		}
	}
	return nil
}

// sortIDs sorts and deduplicates ids.
func sortIDs(ids []string) []string {
	slices.SortFunc(ids, cmp.Compare[string])
	return slices.Compact(ids)
}
