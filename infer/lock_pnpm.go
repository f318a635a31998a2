package infer

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
)

// pnpmSections are the importer and snapshot dependency blocks.
var pnpmSections = []string{"dependencies", "devDependencies", "optionalDependencies"}

// pnpmRootLevel are the top-level blocks of pnpm-lock.yaml that concern
// every package.
var pnpmRootLevel = []string{"overrides", "patchedDependencies", "pnpmfileChecksum", "packageExtensionsChecksum", "settings", "catalogs"}

// pnpmDoc is pnpm-lock.yaml as far as the comparison reads it.
type pnpmDoc struct {
	hasVersion                     bool
	version                        string            // lockfileVersion: "9.0", "6.0", "5.4"...
	fast                           bool              // read by scanPnpm: entries' content is pnpmMetaText of their raw text
	root                           map[string]string // root-level blocks by name
	importers, packages, snapshots []*pnpmEntry
}

// pnpmEntry is one importer, package or snapshot.
type pnpmEntry struct {
	key  string
	raw  string        // the entry's lines as written
	meta func() string // its content without the dependency blocks
	deps []pnpmDep
}

// pnpmDep is a dependency "name: ref" (ref is the version, with peers).
type pnpmDep struct{ name, ref string }

// comparePnpm reads both sides with the same reader: the fast one when
// both are in the layout pnpm writes, the indented tree otherwise, so that
// contents compare like with like.
func (r *Result) comparePnpm(p string, base, head []byte) (*lockGraph, *lockGraph, error, error) {
	return r.comparePnpmPaths(p, base, head, true)
}

// comparePnpmPaths is comparePnpm; with sorted false, the entries are
// joined through maps even when sorted (the path for unsorted files, which
// the tests compare with the sorted one).
func (r *Result) comparePnpmPaths(p string, base, head []byte, sorted bool) (*lockGraph, *lockGraph, error, error) {
	hd, okH := scanPnpm(head, nil)
	bd, okB := scanPnpm(base, hd)
	var errB, errH error
	if !okB || !okH {
		bd, errB = treePnpm(p, base)
		hd, errH = treePnpm(p, head)
	}
	var bg, hg *lockGraph
	if errB == nil {
		bg, errB = buildPnpm(bd, r, sorted)
	}
	if errH == nil {
		hg, errH = buildPnpm(hd, r, sorted)
	}
	return bg, hg, errB, errH
}

// pnpmEnvDoc splits off the document pnpm 11 and later write first in
// pnpm-lock.yaml for pnpm's own dependencies (configDependencies,
// packageManagerDependencies), ended by a second "---": env is that
// document's text ("" when there is none), main the file with those lines
// blanked, so that the positions of errors stay the file's.
func pnpmEnvDoc(data []byte) (env string, main []byte) {
	first, rest, _ := bytes.Cut(data, []byte("\n"))
	if string(bytes.TrimRight(first, " \r")) != "---" {
		return "", data // no copy: the usual file
	}
	off := len(first) + 1
	for len(rest) > 0 {
		var line []byte
		line, rest, _ = bytes.Cut(rest, []byte("\n"))
		off = min(off+len(line)+1, len(data))
		if string(bytes.TrimRight(line, " \r")) == "---" {
			env = string(data[:off])
			main = make([]byte, 0, len(data))
			main = append(main, strings.Repeat("\n", strings.Count(env, "\n"))...)
			return env, append(main, data[off:]...)
		}
	}
	return "", data // one document with a start marker
}

// parsePnpmLock reads one pnpm-lock.yaml (for callers comparing with a
// graph read the same way).
func parsePnpmLock(name string, data []byte, r *Result) (*lockGraph, error) {
	_, data = pnpmEnvDoc(data)
	d, ok := scanPnpm(data, nil)
	if !ok {
		var err error
		if d, err = treePnpm(name, data); err != nil {
			return nil, err
		}
	}
	return buildPnpm(d, r, true)
}

