package graph

import (
	"strconv"
	"text/template"

	"go.yaml.in/yaml/v3"

	"github.com/gatesel/gatesel/internal/fastyaml"
)

// The section decoders: settings, gates, triggers, contracts, services and
// domains, each from its YAML node into its type, reporting every problem
// at its position.

// namedMap walks a mapping of names to definitions.
func (d *decoder) namedMap(n *fastyaml.Node, what subject, kind string, f func(name string, k, v *fastyaml.Node)) {
	if !d.is(n, yaml.MappingNode, what, "a mapping") {
		return
	}
	d.entries(n, what, func(_ string, k, v *fastyaml.Node) {
		if name, ok := d.name(k, kind); ok {
			f(name, k, v)
		}
	})
}

// definition walks the fields of a named definition of kind (a gate,
// contract, service, domain or profile), whose value may also be null
// ("name:" declares it with nothing set); f gets each key with its what
// (`service "billing": paths`).
func (d *decoder) definition(n *fastyaml.Node, kind, name string, f func(key string, v *fastyaml.Node, what subject)) {
	if d.isNull(n) {
		return
	}
	w := subject{kind: kind, name: name}
	d.fields(n, kind, w, func(key string, _, v *fastyaml.Node) { f(key, v, w.at(key)) })
}

// isNull reports whether n is the null scalar.
func (d *decoder) isNull(n *fastyaml.Node) bool {
	return n.Kind == yaml.ScalarNode && d.tag(n) == "!!null"
}

func (d *decoder) settings(n *fastyaml.Node) *Settings {
	s := &Settings{Unowned: UnownedAll}
	d.fields(n, "settings", subject{kind: "settings"}, func(key string, k, v *fastyaml.Node) {
		what := subject{kind: "settings." + key}
		switch key {
		case "base":
			s.Base, _ = d.str(v, what)
		case "unowned":
			if u, ok := d.str(v, what); ok {
				switch Unowned(u) {
				case UnownedAll, UnownedGlobal, UnownedIgnore, UnownedError:
					s.Unowned = Unowned(u)
				default:
					d.errorf(v, "%s: unknown policy %q: want all, global, ignore or error", what, u)
				}
			}
		case "smoke_depth":
			if v.Kind == yaml.ScalarNode && d.tag(v) == "!!int" {
				n, err := strconv.Atoi(d.value(v))
				if err == nil && n > 0 {
					s.SmokeDepth = n
					return
				}
			} else if v.Kind == yaml.ScalarNode && d.tag(v) == "!!str" && d.value(v) == "transitive" {
				return
			}
			if v.Kind != yaml.AliasNode {
				d.errorf(v, "%s: want \"transitive\" or a positive integer, got %q", what, d.value(v))
			}
		case "codeowners":
			if c, ok := d.str(v, what); ok && c != "" {
				p, err := resolvePath("", c)
				if err != nil {
					d.errorf(v, "%s: path %q %v", what, c, err)
					return
				}
				s.Codeowners = p
			}
		case "codeowners_dialect":
			if c, ok := d.str(v, what); ok {
				if c != "github" && c != "gitlab" {
					d.errorf(v, "%s: unknown dialect %q: want github or gitlab", what, c)
					return
				}
				s.CodeownersDialect = c
			}
		}
	})
	return s
}

func (d *decoder) gate(name string, k, n *fastyaml.Node) *rawGate {
	g := &Gate{Name: name, Pos: d.pos(k)}
	r := &rawGate{g: g}
	d.definition(n, "gate", name, func(key string, v *fastyaml.Node, what subject) {
		switch key {
		case "run":
			if s, ok := d.str(v, what); ok {
				g.Run, g.runPos = s, d.pos(v)
				t, err := parseTemplate(name, s)
				if err != nil {
					d.errorf(v, "%s: %v", what, err)
					return
				}
				g.run = t
			}
		case "with":
			if !d.is(v, yaml.MappingNode, what, "a mapping") {
				return
			}
			val, ok := d.decodeAny(v, what, 1)
			if !ok {
				return
			}
			g.With = val.(map[string]any)
			g.with, g.withPos = map[string]*template.Template{}, map[string]Pos{}
			d.withTemplates(v, what.at("").String(), "", g)
		case "profiles":
			r.profiles = d.strs(v, what)
			g.Profiles = d.refNames(r.profiles)
			if g.Profiles == nil {
				g.Profiles = []string{}
			}
		case "covers":
			r.covers = d.names(v, what)
		case "owners":
			g.Owners = d.refNames(d.strs(v, what))
		}
	})
	return r
}

// withTemplates parses every string leaf of a with: value, keyed by its
// path ("/runs-on", "/matrix/0/os"), reporting errors at the leaf.
func (d *decoder) withTemplates(n *fastyaml.Node, what, at string, g *Gate) {
	switch n.Kind {
	case yaml.MappingNode:
		for k, v := range d.t.Pairs(n) {
			d.withTemplates(v, what, at+"/"+pointerEscape(d.value(k)), g)
		}
	case yaml.SequenceNode:
		for i, e := range d.t.Content(n) {
			d.withTemplates(e, what, at+"/"+strconv.Itoa(i), g)
		}
	case yaml.ScalarNode:
		if d.tag(n) != "!!str" {
			return
		}
		t, err := parseTemplate(what+" with"+at, d.value(n))
		if err != nil {
			d.errorf(n, "%s: with%s: %v", what, at, err)
			return
		}
		g.with[at], g.withPos[at] = t, d.pos(n)
	}
}

