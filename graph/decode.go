package graph

import (
	"fmt"
	"path"
	"strconv"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	"go.yaml.in/yaml/v3"

	"github.com/gatesel/gatesel/internal/fastyaml"
)

// keys are the keys each kind of mapping in gates.yaml accepts. The schema
// test walks graph/gates.schema.json and checks it names exactly these.
var keys = map[string][]string{
	"root":            {"version", "settings", "profiles", "include", "infer", "gates", "triggers", "contracts", "services", "domains"},
	"profile":         {"description"},
	"settings":        {"base", "unowned", "smoke_depth", "codeowners", "codeowners_dialect"},
	"gate":            {"run", "with", "profiles", "covers", "owners"},
	"trigger":         {"name", "paths", "select"},
	"contract":        {"paths", "gates"},
	"service":         {"paths", "internal", "owners", "depends_on", "consumes", "provides", "gates", "smoke"},
	"domain":          {"owners", "services", "gates"},
	"infer":           inferKeys,
	"infer_ecosystem": {"gates", "smoke"},
}

// maxWithDepth bounds the nesting of a gate's with: attributes.
const maxWithDepth = 32

// validName reports whether s is what a gate, trigger, contract, service
// or domain may be called, `^[A-Za-z0-9_][A-Za-z0-9_.-]*$` (namePattern in
// the tests, which keep the two equal): gate instance ids are GATE:SCOPE,
// so no colon, no space. It is not a regexp: a name is checked for every
// reference, and a package-level regexp is compiled at every start.
func validName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '_':
		case (c == '.' || c == '-') && i > 0:
		default:
			return false
		}
	}
	return true
}

// ref is a name or glob with the position it was written at.
type ref struct {
	name string
	pos  Pos
}

// subject names the part of a file being decoded, for messages: its kind,
// the quoted name of the definition when there is one, and ": key" when
// there is one (`service "billing": depends_on`). The text is put
// together only when a message is reported: a 10,000-service policy
// would otherwise build 60,000 of them.
type subject struct{ kind, name, key string }

func (w subject) String() string {
	s := w.kind
	if w.name != "" {
		s += " " + strconv.Quote(w.name)
	}
	if w.key != "" {
		s += ": " + w.key
	}
	return s
}

// at is w's key.
func (w subject) at(key string) subject {
	w.key = key
	return w
}

// decoder turns the yaml nodes of one file into values, reporting every
// problem to l. dir is the directory that relative globs resolve from.
type decoder struct {
	t    *fastyaml.Tree
	file string
	dir  string
	l    *errorList
	// blocks the decoder's lists are cut from (carve): a service has a
	// dozen short ones
	refs  []ref
	texts []string
	poss  []Pos
}

// carve is a list of n elements (its capacity n) cut from the block at the
// end of *block, a new block when it has no room for them. Blocks double
// from 16 to 1,024 elements, so that a file of a few lines (one fragment
// of thousands) keeps no more than it uses. An empty list is not nil: a
// written `gates: []` is not an absent one.
func carve[T any](block *[]T, n int) []T {
	if n == 0 {
		return []T{}
	}
	if n > cap(*block)-len(*block) {
		*block = make([]T, 0, max(n, min(1024, max(16, 2*cap(*block)))))
	}
	l := len(*block)
	*block = (*block)[:l+n]
	return (*block)[l : l+n : l+n]
}

// refNames and refPos are the names and the positions of refs, cut from
// the decoder's blocks.
func (d *decoder) refNames(refs []ref) []string {
	return carveEach(&d.texts, refs, func(r ref) string { return r.name })
}

func (d *decoder) refPos(refs []ref) []Pos {
	return carveEach(&d.poss, refs, func(r ref) Pos { return r.pos })
}

// carveEach is f of each of refs, in a list cut from *block (nil for none).
func carveEach[T any](block *[]T, refs []ref, f func(ref) T) []T {
	if len(refs) == 0 {
		return nil
	}
	out := carve(block, len(refs))
	for i, r := range refs {
		out[i] = f(r)
	}
	return out
}

func (d *decoder) pos(n *fastyaml.Node) Pos {
	return Pos{File: d.file, Line: int(n.Line), Col: int(n.Column)}
}

