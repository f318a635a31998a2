package graph

import (
	"encoding/binary"
	"errors"
	"maps"
	"math"
	"slices"
	"strconv"
	"text/template"

	"github.com/gatesel/gatesel/internal/safefs"
)

// The policy cache's own encoding (cache.go): varints, strings as a
// length and bytes, lists as their length plus one (0 for nil, so nil and
// empty stay apart), maps sorted by key, the file of each position as an
// index into the positions' file names seen so far. It was measured
// against encoding/gob, which cannot see the unexported fields (positions
// of each glob, owner and dependency, the parsed templates) without a
// mirror of every type (docs/performance.md, "Policy load, round 2").

// errCache is any entry that does not decode: a miss.
var errCache = errors.New("policy cache: not a usable entry")

type cacheEncoder struct {
	buf   []byte
	files map[string]uint64
}

func (e *cacheEncoder) uint(v uint64) { e.buf = binary.AppendUvarint(e.buf, v) }
func (e *cacheEncoder) int(v int64)   { e.buf = binary.AppendVarint(e.buf, v) }
func (e *cacheEncoder) str(s string) {
	e.uint(uint64(len(s)))
	e.buf = append(e.buf, s...)
}

func (e *cacheEncoder) bool(b bool) {
	if b {
		e.buf = append(e.buf, 1)
	} else {
		e.buf = append(e.buf, 0)
	}
}

// count writes a list's length plus one, or 0 for a nil list.
func (e *cacheEncoder) count(n int, isNil bool) {
	if isNil {
		e.uint(0)
	} else {
		e.uint(uint64(n) + 1)
	}
}

func (e *cacheEncoder) strs(l []string) { writeList(e, l, e.str) }

// writeList writes a list (count's encoding) with write, which readList
// reads back.
func writeList[T any](e *cacheEncoder, l []T, write func(T)) {
	e.count(len(l), l == nil)
	for _, x := range l {
		write(x)
	}
}

func (e *cacheEncoder) pos(p Pos) {
	if e.files == nil {
		e.files = map[string]uint64{}
	}
	i, ok := e.files[p.File]
	if !ok {
		i = uint64(len(e.files))
		e.files[p.File] = i
	}
	e.uint(i)
	if !ok {
		e.str(p.File)
	}
	e.int(int64(p.Line))
	e.int(int64(p.Col))
}

func (e *cacheEncoder) poss(l []Pos) { writeList(e, l, e.pos) }

func (e *cacheEncoder) input(in cacheInput) {
	e.str(in.name)
	e.str(in.res.Path)
	e.strs(in.res.Links)
	e.buf = append(e.buf, in.sum[:]...)
	e.uint(uint64(in.bytes))
	e.str(in.blob)
}

// value writes a with: value (decodeAny's types).
func (e *cacheEncoder) value(v any) bool {
	switch v := v.(type) {
	case nil:
		e.buf = append(e.buf, 0)
	case string:
		e.buf = append(e.buf, 1)
		e.str(v)
	case int:
		e.buf = append(e.buf, 2)
		e.int(int64(v))
	case int64:
		e.buf = append(e.buf, 3)
		e.int(v)
	case uint64:
		e.buf = append(e.buf, 4)
		e.uint(v)
	case float64:
		e.buf = append(e.buf, 5)
		e.uint(math.Float64bits(v))
	case bool:
		e.buf = append(e.buf, 6)
		e.bool(v)
	case []any:
		e.buf = append(e.buf, 7)
		e.count(len(v), v == nil)
		for _, x := range v {
			if !e.value(x) {
				return false
			}
		}
	case map[string]any:
		e.buf = append(e.buf, 8)
		e.count(len(v), v == nil)
		for _, k := range slices.Sorted(maps.Keys(v)) {
			e.str(k)
			if !e.value(v[k]) {
				return false
			}
		}
	default:
		return false
	}
	return true
}

