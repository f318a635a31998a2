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
		bg, hg, errB, errH = r.comparePnpm(p, base, head)
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
	pkgs      map[string]*lockPkg // by id: name and version, and what else tells two apart (or nil, and order and list hold them)
	importers map[string][]string // service name ("" for the root package) -> ids it uses directly
	unknown   []string            // importers that are no service of the workspace
	root      map[string]string   // the root-level blocks that concern every package, by name ("overrides"), as text
	order     []string            // with pkgs nil: every id once, in the order the file lists them (two graphs whose orders are sorted are merged, not looked up)
	list      []*lockPkg          // with order: the package of each
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

// lockNode is one package id of either side of a comparison, with the
// base's and the head's package (nil on a side that has none).
type lockNode struct {
	id     string
	bp, hp *lockPkg
}

// diffGraphs finds the services whose closure reaches a package that
// differs between the two graphs, or whose direct dependencies differ.
// The packages of both sides are numbered in the order joinPkgs gives
// them, and the edges, the changed set and the labels are kept by number.
func (r *Result) diffGraphs(p string, bg, hg *lockGraph) LockChange {
	nodes := make([]lockNode, 0, max(bg.size(), hg.size()))
	joinPkgs(bg, hg, func(id string, bp, hp *lockPkg) { nodes = append(nodes, lockNode{id, bp, hp}) })
	at := make(map[string]int32, len(nodes))
	for i, n := range nodes {
		at[n.id] = int32(i)
	}
	// the packages that changed themselves: added, removed, a different
	// content (integrity, source...), or a dependency that resolves to
	// another package that did not change itself (a package whose only
	// difference is a changed dependency is reached through it)
	changed := make([]bool, len(nodes))
	var redirected []int32 // unchanged themselves, but with other dependencies
	// the edges of both sides, as (from, to) pairs: an edge to an id
	// neither side has is never walked (the walk starts at packages and
	// follows the edges into them)
	var from, to []int32
	addEdges := func(i int, q *lockPkg) {
		if q.src != nil {
			q.src.each(func(d []byte) {
				if j, ok := at[string(d)]; ok {
					from, to = append(from, int32(i)), append(to, j)
				}
			})
			return
		}
		for _, d := range q.dependencies() {
			if j, ok := at[d]; ok {
				from, to = append(from, int32(i)), append(to, j)
			}
		}
	}
	for i, n := range nodes {
		bp, hp := n.bp, n.hp
		if bp != nil {
			switch {
			case hp != nil && bp.text != nil && bp.raw == hp.raw:
				// the same text: the same dependencies, added from the head below
			case hp == nil || !sameContent(bp, hp):
				changed[i] = true
				addEdges(i, bp)
			case !slices.Equal(bp.dependencies(), hp.dependencies()):
				redirected = append(redirected, int32(i))
				addEdges(i, bp)
			default:
				// the same edges as the head's, added below
			}
		}
		if hp != nil {
			if bp == nil {
				changed[i] = true
			}
			addEdges(i, hp)
		}
	}
	// in id order, as the sorted join gives them: one found changed counts
	// as changed for those after it, so the order decides, and must not be
	// the maps' (TestComparePnpmRedirectedOrder)
	slices.SortFunc(redirected, func(a, b int32) int { return strings.Compare(nodes[a].id, nodes[b].id) })
	for _, i := range redirected {
		for _, d := range symmetricDiff(nodes[i].bp.dependencies(), nodes[i].hp.dependencies()) {
			if j, ok := at[d]; !ok || !changed[j] {
				changed[i] = true
				break
			}
		}
	}
	var chg []int32 // the changed packages
	for i, c := range changed {
		if c {
			chg = append(chg, int32(i))
		}
	}
	// the reverse edges in one array: those into node j are
	// rev[start[j]:start[j+1]]
	start := make([]int32, len(nodes)+1)
	for _, j := range to {
		start[j+1]++
	}
	for j := range nodes {
		start[j+1] += start[j]
	}
	rev, fill := make([]int32, len(to)), slices.Clone(start[:len(nodes)])
	for k, j := range to {
		rev[fill[j]] = from[k]
		fill[j]++
	}
	versions := func(base bool, name string) string {
		var vs []string
		for _, i := range chg {
			q := nodes[i].hp
			if base {
				q = nodes[i].bp
			}
			if q != nil && q.name == name {
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
	label, labeled := make([]string, len(nodes)), make([]bool, len(nodes))
	names := map[string][]int32{}
	for _, i := range chg {
		q := nodes[i].bp
		if q == nil {
			q = nodes[i].hp
		}
		names[q.name] = append(names[q.name], i)
	}
	for _, n := range sortedKeys(names) {
		queue := slices.Clone(names[n])
		for len(queue) > 0 {
			j := queue[len(queue)-1]
			queue = queue[:len(queue)-1]
			if labeled[j] {
				continue
			}
			label[j], labeled[j] = n, true
			queue = append(queue, rev[start[j]:start[j+1]]...)
		}
	}
	out := LockChange{Services: map[string]string{}}
	reason := func(n string) string {
		return fmt.Sprintf("lockfile: %s: %s %s -> %s", p, n, versions(true, n), versions(false, n))
	}
	pkg := func(base bool, id string) *lockPkg {
		j, ok := at[id]
		switch {
		case !ok:
			return nil
		case base:
			return nodes[j].bp
		}
		return nodes[j].hp
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
				if j, ok := at[id]; ok && labeled[j] && (best == "" || label[j] < best) {
					best = label[j]
				}
			}
		}
		why := ""
		if best != "" {
			why = reason(best)
		} else if d := directDiff(bg.importers[imp], hg.importers[imp], pkg); d != "" {
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
	if len(names) > 0 && !reached && (bg.orphanAll || hg.orphanAll) {
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
		b, h := 0, 0
		for b < len(bg.order) || h < len(hg.order) {
			switch {
			case h == len(hg.order) || b < len(bg.order) && bg.order[b] < hg.order[h]:
				f(bg.order[b], bg.list[b], nil)
				b++
			case b == len(bg.order) || hg.order[h] < bg.order[b]:
				f(hg.order[h], nil, hg.list[h])
				h++
			default:
				f(bg.order[b], bg.list[b], hg.list[h])
				b, h = b+1, h+1
			}
		}
		return
	}
	bm, hm := bg.byID(), hg.byID()
	for id, bp := range bm {
		f(id, bp, hm[id])
	}
	for id, hp := range hm {
		if _, ok := bm[id]; !ok {
			f(id, nil, hp)
		}
	}
}

// size is the number of packages.
func (g *lockGraph) size() int { return max(len(g.pkgs), len(g.order)) }

// byID is the packages by id: pkgs, or a map of order and list.
func (g *lockGraph) byID() map[string]*lockPkg {
	if g.pkgs == nil {
		g.pkgs = make(map[string]*lockPkg, len(g.order))
		for i, id := range g.order {
			g.pkgs[id] = g.list[i]
		}
	}
	return g.pkgs
}

// sortedOrder reports whether g lists every package once (order and
// list, no map), in strictly increasing order of id.
func sortedOrder(g *lockGraph) bool {
	if g.pkgs != nil || len(g.order) != len(g.list) {
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

// directDiff describes how two lists of direct dependencies differ (pkg
// finds the base's or the head's package of an id).
func directDiff(base, head []string, pkg func(base bool, id string) *lockPkg) string {
	b, h := slices.Clone(base), slices.Clone(head)
	slices.Sort(b)
	slices.Sort(h)
	if slices.Equal(b, h) {
		return ""
	}
	for _, id := range h {
		if !slices.Contains(b, id) {
			return describe(pkg(false, id), id) + " added"
		}
	}
	for _, id := range b {
		if !slices.Contains(h, id) {
			return describe(pkg(true, id), id) + " removed"
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