// value and tag are the tree's value and short tag of n.
func (d *decoder) value(n *fastyaml.Node) string { return d.t.Value(n) }
func (d *decoder) tag(n *fastyaml.Node) string   { return d.t.Tag(n) }

func (d *decoder) errorf(n *fastyaml.Node, format string, args ...any) {
	d.l.errorf(d.pos(n), format, args...)
}

// kindName describes a node for "expected X, got Y" errors.
func (d *decoder) kindName(n *fastyaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	switch d.tag(n) {
	case "!!str":
		return "a string"
	case "!!int":
		return "an integer"
	case "!!float":
		return "a number"
	case "!!bool":
		return "a boolean"
	case "!!null":
		return "null"
	}
	return "a " + strings.TrimLeft(d.tag(n), "!") + " value"
}

// is reports whether n has the wanted kind, reporting it when not. Alias
// nodes were reported once by decodeFile and are skipped silently.
func (d *decoder) is(n *fastyaml.Node, kind yaml.Kind, what subject, want string) bool {
	if n.Kind == yaml.AliasNode {
		return false
	}
	if n.Kind != kind {
		d.errorf(n, "%s: expected %s, got %s", what, want, d.kindName(n))
		return false
	}
	return true
}

// fields walks a mapping whose keys must be unique and among the keys of
// kind, calling f for each known key.
func (d *decoder) fields(n *fastyaml.Node, kind string, what subject, f func(key string, k, v *fastyaml.Node)) {
	if !d.is(n, yaml.MappingNode, what, "a mapping") {
		return
	}
	allowed := keys[kind]
	d.entries(n, what, func(key string, k, v *fastyaml.Node) {
		for _, a := range allowed {
			if a == key {
				f(key, k, v)
				return
			}
		}
		d.errorf(k, "%s: unknown key %q%s", what, key, didYouMean(key, allowed))
	})
}

// entries walks a mapping with unique string keys.
func (d *decoder) entries(n *fastyaml.Node, what subject, f func(key string, k, v *fastyaml.Node)) {
	var seen map[string]int // the line of each key, for long mappings; short ones are searched
	if n.Len() > 2*maxSearchedKeys {
		seen = make(map[string]int, n.Len()/2)
	}
	for k, v := range d.t.Pairs(n) {
		if !d.isKey(k) {
			if k.Kind != yaml.ScalarNode {
				if k.Kind != yaml.AliasNode {
					d.errorf(k, "%s: keys must be strings, got %s", what, d.kindName(k))
				}
			} else {
				d.errorf(k, "%s: merge keys (<<) are not supported", what)
			}
			continue
		}
		key := d.value(k)
		prev, dup := 0, false
		if seen != nil {
			if prev, dup = seen[key]; !dup {
				seen[key] = int(k.Line)
			}
		} else {
			for e := range d.t.Pairs(n) {
				if e == k {
					break
				}
				if d.isKey(e) && d.value(e) == key {
					prev, dup = int(e.Line), true
					break
				}
			}
		}
		if dup {
			d.errorf(k, "%s: duplicate key %q (first at line %d)", what, key, prev)
			continue
		}
		f(key, k, v)
	}
}

// maxSearchedKeys is the length up to which entries finds a duplicate key
// by searching the keys before it rather than with a map.
const maxSearchedKeys = 16

// isKey reports whether k is a key that entries takes: a scalar, not a
// merge key. The first key taken of each value is the one kept.
func (d *decoder) isKey(k *fastyaml.Node) bool {
	return k.Kind == yaml.ScalarNode && d.tag(k) != "!!merge"
}

// str decodes a string scalar.
func (d *decoder) str(n *fastyaml.Node, what subject) (string, bool) {
	if !d.is(n, yaml.ScalarNode, what, "a string") {
		return "", false
	}
	if d.tag(n) != "!!str" {
		d.errorf(n, "%s: expected a string, got %s", what, d.kindName(n))
		return "", false
	}
	return d.value(n), true
}