// encodeEntry is an entry without its trailer; nil when the graph holds
// something the encoding does not (then nothing is cached).
func encodeEntry(build string, inputs []cacheInput, trees []string, g *Graph, warns []Warning) []byte {
	e := &cacheEncoder{buf: make([]byte, 0, 1<<20)}
	e.header(build, inputs, g.Include, trees)
	if g.Infer != nil || !e.graph(g) {
		return nil
	}
	writeList(e, warns, func(w Warning) {
		e.pos(w.Pos)
		e.str(w.Msg)
		e.str(string(w.Kind))
	})
	return e.buf
}

// header is an entry's record of its inputs, before the graph: what a
// lookup checks (decodeEntry's current).
func (e *cacheEncoder) header(build string, inputs []cacheInput, includes, trees []string) {
	e.buf = append(e.buf, cacheMagic...)
	e.uint(cacheFormat)
	e.str(build)
	e.uint(uint64(len(inputs)))
	for _, in := range inputs {
		e.input(in)
	}
	e.strs(includes)
	e.strs(trees)
}

func (e *cacheEncoder) graph(g *Graph) bool {
	s := g.Settings
	e.str(s.Base)
	e.str(string(s.Unowned))
	e.int(int64(s.SmokeDepth))
	e.str(s.Codeowners)
	e.str(s.CodeownersDialect)
	e.strs(g.Files)
	e.uint(uint64(len(g.Gates)))
	for _, name := range g.GateNames() {
		if !e.gate(g.Gates[name]) {
			return false
		}
	}
	e.uint(uint64(len(g.Triggers)))
	for _, t := range g.Triggers {
		e.str(t.Name)
		e.strs(t.Paths)
		e.bool(t.All)
		e.strs(t.Select)
		e.pos(t.Pos)
		e.poss(t.pathPos)
	}
	e.uint(uint64(len(g.Contracts)))
	for _, name := range g.ContractNames() {
		c := g.Contracts[name]
		e.str(c.Name)
		for _, l := range [][]string{c.Paths, c.Gates, c.Providers, c.Consumers} {
			e.strs(l)
		}
		e.pos(c.Pos)
		e.poss(c.pathPos)
	}
	e.uint(uint64(len(g.Services)))
	for _, name := range g.ServiceNames() {
		sv := g.Services[name]
		e.str(sv.Name)
		for _, l := range [][]string{sv.Paths, sv.Internal, sv.Owners, sv.DependsOn, sv.Consumes, sv.Provides, sv.Gates, sv.Smoke, sv.Domains} {
			e.strs(l)
		}
		e.str(sv.Source)
		e.pos(sv.Pos)
		e.bool(sv.inferredPaths)
		e.bool(sv.inferredInternal)
		e.poss(sv.depPos)
		e.poss(sv.pathPos)
		e.poss(sv.internalPos)
		e.poss(sv.ownerPos)
	}
	e.uint(uint64(len(g.Domains)))
	for _, name := range slices.Sorted(maps.Keys(g.Domains)) {
		d := g.Domains[name]
		e.str(d.Name)
		e.strs(d.Owners)
		e.strs(d.Services)
		e.strs(d.Gates)
		e.pos(d.Pos)
		e.poss(d.ownerPos)
	}
	e.count(len(g.Profiles), g.Profiles == nil)
	for _, name := range g.ProfileNames() {
		p := g.Profiles[name]
		e.str(p.Name)
		e.str(p.Description)
		e.pos(p.Pos)
	}
	// the dependents' edges, by node id (services, then contracts, each
	// in name order: the order they are written in)
	ix := g.index()
	for _, es := range ix.adj {
		e.uint(uint64(len(es)))
		for _, x := range es {
			e.uint(uint64(x.via + 1))
			e.uint(uint64(x.to))
		}
	}
	return true
}