// scanPnpm reads pnpm-lock.yaml in the layout pnpm writes (versions 6 to
// 9): two-space indentation, entries at depth 1 of importers, packages and
// snapshots, their fields at depth 2, dependency blocks in block style. It
// builds no tree and copies no text. Anything else (tabs, CR, odd
// indentation, a dependency block in flow style) declines: ok false, and
// the caller reads the file with parseTree.
//
// With other (the other side of a comparison, read by scanPnpm), an entry
// whose lines are those of other's entry of the same key, byte for byte,
// is that entry: not read again. Read from the same state (an entry line
// of the same block), the same lines give the same entry.
func scanPnpm(data []byte, other *pnpmDoc) (*pnpmDoc, bool) {
	s := string(data)
	odd := strings.IndexByte(s, '\t') >= 0 || strings.IndexByte(s, '\r') >= 0 // else no line needs looking at for them
	doc := &pnpmDoc{root: map[string]string{}}
	sec, secStart := "", 0
	var cur *pnpmEntry
	curStart, depSec := 0, false
	pending := -1 // the index in deps of an importer's dependency awaiting its version line
	// the entries and their dependencies are allocated in blocks, which
	// grow from small (a small file allocates little): each entry's deps
	// are a slice of arena, taken when it closes
	var slab []pnpmEntry
	var arena []pnpmDep
	depStart := 0
	entries := func() *[]*pnpmEntry { return doc.block(sec) }
	var theirs []*pnpmEntry // other's entries of the block, from cursor on
	same := func(key string, off int) *pnpmEntry {
		for len(theirs) > 0 && theirs[0].key < key {
			theirs = theirs[1:]
		}
		if len(theirs) == 0 || theirs[0].key != key {
			return nil
		}
		e, end := theirs[0], off+len(theirs[0].raw)
		if !strings.HasPrefix(s[off:], e.raw) || end < len(s) && s[end-1] != '\n' {
			return nil
		}
		// the entry ends there only if the next line with content is not indented under it
		for end < len(s) {
			line, _, _ := strings.Cut(s[end:], "\n")
			if text := strings.TrimLeft(line, " "); text != "" && text[0] != '#' {
				if len(line)-len(text) > 2 {
					return nil
				}
				break
			}
			end += len(line) + 1
		}
		return e
	}
	sawImporters := false
	var fields, depFields []string // the current entry's field names, and its current dependency's
	var tops []string              // the root-level keys so far
	prevIndent := -2
	lastEnd := 0 // the end of the last line with content: blank lines belong to no entry
	closeEntry := func() {
		if cur != nil {
			cur.raw = s[curStart:lastEnd]
			if len(arena) > depStart {
				cur.deps = arena[depStart:len(arena):len(arena)]
			}
			*entries() = append(*entries(), cur)
			cur = nil
		}
	}
	closeSection := func() {
		closeEntry()
		if sec != "" && entries() == nil {
			doc.root[sec] = s[secStart:lastEnd]
		}
	}
	for off := 0; off < len(s); {
		nl := strings.IndexByte(s[off:], '\n')
		next := len(s)
		line := s[off:]
		if nl >= 0 {
			line, next = s[off:off+nl], off+nl+1
		}
		indent := 0
		for indent < len(line) && line[indent] == ' ' {
			indent++
		}
		text := line[indent:]
		if text == "" || text[0] == '#' {
			off = next
			continue
		}
		if odd && (strings.IndexByte(line, '\t') >= 0 || strings.IndexByte(line, '\r') >= 0) || indent%2 != 0 || indent > prevIndent+2 {
			return nil, false // pnpm indents by two, one level at a time
		}
		prevIndent = indent
		inEntries := entries() != nil
		switch {
		case indent == 0:
			if strings.HasPrefix(text, "---") || strings.HasPrefix(text, "...") || text[0] == '%' {
				return nil, false // document markers and directives: the tree reader's business
			}
			closeSection()
			key, _, err := splitLine(text, true)
			if err != nil || key == "" || slices.Contains(tops, key) {
				return nil, false // a duplicate block: the tree reader keeps the first
			}
			tops = append(tops, key)
			sec, secStart = key, off
			if other != nil && other.block(key) != nil {
				theirs = *other.block(key)
			}
			switch key {
			case "lockfileVersion":
				doc.hasVersion = true
				_, doc.version, _ = splitLine(text, true)
			case "importers":
				sawImporters = true
			}
		case !inEntries:
			// a line of a root-level block: in its raw text
		case indent == 2:
			closeEntry()
			key, _, err := splitLine(text, true)
			if err != nil || key == "" {
				return nil, false
			}
			if e := same(key, off); e != nil {
				*entries() = append(*entries(), e)
				off = off + len(e.raw)
				lastEnd, prevIndent = off, 2 // the next line with content is indented by 2 at most
				continue
			}
			if len(slab) == cap(slab) {
				slab = make([]pnpmEntry, 0, min(1024, 2*cap(slab)+8))
			}
			slab = append(slab, pnpmEntry{key: key})
			if cap(arena)-len(arena) < 64 {
				arena = make([]pnpmDep, 0, min(4096, 2*cap(arena)+64)) // the earlier entries keep the earlier block
			}
			cur, curStart, depSec, pending, fields, depStart = &slab[len(slab)-1], off, false, -1, fields[:0], len(arena)
		case cur == nil:
			return nil, false
		case indent == 4:
			key, val, err := splitLine(text, true)
			if err != nil || key == "" || slices.Contains(fields, key) {
				return nil, false // a duplicate field: the tree reader keeps the first
			}
			fields = append(fields, key)
			isDep := slices.Contains(pnpmSections, key)
			if isDep && val != "" && val != "{}" {
				return nil, false // a flow dependency block: the tree reads it
			}
			depSec, pending = isDep && val == "", -1
		case indent == 6 && depSec:
			key, val, err := splitLine(text, true)
			if err != nil || key == "" {
				return nil, false
			}
			arena = append(arena, pnpmDep{name: key, ref: val})
			pending, depFields = -1, depFields[:0]
			if val == "" {
				pending = len(arena) - 1
			}
		case indent == 8 && pending >= 0:
			key, val, err := splitLine(text, true)
			if err != nil || key == "" || slices.Contains(depFields, key) {
				return nil, false
			}
			depFields = append(depFields, key)
			if key == "version" {
				arena[pending].ref = val
			}
		}
		off, lastEnd = next, next
	}
	closeSection()
	if !sawImporters {
		return nil, false // a lockfile of one package: the tree reader reads its top-level dependencies
	}
	doc.fast = true
	return doc, true
}