// strs decodes a list of strings; nil when absent or wrong.
func (d *decoder) strs(n *fastyaml.Node, what subject) []ref {
	if !d.is(n, yaml.SequenceNode, what, "a list") {
		return nil
	}
	out := carve(&d.refs, n.Len())[:0]
	for _, e := range d.t.Content(n) {
		if s, ok := d.str(e, what); ok {
			out = append(out, ref{s, d.pos(e)})
		}
	}
	return out
}

// names decodes a list of names of kind (e.g. "gate"), checking their form.
func (d *decoder) names(n *fastyaml.Node, what subject) []ref {
	refs := d.strs(n, what)
	out := refs[:0]
	for _, r := range refs {
		if !validName(r.name) {
			d.l.errorf(r.pos, "%s: invalid name %q: use letters, digits, '.', '_' and '-'", what, r.name)
			continue
		}
		out = append(out, r)
	}
	return out
}

// name checks a name declared as a mapping key or a name: field.
func (d *decoder) name(n *fastyaml.Node, kind string) (string, bool) {
	v := d.value(n)
	if n.Kind != yaml.ScalarNode || !validName(v) {
		d.errorf(n, "invalid %s name %q: use letters, digits, '.', '_' and '-'", kind, v)
		return "", false
	}
	return v, true
}

// globs decodes a list of globs, rewriting them to repository-relative
// patterns: a leading "/" anchors at the repository root, anything else
// resolves from the file's directory.
func (d *decoder) globs(n *fastyaml.Node, what subject) ([]string, []Pos) {
	refs := d.strs(n, what)
	kept := refs[:0]
	for _, r := range refs {
		g, err := resolveGlob(d.dir, r.name)
		if err != nil {
			d.l.errorf(r.pos, "%s: %v", what, err)
			continue
		}
		kept = append(kept, ref{g, r.pos})
	}
	return d.refNames(kept), d.refPos(kept)
}

// resolveGlob rewrites one glob of a file in dir to a repository-relative one.
func resolveGlob(dir, g string) (string, error) {
	if g == "" {
		return "", fmt.Errorf("empty glob")
	}
	if !doublestar.ValidatePattern(g) {
		return "", fmt.Errorf("invalid glob %q", g)
	}
	p, err := resolvePath(dir, g)
	if err != nil {
		return "", fmt.Errorf("glob %q %w", g, err)
	}
	return p, nil
}

// resolvePath joins a slash path to dir and checks it stays in the repository.
func resolvePath(dir, p string) (string, error) {
	if strings.HasPrefix(p, "/") {
		p = strings.TrimLeft(p, "/")
		dir = ""
	}
	var j string
	if dir == "" {
		j = path.Clean(p) // without allocating when p is clean already, as most globs are
	} else {
		j = path.Join(dir, p)
	}
	if j == ".." || strings.HasPrefix(j, "../") {
		return "", fmt.Errorf("leaves the repository")
	}
	if j == "." || j == "" {
		return "", fmt.Errorf("names the repository root, not a file")
	}
	return j, nil
}

// decodeAny turns a with: value into plain Go values: map[string]any,
// []any, string, int, float64, bool or nil.
func (d *decoder) decodeAny(n *fastyaml.Node, what subject, depth int) (any, bool) {
	if depth > maxWithDepth {
		d.errorf(n, "%s: nested deeper than %d levels", what, maxWithDepth)
		return nil, false
	}
	switch n.Kind {
	case yaml.MappingNode:
		m := map[string]any{}
		ok := true
		d.entries(n, what, func(key string, _, v *fastyaml.Node) {
			val, vok := d.decodeAny(v, what, depth+1)
			ok = ok && vok
			m[key] = val
		})
		return m, ok
	case yaml.SequenceNode:
		l := make([]any, 0, n.Len())
		ok := true
		for _, e := range d.t.Content(n) {
			val, vok := d.decodeAny(e, what, depth+1)
			ok = ok && vok
			l = append(l, val)
		}
		return l, ok
	case yaml.ScalarNode:
		v, err := d.t.Scalar(n)
		if err != nil {
			d.errorf(n, "%s: %v", what, err)
			return nil, false
		}
		switch v.(type) {
		case nil, string, int, int64, uint64, float64, bool:
			return v, true
		}
		d.errorf(n, "%s: unsupported value of type %s", what, d.kindName(n))
		return nil, false
	}
	return nil, false
}