// gate writes a gate; its templates are parsed again on reading, from
// run and from the string of with at each path that had one.
func (e *cacheEncoder) gate(gt *Gate) bool {
	e.str(gt.Name)
	e.str(gt.Run)
	if !e.value(gt.With) {
		return false
	}
	e.strs(gt.Profiles)
	e.strs(gt.Covers)
	e.strs(gt.Owners)
	e.int(int64(gt.Layer))
	writeList(e, gt.Layers, func(l Layer) { e.int(int64(l)) })
	e.pos(gt.Pos)
	e.bool(gt.run != nil)
	e.pos(gt.runPos)
	if (gt.with == nil) != (gt.withPos == nil) || len(gt.with) != len(gt.withPos) {
		return false
	}
	e.count(len(gt.with), gt.with == nil)
	n := 0
	withStrings(gt.With, "", func(at, src string) {
		if _, has := gt.with[at]; has {
			e.str(at)
			e.str(src)
			e.pos(gt.withPos[at])
			n++
		}
	})
	return n == len(gt.with)
}

// withStrings calls f with every string leaf of a with: value and its
// path, as withTemplates builds them, in key order.
func withStrings(v any, at string, f func(at, src string)) {
	switch v := v.(type) {
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(v)) {
			withStrings(v[k], at+"/"+pointerEscape(k), f)
		}
	case []any:
		for i, x := range v {
			withStrings(x, at+"/"+strconv.Itoa(i), f)
		}
	case string:
		f(at, v)
	}
}

type cacheDecoder struct {
	data  string
	off   int
	bad   bool
	files []string
}

func (d *cacheDecoder) uint() uint64 {
	var v uint64
	for shift := uint(0); !d.bad && shift < 64; shift += 7 {
		if d.off >= len(d.data) {
			break
		}
		b := d.data[d.off]
		d.off++
		if shift == 63 && b > 1 {
			break // overflows 64 bits
		}
		v |= uint64(b&0x7f) << shift
		if b < 0x80 {
			return v
		}
	}
	d.bad = true
	return 0
}

// int reads binary.AppendVarint's zig-zag encoding.
func (d *cacheDecoder) int() int64 {
	u := d.uint()
	v := int64(u >> 1)
	if u&1 != 0 {
		v = ^v
	}
	return v
}

// small is an int that must fit an int32 (lines, columns, layers).
func (d *cacheDecoder) small() int {
	v := d.int()
	if v < math.MinInt32 || v > math.MaxInt32 {
		d.bad = true
		return 0
	}
	return int(v)
}

func (d *cacheDecoder) byte() byte {
	if d.bad || d.off >= len(d.data) {
		d.bad = true
		return 0
	}
	b := d.data[d.off]
	d.off++
	return b
}

func (d *cacheDecoder) bool() bool {
	switch d.byte() {
	case 0:
		return false
	case 1:
		return true
	}
	d.bad = true
	return false
}

func (d *cacheDecoder) str() string {
	n := d.uint()
	if d.bad || n > uint64(len(d.data)-d.off) {
		d.bad = true
		return ""
	}
	s := d.data[d.off : d.off+int(n)]
	d.off += int(n)
	return s
}

// count reads a list's length (count's encoding): -1 for nil. A length
// is at most the bytes left, so damage never allocates more than them.
func (d *cacheDecoder) count() int {
	n := d.uint()
	if d.bad || n > uint64(len(d.data)-d.off)+1 {
		d.bad = true
		return -1
	}
	return int(n) - 1
}

func (d *cacheDecoder) strs() []string { return readList(d, d.str) }

// readList reads a list (count's encoding) of what read reads.
func readList[T any](d *cacheDecoder, read func() T) []T {
	n := d.count()
	if n < 0 {
		return nil
	}
	l := make([]T, n)
	for i := range l {
		l[i] = read()
	}
	return l
}

func (d *cacheDecoder) pos() Pos {
	i := d.uint()
	switch {
	case d.bad:
		return Pos{}
	case i < uint64(len(d.files)):
	case i == uint64(len(d.files)):
		d.files = append(d.files, d.str())
	default:
		d.bad = true
		return Pos{}
	}
	return Pos{File: d.files[i], Line: d.small(), Col: d.small()}
}

func (d *cacheDecoder) poss() []Pos { return readList(d, d.pos) }