// block is the list of the entries of a block of entries (importers,
// packages, snapshots), or nil.
func (d *pnpmDoc) block(name string) *[]*pnpmEntry {
	switch name {
	case "importers":
		return &d.importers
	case "packages":
		return &d.packages
	case "snapshots":
		return &d.snapshots
	}
	return nil
}

// pnpmMetaText is an entry's text without its dependency blocks and blank
// lines, for an entry in the layout scanPnpm reads.
func pnpmMetaText(raw string) string {
	var b strings.Builder
	skip := false
	for line := range strings.SplitSeq(raw, "\n") {
		indent := len(line) - len(strings.TrimLeft(line, " "))
		if indent <= 4 {
			key, _, _ := strings.Cut(strings.TrimSpace(line), ":")
			skip = indent == 4 && slices.Contains(pnpmSections, key)
		}
		if !skip && strings.TrimSpace(line) != "" {
			b.WriteString(line)
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// treePnpm reads pnpm-lock.yaml with parseTree, into the same form.
func treePnpm(name string, data []byte) (*pnpmDoc, error) {
	t, err := parseTree(name, data, true)
	if err != nil {
		return nil, err
	}
	doc := &pnpmDoc{root: map[string]string{}, hasVersion: t.child("lockfileVersion") != nil}
	if v := t.child("lockfileVersion"); v != nil {
		doc.version = v.value
	}
	for _, c := range t.kids {
		switch c.key {
		case "importers", "packages", "snapshots":
		default:
			doc.root[c.key] = c.value + "\n" + c.text()
		}
	}
	entries := func(n *tnode) []*pnpmEntry {
		var out []*pnpmEntry
		for _, c := range n.kidsOrNil() {
			e := &pnpmEntry{key: c.key, raw: c.raw(t)}
			c := c
			e.meta = func() string { return c.value + "\n" + c.text(pnpmSections...) }
			for _, s := range pnpmSections {
				for _, d := range c.child(s).kidsOrNil() {
					ref := d.value
					if v := d.child("version"); v != nil {
						ref = v.value
					}
					e.deps = append(e.deps, pnpmDep{name: d.key, ref: ref})
				}
			}
			out = append(out, e)
		}
		return out
	}
	doc.importers = entries(t.child("importers"))
	doc.packages = entries(t.child("packages"))
	doc.snapshots = entries(t.child("snapshots"))
	if t.child("importers") == nil {
		// a lockfile of one package: its dependencies at the top level
		e := &pnpmEntry{key: "."}
		for _, s := range pnpmSections {
			for _, d := range t.child(s).kidsOrNil() {
				ref := d.value
				if v := d.child("version"); v != nil {
					ref = v.value
				}
				e.deps = append(e.deps, pnpmDep{name: d.key, ref: ref})
			}
		}
		doc.importers = []*pnpmEntry{e}
	}
	return doc, nil
}

// buildPnpm resolves a pnpm document into a lockGraph: packages keyed
// "name@version(peers)" ("/name@..." in v6, "/name/version" in v5), a v9
// snapshot together with its packages entry. A dependency "name: ref"
// names the package "name@ref" (v9), "/name@ref" (v6) or "/name/ref" (v5),
// or, when ref is itself a key ("/x@1.0.0", "x@1.0.0": an alias), that
// one: a function of the text alone, so that an entry whose text did not
// change has the same dependencies on both sides.
func buildPnpm(d *pnpmDoc, r *Result, sortedPaths bool) (*lockGraph, error) {
	if !d.hasVersion {
		return nil, fmt.Errorf("no lockfileVersion")
	}
	g := &lockGraph{importers: map[string][]string{}, root: map[string]string{}}
	for _, k := range pnpmRootLevel {
		if v, ok := d.root[k]; ok {
			g.root[k] = v
		}
	}
	pkgOf, sorted := pnpmIndex(d, sortedPaths)
	if sorted {
		g.order = make([]string, 0, max(len(d.snapshots), len(d.packages)))
		g.list = make([]*lockPkg, 0, cap(g.order))
	} else {
		g.pkgs = make(map[string]*lockPkg, max(len(d.snapshots), len(d.packages)))
	}
	v5 := strings.HasPrefix(d.version, "5")
	v6 := strings.HasPrefix(d.version, "6")
	var text func(string) string
	if d.fast {
		text = pnpmMetaText
	}
	// the packages are allocated in blocks (at most one a snapshot and one
	// a packages entry)
	var slab []pnpmPkg
	add := func(id string, p, s *pnpmEntry) {
		if len(slab) == cap(slab) {
			slab = make([]pnpmPkg, 0, min(len(d.snapshots)+len(d.packages), 4096))
		}
		name, v := pnpmNameVersion(id)
		slab = append(slab, pnpmPkg{lockPkg: lockPkg{name: name, version: v, text: text}})
		x := &slab[len(slab)-1]
		q := &x.lockPkg
		parts := [3]*pnpmEntry{p, s}
		if s != nil {
			if b := pnpmBase(id); b == id {
				// no peers: the packages entry is p
			} else if base := pkgOf(b); base != nil && base != p {
				parts[2] = base // v9: resolution and metadata live under packages
			}
		}
		for i, x := range parts {
			if x != nil {
				q.raw[i] = x.raw
			}
		}
		if text == nil {
			q.meta = pnpmPartsMeta(parts)
		}
		x.deps = pnpmDeps{parts: [2]*pnpmEntry{p, s}, v5: v5, v6: v6}
		q.src = &x.deps
		if sorted {
			g.order, g.list = append(g.order, id), append(g.list, q)
		} else {
			g.pkgs[id] = q
		}
	}
	j, k := 0, 0 // cursors in the packages and the snapshots, when sorted
	for _, s := range d.snapshots {
		if sorted {
			// both sorted: the packages entry of the same key, if any, is
			// at or after the last one found
			for j < len(d.packages) && d.packages[j].key < s.key {
				j++
			}
			var p *pnpmEntry
			if j < len(d.packages) && d.packages[j].key == s.key {
				p = d.packages[j]
			}
			add(s.key, p, s)
			continue
		}
		add(s.key, pkgOf(s.key), s)
	}
	for _, p := range d.packages {
		if sorted {
			for k < len(d.snapshots) && d.snapshots[k].key < p.key {
				k++
			}
		}
		if sorted && (k == len(d.snapshots) || d.snapshots[k].key != p.key) || !sorted && g.pkgs[p.key] == nil {
			add(p.key, p, nil) // (sorted, the packages are unique: only a snapshot can have added the key)
		}
	}
	for _, e := range d.importers {
		imp, ok := r.npmImporter(e.key)
		if !ok {
			g.unknown = append(g.unknown, e.key)
			continue
		}
		g.importers[imp] = (&pnpmDeps{parts: [2]*pnpmEntry{e}, v5: v5, v6: v6}).ids()
	}
	slices.Sort(g.unknown)
	return g, nil
}

// appendPnpmID appends to dst the id of the package a dependency "dep:
// ref" names (see buildPnpm); ok is false for a workspace package (an
// edge between services, no package).
func appendPnpmID(dst []byte, dep, ref string, v5, v6 bool) ([]byte, bool) {
	switch {
	case strings.HasPrefix(ref, "link:") || strings.HasPrefix(ref, "workspace:"):
		return dst, false
	case strings.HasPrefix(ref, "/"):
		return append(dst, ref...), true // v5, v6: a key of its own (an alias)
	case v5:
		return append(append(append(append(dst, '/'), dep...), '/'), ref...), true
	case v6:
		return append(append(append(append(dst, '/'), dep...), '@'), ref...), true
	case strings.LastIndexByte(pnpmBase(ref), '@') > 0:
		return append(dst, ref...), true // v9: an alias ("npm:x@^1") resolved to "x@1.0.0" (a version has no '@' outside its peers)
	}
	return append(append(append(dst, dep...), '@'), ref...), true
}

// pnpmPartsMeta computes the content of a package read by the tree reader
// from its parts.
func pnpmPartsMeta(parts [3]*pnpmEntry) func() string {
	return func() string {
		var c strings.Builder
		for _, x := range parts {
			if x != nil {
				c.WriteString("--\n")
				c.WriteString(x.meta())
			}
		}
		return c.String()
	}
}

// pnpmPkg is a package of pnpm-lock.yaml and its lazy dependencies, in
// one allocation.
type pnpmPkg struct {
	lockPkg
	deps pnpmDeps
}

// pnpmDeps are the dependencies of a package, read from its entries when
// they are needed: a dependency "name: ref" names the package
// appendPnpmID builds.
type pnpmDeps struct {
	parts  [2]*pnpmEntry // the packages and the snapshots entry, either nil
	v5, v6 bool          // the lockfile's version
}

// ids is the ids of the dependencies, sorted, each once.
func (d *pnpmDeps) ids() []string {
	var out []string
	d.each(func(id []byte) { out = append(out, string(id)) })
	return sortIDs(out)
}

// each calls yield with the id of every dependency in the order written
// (the slice is reused: valid during the call).
func (d *pnpmDeps) each(yield func([]byte)) {
	var buf []byte
	for _, e := range d.parts {
		if e == nil {
			continue
		}
		for _, dp := range e.deps {
			var ok bool
			if buf, ok = appendPnpmID(buf[:0], dp.name, dp.ref, d.v5, d.v6); ok {
				yield(buf)
			}
		}
	}
}

// pnpmIndex finds the packages entry of a key. When the packages and the
// snapshots are both sorted (pnpm writes them so: sorted is true), by
// binary search; otherwise through a map (of the last entry of a key).
func pnpmIndex(d *pnpmDoc, sortedPaths bool) (pkgOf func(string) *pnpmEntry, sorted bool) {
	if sortedPaths && pnpmSorted(d.packages) && pnpmSorted(d.snapshots) {
		return func(k string) *pnpmEntry {
			if i, ok := slices.BinarySearchFunc(d.packages, k, pnpmKeyCmp); ok {
				return d.packages[i]
			}
			return nil
		}, true
	}
	index := make(map[string]*pnpmEntry, len(d.packages))
	for _, e := range d.packages {
		index[e.key] = e
	}
	return func(k string) *pnpmEntry { return index[k] }, false
}

func pnpmKeyCmp(e *pnpmEntry, k string) int { return strings.Compare(e.key, k) }

// pnpmSorted reports whether the entries' keys are strictly increasing.
func pnpmSorted(es []*pnpmEntry) bool {
	for i := 1; i < len(es); i++ {
		if es[i-1].key >= es[i].key {
			return false
		}
	}
	return true
}
