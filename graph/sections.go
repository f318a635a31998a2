package graph

import (
	"strconv"
	"text/template"

	"go.yaml.in/yaml/v3"
)

// The section decoders: settings, gates, triggers, contracts, services and
// domains, each from its YAML node into its type, reporting every problem
// at its position.

// namedMap walks a mapping of names to definitions.
func (d *decoder) namedMap(n *yaml.Node, what, kind string, f func(name string, k, v *yaml.Node)) {
	if !d.is(n, yaml.MappingNode, what, "a mapping") {
		return
	}
	d.entries(n, what, func(_ string, k, v *yaml.Node) {
		if name, ok := d.name(k, kind); ok {
			f(name, k, v)
		}
	})
}

func (d *decoder) settings(n *yaml.Node) *Settings {
	s := &Settings{Unowned: UnownedAll}
	d.fields(n, "settings", "settings", func(key string, k, v *yaml.Node) {
		what := "settings." + key
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
			if v.Kind == yaml.ScalarNode && v.ShortTag() == "!!int" {
				n, err := strconv.Atoi(v.Value)
				if err == nil && n > 0 {
					s.SmokeDepth = n
					return
				}
			} else if v.Kind == yaml.ScalarNode && v.ShortTag() == "!!str" && v.Value == "transitive" {
				return
			}
			if v.Kind != yaml.AliasNode {
				d.errorf(v, "%s: want \"transitive\" or a positive integer, got %q", what, v.Value)
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

func (d *decoder) gate(name string, k, n *yaml.Node) *rawGate {
	g := &Gate{Name: name, Pos: d.pos(k)}
	r := &rawGate{g: g}
	what := "gate " + strconv.Quote(name)
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
		return r // "name:" or "name: {}" declares a gate with nothing to run
	}
	d.fields(n, "gate", what, func(key string, _, v *yaml.Node) {
		switch key {
		case "run":
			if s, ok := d.str(v, what+": run"); ok {
				g.Run, g.runPos = s, d.pos(v)
				t, err := parseTemplate(name, s)
				if err != nil {
					d.errorf(v, "%s: run: %v", what, err)
					return
				}
				g.run = t
			}
		case "with":
			if !d.is(v, yaml.MappingNode, what+": with", "a mapping") {
				return
			}
			val, ok := d.decodeAny(v, what+": with", 1)
			if !ok {
				return
			}
			g.With = val.(map[string]any)
			g.with, g.withPos = map[string]*template.Template{}, map[string]Pos{}
			d.withTemplates(v, what, "", g)
		case "profiles":
			r.profiles = d.strs(v, what+": profiles")
			g.Profiles = refNames(r.profiles)
			if g.Profiles == nil {
				g.Profiles = []string{}
			}
		case "covers":
			r.covers = d.names(v, what+": covers")
		case "owners":
			g.Owners = refNames(d.strs(v, what+": owners"))
		}
	})
	return r
}

// withTemplates parses every string leaf of a with: value, keyed by its
// path ("/runs-on", "/matrix/0/os"), reporting errors at the leaf.
func (d *decoder) withTemplates(n *yaml.Node, what, at string, g *Gate) {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			d.withTemplates(n.Content[i+1], what, at+"/"+pointerEscape(n.Content[i].Value), g)
		}
	case yaml.SequenceNode:
		for i, e := range n.Content {
			d.withTemplates(e, what, at+"/"+strconv.Itoa(i), g)
		}
	case yaml.ScalarNode:
		if n.ShortTag() != "!!str" {
			return
		}
		t, err := parseTemplate(what+" with"+at, n.Value)
		if err != nil {
			d.errorf(n, "%s: with%s: %v", what, at, err)
			return
		}
		g.with[at], g.withPos[at] = t, d.pos(n)
	}
}

func (d *decoder) trigger(n *yaml.Node) *rawTrigger {
	t := &Trigger{Pos: d.pos(n)}
	r := &rawTrigger{t: t}
	what := "trigger"
	var nameNode, pathsNode, selNode *yaml.Node
	if !d.is(n, yaml.MappingNode, what, "a mapping") {
		return nil
	}
	d.fields(n, "trigger", what, func(key string, _, v *yaml.Node) {
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
	if _, ok := d.str(nameNode, "trigger name"); !ok {
		return nil
	}
	name, ok := d.name(nameNode, "trigger")
	if !ok {
		return nil
	}
	t.Name = name
	what = "trigger " + strconv.Quote(name)
	if pathsNode == nil {
		d.errorf(n, "%s: missing paths", what)
	} else {
		var refs []ref
		t.Paths, refs = d.globs(pathsNode, what+": paths")
		t.pathPos = refPos(refs)
	}
	switch {
	case selNode == nil:
		d.errorf(n, "%s: missing select: want all or a list of gates", what)
	case selNode.Kind == yaml.ScalarNode && selNode.ShortTag() == "!!str" && selNode.Value == "all":
		t.All = true
	case selNode.Kind == yaml.SequenceNode:
		r.sel = d.names(selNode, what+": select")
		t.Select = refNames(r.sel)
		if t.Select == nil {
			t.Select = []string{}
		}
	default:
		if selNode.Kind != yaml.AliasNode {
			d.errorf(selNode, "%s: select: want all or a list of gates, got %s", what, kindName(selNode))
		}
	}
	return r
}

func (d *decoder) contract(name string, k, n *yaml.Node) *rawContract {
	c := &Contract{Name: name, Pos: d.pos(k)}
	r := &rawContract{c: c}
	what := "contract " + strconv.Quote(name)
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
		return r
	}
	d.fields(n, "contract", what, func(key string, _, v *yaml.Node) {
		switch key {
		case "paths":
			c.Paths, r.paths = d.globs(v, what+": paths")
			c.pathPos = refPos(r.paths)
		case "gates":
			r.gates = d.names(v, what+": gates")
			c.Gates = refNames(r.gates)
		}
	})
	return r
}

func (d *decoder) service(name string, k, n *yaml.Node) *rawService {
	s := &Service{Name: name, Pos: d.pos(k)}
	r := &rawService{s: s}
	what := "service " + strconv.Quote(name)
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
		return r
	}
	d.fields(n, "service", what, func(key string, _, v *yaml.Node) {
		w := what + ": " + key
		switch key {
		case "paths":
			s.Paths, r.paths = d.globs(v, w)
			s.pathPos = refPos(r.paths)
		case "internal":
			s.Internal, r.internal = d.globs(v, w)
			s.internalPos = refPos(r.internal)
		case "owners":
			owners := d.strs(v, w)
			s.Owners, s.ownerPos = refNames(owners), refPos(owners)
			if s.Owners == nil {
				s.Owners = []string{}
			}
		case "depends_on":
			r.dependsOn = d.names(v, w)
			s.DependsOn = refNames(r.dependsOn)
			s.declaredDeps = map[string]Pos{}
			for _, r := range r.dependsOn {
				if _, ok := s.declaredDeps[r.name]; !ok {
					s.declaredDeps[r.name] = r.pos
				}
			}
		case "consumes":
			r.consumes = d.names(v, w)
			s.Consumes = refNames(r.consumes)
		case "provides":
			r.provides = d.names(v, w)
			s.Provides = refNames(r.provides)
		case "gates":
			r.gates = d.names(v, w)
			s.Gates = refNames(r.gates)
		case "smoke":
			r.s2 = d.names(v, w)
			s.Smoke = refNames(r.s2)
		}
	})
	return r
}

func (d *decoder) domain(name string, k, n *yaml.Node) *rawDomain {
	dm := &Domain{Name: name, Pos: d.pos(k)}
	r := &rawDomain{d: dm}
	what := "domain " + strconv.Quote(name)
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
		return r
	}
	d.fields(n, "domain", what, func(key string, _, v *yaml.Node) {
		switch key {
		case "owners":
			owners := d.strs(v, what+": owners")
			dm.Owners, dm.ownerPos = refNames(owners), refPos(owners)
		case "services":
			r.services = d.names(v, what+": services")
			dm.Services = refNames(r.services)
		case "gates":
			r.gates = d.names(v, what+": gates")
			dm.Gates = refNames(r.gates)
		}
	})
	return r
}

// refPos lists the positions of refs.
func refPos(refs []ref) []Pos {
	if len(refs) == 0 {
		return nil
	}
	out := make([]Pos, len(refs))
	for i, r := range refs {
		out[i] = r.pos
	}
	return out
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
func (d *decoder) profiles(n *yaml.Node) []*Profile {
	if n.Kind != yaml.MappingNode {
		d.is(n, yaml.MappingNode, "profiles", "a mapping")
		return nil // reported once: the gates' profiles are not checked against nothing
	}
	out := []*Profile{}
	d.namedMap(n, "profiles", "profile", func(name string, k, v *yaml.Node) {
		p := &Profile{Name: name, Pos: d.pos(k)}
		out = append(out, p)
		if v.Kind == yaml.ScalarNode && v.ShortTag() == "!!null" {
			return
		}
		what := "profile " + strconv.Quote(name)
		d.fields(v, "profile", what, func(key string, _, v *yaml.Node) {
			if key == "description" {
				p.Description, _ = d.str(v, what+": description")
			}
		})
	})
	return out
}