func (d *cacheDecoder) input() cacheInput {
	in := cacheInput{name: d.str()}
	in.res = safefs.Resolved{Path: d.str(), Links: d.strs()}
	if d.bad || len(d.data)-d.off < len(in.sum) {
		d.bad = true
		return in
	}
	copy(in.sum[:], d.data[d.off:])
	d.off += len(in.sum)
	in.bytes = int(d.uint() & math.MaxInt32)
	in.blob = d.str()
	return in
}

func (d *cacheDecoder) value(depth int) any {
	if depth > 2*maxWithDepth {
		d.bad = true
		return nil
	}
	switch d.byte() {
	case 0:
		return nil
	case 1:
		return d.str()
	case 2:
		return int(d.int())
	case 3:
		return d.int()
	case 4:
		return d.uint()
	case 5:
		return math.Float64frombits(d.uint())
	case 6:
		return d.bool()
	case 7:
		n := d.count()
		if n < 0 {
			return []any(nil)
		}
		l := make([]any, n)
		for i := range l {
			l[i] = d.value(depth + 1)
		}
		return l
	case 8:
		n := d.count()
		if n < 0 {
			return map[string]any(nil)
		}
		m := make(map[string]any, n)
		for range n {
			k := d.str()
			m[k] = d.value(depth + 1)
		}
		return m
	}
	d.bad = true
	return nil
}

// decodeEntry reads an entry's bytes (its trailer checked and removed):
// the header, the record of inputs, which current must accept, then the
// graph, indexed, and the warnings. errCache when anything is off.
func decodeEntry(body []byte, build string, current func(inputs []cacheInput, includes, trees []string) bool) (*Graph, []Warning, error) {
	d := &cacheDecoder{data: string(body)}
	if len(d.data) < len(cacheMagic) || d.data[:len(cacheMagic)] != cacheMagic {
		return nil, nil, errCache
	}
	d.off = len(cacheMagic)
	if d.uint() != cacheFormat || d.str() != build {
		return nil, nil, errCache
	}
	n := d.count() + 1 // the number of inputs is written as is
	var inputs []cacheInput
	for i := 0; i < n && !d.bad; i++ {
		inputs = append(inputs, d.input())
	}
	includes, trees := d.strs(), d.strs()
	if d.bad || !current(inputs, includes, trees) {
		return nil, nil, errCache
	}
	g := d.graph()
	g.Include = includes
	warns := readList(d, func() Warning { return Warning{Pos: d.pos(), Msg: d.str(), Kind: WarningKind(d.str())} })
	if d.bad || d.off != len(d.data) {
		return nil, nil, errCache
	}
	return g, warns, nil
}