func (d *decoder) trigger(n *fastyaml.Node) *rawTrigger {
	t := &Trigger{Pos: d.pos(n)}
	r := &rawTrigger{t: t}
	w := subject{kind: "trigger"}
	var nameNode, pathsNode, selNode *fastyaml.Node
	if !d.is(n, yaml.MappingNode, w, "a mapping") {
		return nil
	}
	d.fields(n, "trigger", w, func(key string, _, v *fastyaml.Node) {
		switch key {
		case "name":
			nameNode = v
		case "paths":
			pathsNode = v
		case "select":
			selNode = v
		}
	})
	if nameNode == nil {
		d.errorf(n, "trigger: missing name")
		return nil
	}
	if _, ok := d.str(nameNode, subject{kind: "trigger name"}); !ok {
		return nil
	}
	name, ok := d.name(nameNode, "trigger")
	if !ok {
		return nil
	}
	t.Name = name
	w.name = name
	if pathsNode == nil {
		d.errorf(n, "%s: missing paths", w)
	} else {
		t.Paths, t.pathPos = d.globs(pathsNode, w.at("paths"))
	}
	switch {
	case selNode == nil:
		d.errorf(n, "%s: missing select: want all or a list of gates", w)
	case selNode.Kind == yaml.ScalarNode && d.tag(selNode) == "!!str" && d.value(selNode) == "all":
		t.All = true
	case selNode.Kind == yaml.SequenceNode:
		r.sel = d.names(selNode, w.at("select"))
		t.Select = d.refNames(r.sel)
		if t.Select == nil {
			t.Select = []string{}
		}
	default:
		if selNode.Kind != yaml.AliasNode {
			d.errorf(selNode, "%s: select: want all or a list of gates, got %s", w, d.kindName(selNode))
		}
	}
	return r
}

func (d *decoder) contract(name string, k, n *fastyaml.Node) *rawContract {
	c := &Contract{Name: name, Pos: d.pos(k)}
	r := &rawContract{c: c}
	d.definition(n, "contract", name, func(key string, v *fastyaml.Node, what subject) {
		switch key {
		case "paths":
			c.Paths, c.pathPos = d.globs(v, what)
		case "gates":
			r.gates = d.names(v, what)
			c.Gates = d.refNames(r.gates)
		}
	})
	return r
}

func (d *decoder) service(name string, k, n *fastyaml.Node) *rawService {
	s := &Service{Name: name, Pos: d.pos(k)}
	r := &rawService{s: s}
	d.definition(n, "service", name, func(key string, v *fastyaml.Node, what subject) {
		switch key {
		case "paths":
			s.Paths, s.pathPos = d.globs(v, what)
		case "internal":
			s.Internal, s.internalPos = d.globs(v, what)
		case "owners":
			owners := d.strs(v, what)
			s.Owners, s.ownerPos = d.refNames(owners), d.refPos(owners)
			if s.Owners == nil {
				s.Owners = []string{}
			}
		case "depends_on":
			r.dependsOn = d.names(v, what)
			s.DependsOn, s.depPos = d.refNames(r.dependsOn), d.refPos(r.dependsOn)
		case "consumes":
			r.consumes = d.names(v, what)
			s.Consumes = d.refNames(r.consumes)
		case "provides":
			r.provides = d.names(v, what)
			s.Provides = d.refNames(r.provides)
		case "gates":
			r.gates = d.names(v, what)
			s.Gates = d.refNames(r.gates)
		case "smoke":
			r.s2 = d.names(v, what)
			s.Smoke = d.refNames(r.s2)
		}
	})
	return r
}

func (d *decoder) domain(name string, k, n *fastyaml.Node) *rawDomain {
	dm := &Domain{Name: name, Pos: d.pos(k)}
	r := &rawDomain{d: dm}
	d.definition(n, "domain", name, func(key string, v *fastyaml.Node, what subject) {
		switch key {
		case "owners":
			owners := d.strs(v, what)
			dm.Owners, dm.ownerPos = d.refNames(owners), d.refPos(owners)
		case "services":
			r.services = d.names(v, what)
			dm.Services = d.refNames(r.services)
		case "gates":
			r.gates = d.names(v, what)
			dm.Gates = d.refNames(r.gates)
		}
	})
	return r
}

// posOf is the position of the i-th entry of a list, or at when the list
// has no position for it (an inferred glob, a value built by hand).
func posOf(ps []Pos, i int, at Pos) Pos {
	if i >= 0 && i < len(ps) && ps[i].File != "" {
		return ps[i]
	}
	return at
}

func refNames(refs []ref) []string {
	if len(refs) == 0 {
		return nil
	}
	out := make([]string, len(refs))
	for i, r := range refs {
		out[i] = r.name
	}
	return out
}

// profiles decodes the root file's profiles: section, a mapping of
// profile names to {description: …} (or nothing).
func (d *decoder) profiles(n *fastyaml.Node) []*Profile {
	if n.Kind != yaml.MappingNode {
		d.is(n, yaml.MappingNode, subject{kind: "profiles"}, "a mapping")
		return nil // reported once: the gates' profiles are not checked against nothing
	}
	out := []*Profile{}
	d.namedMap(n, subject{kind: "profiles"}, "profile", func(name string, k, v *fastyaml.Node) {
		p := &Profile{Name: name, Pos: d.pos(k)}
		out = append(out, p)
		d.definition(v, "profile", name, func(key string, v *fastyaml.Node, what subject) {
			if key == "description" {
				p.Description, _ = d.str(v, what)
			}
		})
	})
	return out
}