func (d *cacheDecoder) graph() *Graph {
	g := &Graph{
		Settings: Settings{Base: d.str(), Unowned: Unowned(d.str()), SmokeDepth: d.small(), Codeowners: d.str(), CodeownersDialect: d.str()},
		Files:    d.strs(),
	}
	n := d.count() + 1
	g.Gates = make(map[string]*Gate, max(n, 0))
	for i := 0; i < n && !d.bad; i++ {
		gt := d.gate()
		g.Gates[gt.Name] = gt
	}
	n = d.count() + 1
	for i := 0; i < n && !d.bad; i++ {
		t := &Trigger{Name: d.str(), Paths: d.strs(), All: d.bool(), Select: d.strs(), Pos: d.pos(), pathPos: d.poss()}
		g.Triggers = append(g.Triggers, t)
	}
	n = d.count() + 1
	g.Contracts = make(map[string]*Contract, max(n, 0))
	contracts := make([]string, 0, max(n, 0))
	for i := 0; i < n && !d.bad; i++ {
		c := &Contract{Name: d.str(), Paths: d.strs(), Gates: d.strs(), Providers: d.strs(), Consumers: d.strs(), Pos: d.pos(), pathPos: d.poss()}
		g.Contracts[c.Name] = c
		d.sorted(contracts, c.Name)
		contracts = append(contracts, c.Name)
	}
	n = d.count() + 1
	g.Services = make(map[string]*Service, max(n, 0))
	services := make([]string, 0, max(n, 0))
	for i := 0; i < n && !d.bad; i++ {
		s := &Service{Name: d.str(), Paths: d.strs(), Internal: d.strs(), Owners: d.strs(), DependsOn: d.strs(), Consumes: d.strs(),
			Provides: d.strs(), Gates: d.strs(), Smoke: d.strs(), Domains: d.strs(), Source: d.str(), Pos: d.pos(),
			inferredPaths: d.bool(), inferredInternal: d.bool()}
		s.depPos, s.pathPos, s.internalPos, s.ownerPos = d.poss(), d.poss(), d.poss(), d.poss()
		g.Services[s.Name] = s
		d.sorted(services, s.Name)
		services = append(services, s.Name)
	}
	n = d.count() + 1
	g.Domains = make(map[string]*Domain, max(n, 0))
	for i := 0; i < n && !d.bad; i++ {
		dm := &Domain{Name: d.str(), Owners: d.strs(), Services: d.strs(), Gates: d.strs(), Pos: d.pos(), ownerPos: d.poss()}
		g.Domains[dm.Name] = dm
	}
	if n := d.count(); n >= 0 {
		g.Profiles = make(map[string]*Profile, n)
		for i := 0; i < n && !d.bad; i++ {
			p := &Profile{Name: d.str(), Description: d.str(), Pos: d.pos()}
			g.Profiles[p.Name] = p
		}
	}
	adj := d.edges(len(services), len(services)+len(contracts))
	if !d.bad {
		g.idx = g.indexOf(services, contracts, adj)
	}
	return g
}

// sorted checks that name comes after the last of names: the entry's
// services and contracts are in name order, which gives their node ids.
func (d *cacheDecoder) sorted(names []string, name string) {
	if len(names) > 0 && names[len(names)-1] >= name {
		d.bad = true
	}
}

// edges reads the dependents' edges of n nodes, nSvc of them services:
// each leads to a service, through a contract or none.
func (d *cacheDecoder) edges(nSvc, n int) [][]edge {
	adj := make([][]edge, n)
	for i := range adj {
		m := d.count() + 1
		if m == 0 || d.bad {
			continue
		}
		adj[i] = make([]edge, m)
		for j := range adj[i] {
			via, to := int64(d.uint())-1, d.uint()
			if via < -1 || via >= int64(n) || (via >= 0 && via < int64(nSvc)) || to >= uint64(nSvc) {
				d.bad = true
			}
			adj[i][j] = edge{via: int32(via), to: int32(to)}
		}
	}
	return adj
}

func (d *cacheDecoder) gate() *Gate {
	gt := &Gate{Name: d.str(), Run: d.str()}
	if w := d.value(0); w != nil {
		m, ok := w.(map[string]any)
		if !ok {
			d.bad = true
		}
		gt.With = m
	}
	gt.Profiles, gt.Covers, gt.Owners = d.strs(), d.strs(), d.strs()
	gt.Layer = Layer(d.small())
	gt.Layers = readList(d, func() Layer { return Layer(d.small()) })
	gt.Pos = d.pos()
	hasRun := d.bool()
	gt.runPos = d.pos()
	if d.bad {
		return gt
	}
	if hasRun {
		gt.run = d.template(gt.Name, gt.Run)
	}
	if n := d.count(); n >= 0 {
		gt.with, gt.withPos = make(map[string]*template.Template, n), make(map[string]Pos, n)
		what := "gate " + strconv.Quote(gt.Name)
		for i := 0; i < n && !d.bad; i++ {
			at, src := d.str(), d.str()
			gt.with[at], gt.withPos[at] = d.template(what+" with"+at, src), d.pos()
		}
	}
	return gt
}

// template parses a gate template again; one that no longer parses is
// damage (the load that wrote the entry parsed it).
func (d *cacheDecoder) template(name, src string) *template.Template {
	if d.bad {
		return nil
	}
	t, err := parseTemplate(name, src)
	if err != nil {
		d.bad = true
	}
	return t
}
