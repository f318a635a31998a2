package graph

import (
	"cmp"
	"errors"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"
)

// gateRef is one place that references a gate, with the layer it implies.
type gateRef struct {
	ref
	layer Layer
	owner subject // `contract "platform": gates`, for messages
}

// build cross-checks the decoded files and assembles the graph.
func build(files []*rawFile, l *errorList) (*Graph, []Warning, error) {
	var gates, contracts, services, domains int
	for _, f := range files {
		gates, contracts, services, domains = gates+len(f.gates), contracts+len(f.contracts), services+len(f.services), domains+len(f.domains)
	}
	g := &Graph{
		Settings:  Settings{Unowned: UnownedAll},
		Gates:     make(map[string]*Gate, gates),
		Contracts: make(map[string]*Contract, contracts),
		Services:  make(map[string]*Service, services),
		Domains:   make(map[string]*Domain, domains),
	}
	order := map[string]int{}
	for i, f := range files {
		g.Files = append(g.Files, f.name)
		order[f.name] = i
		if f.root && f.settings != nil {
			g.Settings = *f.settings
		}
	}
	refused := define(g, files, l)
	checkRefs(g, files, refused, l)
	g.buildIndex()

	sortByPos := func(p, q Pos) int {
		return cmp.Or(cmp.Compare(order[p.File], order[q.File]), cmp.Compare(p.Line, q.Line), cmp.Compare(p.Col, q.Col))
	}
	warnings := l.warnings
	slices.SortStableFunc(warnings, func(a, b Warning) int { return cmp.Or(sortByPos(a.Pos, b.Pos), cmp.Compare(a.Msg, b.Msg)) })
	if l.failed() {
		slices.SortStableFunc(l.errs.Errors, func(a, b error) int {
			var ea, eb *Error
			if !errors.As(a, &ea) || !errors.As(b, &eb) {
				return 0
			}
			return sortByPos(Pos{ea.File, ea.Line, ea.Col}, Pos{eb.File, eb.Line, eb.Col})
		})
		return nil, warnings, l.err()
	}
	return g, warnings, nil
}

// define registers every definition, reporting duplicates. Services,
// contracts and domains share one namespace: each is a SCOPE in gate
// instance ids (GATE:SCOPE), which must not be ambiguous. The second
// definition of a name is the one error, at its position, naming the
// first; it returns those refused definitions (name -> kind), so that the
// references to them are not reported again as unknown names.
func define(g *Graph, files []*rawFile, l *errorList) map[string]string {
	type scope struct {
		kind string
		pos  Pos
	}
	n := 0
	for _, f := range files {
		n += len(f.contracts) + len(f.services) + len(f.domains)
	}
	scopes := make(map[string]scope, n)
	refused := map[string]string{}
	claim := func(kind, name string, p Pos) bool {
		if prev, ok := scopes[name]; ok {
			hint := ""
			if prev.kind != kind {
				hint = " (services, contracts and domains share one namespace: rename one)"
			}
			l.errorf(p, "duplicate name %q: already used by %s %q at %s%s", name, prev.kind, name, prev.pos, hint)
			if prev.kind != kind {
				refused[name] = kind
			}
			return false
		}
		scopes[name] = scope{kind, p}
		return true
	}
	triggers := map[string]Pos{}
	for _, f := range files {
		for _, r := range f.gates {
			if prev, ok := g.Gates[r.g.Name]; ok {
				l.errorf(r.g.Pos, "duplicate gate %q: already defined at %s", r.g.Name, prev.Pos)
				continue
			}
			g.Gates[r.g.Name] = r.g
			r.g.Layer = LayerGlobal
		}
		for _, r := range f.triggers {
			if prev, ok := triggers[r.t.Name]; ok {
				l.errorf(r.t.Pos, "duplicate trigger %q: already defined at %s", r.t.Name, prev)
				continue
			}
			triggers[r.t.Name] = r.t.Pos
			g.Triggers = append(g.Triggers, r.t)
		}
		// scopes in source order, so that the first definition wins
		type def struct {
			kind string
			i    int // in the file's list of its kind
			pos  Pos
		}
		defs := make([]def, 0, len(f.contracts)+len(f.services)+len(f.domains))
		for i, r := range f.contracts {
			defs = append(defs, def{"contract", i, r.c.Pos})
		}
		for i, r := range f.services {
			defs = append(defs, def{"service", i, r.s.Pos})
		}
		for i, r := range f.domains {
			defs = append(defs, def{"domain", i, r.d.Pos})
		}
		byPos := func(a, b def) int {
			return cmp.Or(cmp.Compare(a.pos.Line, b.pos.Line), cmp.Compare(a.pos.Col, b.pos.Col))
		}
		if !slices.IsSortedFunc(defs, byPos) { // they are when the sections are in this order
			slices.SortStableFunc(defs, byPos)
		}
		for _, d := range defs {
			switch d.kind {
			case "contract":
				if c := f.contracts[d.i].c; claim(d.kind, c.Name, d.pos) {
					g.Contracts[c.Name] = c
				}
			case "service":
				if s := f.services[d.i].s; claim(d.kind, s.Name, d.pos) {
					g.Services[s.Name] = s
					if len(s.Paths) == 0 {
						l.warnf(WarnNoPaths, s.Pos, "service %q has no paths: no file belongs to it", s.Name)
					}
				}
			default:
				if dm := f.domains[d.i].d; claim(d.kind, dm.Name, d.pos) {
					g.Domains[dm.Name] = dm
				}
			}
		}
	}
	defineProfiles(g, files, l)
	return refused
}

// defineProfiles registers the root file's profiles: section.
func defineProfiles(g *Graph, files []*rawFile, l *errorList) {
	for _, f := range files {
		if !f.root || f.profiles == nil {
			continue
		}
		g.Profiles = map[string]*Profile{}
		for _, p := range f.profiles {
			g.Profiles[p.Name] = p // names are mapping keys: unique already
		}
	}
}

// ProfileNames returns the declared profiles, sorted; nil when the policy
// declares none.
func (g *Graph) ProfileNames() []string {
	if g.Profiles == nil {
		return nil
	}
	return slices.Sorted(maps.Keys(g.Profiles))
}

// checkRefs resolves every reference by name, derives gate layers and the
// reverse relations (providers, consumers, domains of a service).
func checkRefs(g *Graph, files []*rawFile, refused map[string]string, l *errorList) {
	// the names an unknown one is compared with, sorted once it is needed
	gateNames, serviceNames, contractNames := sync.OnceValue(g.GateNames), sync.OnceValue(g.ServiceNames), sync.OnceValue(g.ContractNames)
	unknown := func(kind string, r ref, names func() []string, what subject) {
		if refused[r.name] == kind {
			return // its definition was refused as a duplicate name: reported there
		}
		l.errorf(r.pos, "%s: unknown %s %q%s", what, kind, r.name, didYouMean(r.name, names()))
	}
	n := 0
	gateLists(files, func(rs []ref, _ Layer, _ subject) { n += len(rs) })
	refs := make([]gateRef, 0, n)
	gateLists(files, func(rs []ref, layer Layer, what subject) {
		for _, r := range rs {
			if _, ok := g.Gates[r.name]; !ok {
				unknown("gate", r, gateNames, what)
				continue
			}
			refs = append(refs, gateRef{r, layer, what})
		}
	})
	services := func(rs []ref, what subject) {
		for _, r := range rs {
			if _, ok := g.Services[r.name]; !ok {
				unknown("service", r, serviceNames, what)
			}
		}
	}
	contracts := func(rs []ref, what subject) {
		for _, r := range rs {
			if _, ok := g.Contracts[r.name]; !ok {
				unknown("contract", r, contractNames, what)
			}
		}
	}
	for _, f := range files {
		for _, r := range f.gates {
			what := subject{"gate", r.g.Name, "covers"}
			for _, c := range r.covers {
				if _, ok := g.Gates[c.name]; !ok {
					unknown("gate", c, gateNames, what)
				} else if c.name == r.g.Name {
					l.errorf(c.pos, "%s: a gate cannot cover itself", what)
				}
			}
			r.g.Covers = refNames(r.covers)
			checkProfiles(g, r, l)
		}
		for _, r := range f.services {
			name := r.s.Name
			what := func(key string) subject { return subject{"service", name, key} }
			services(r.dependsOn, what("depends_on"))
			for _, d := range r.dependsOn {
				if d.name == name {
					l.errorf(d.pos, "%s: a service cannot depend on itself", what("depends_on"))
				}
			}
			contracts(r.consumes, what("consumes"))
			contracts(r.provides, what("provides"))
			if g.Services[name] != r.s {
				continue // a duplicate: its relations are not part of the graph
			}
			for _, c := range r.consumes {
				if ct, ok := g.Contracts[c.name]; ok {
					ct.Consumers = appendUnique(ct.Consumers, name)
				}
			}
			for _, c := range r.provides {
				if ct, ok := g.Contracts[c.name]; ok {
					ct.Providers = appendUnique(ct.Providers, name)
				}
			}
		}
		for _, r := range f.domains {
			services(r.services, subject{"domain", r.d.Name, "services"})
			if g.Domains[r.d.Name] != r.d {
				continue
			}
			for _, s := range r.services {
				if sv, ok := g.Services[s.name]; ok {
					sv.Domains = appendUnique(sv.Domains, r.d.Name)
				}
			}
		}
	}
	for _, c := range g.Contracts {
		sort.Strings(c.Providers)
		sort.Strings(c.Consumers)
	}
	for _, s := range g.Services {
		sort.Strings(s.Domains)
	}
	assignLayers(g, files, refs, l)
}

// gateLists calls f with every list of gate references of files, the
// layer it implies and its owner, for messages.
func gateLists(files []*rawFile, f func(rs []ref, layer Layer, owner subject)) {
	for _, fl := range files {
		for _, r := range fl.triggers {
			f(r.sel, LayerGlobal, subject{"trigger", r.t.Name, "select"})
		}
		if fl.infer != nil {
			for _, e := range fl.infer.ecos {
				f(e.gates, LayerLocal, subject{kind: "infer " + string(e.eco), key: "gates"})
				f(e.smoke, LayerSmoke, subject{kind: "infer " + string(e.eco), key: "smoke"})
			}
		}
		for _, r := range fl.contracts {
			f(r.gates, LayerContract, subject{"contract", r.c.Name, "gates"})
		}
		for _, r := range fl.services {
			f(r.gates, LayerLocal, subject{"service", r.s.Name, "gates"})
			f(r.s2, LayerSmoke, subject{"service", r.s.Name, "smoke"})
		}
		for _, r := range fl.domains {
			f(r.gates, LayerLocal, subject{"domain", r.d.Name, "gates"})
		}
	}
}

// checkProfiles reports a profile of the gate that the policy does not
// declare, when it declares profiles.
func checkProfiles(g *Graph, r *rawGate, l *errorList) {
	if g.Profiles == nil {
		return
	}
	for _, p := range r.profiles {
		if _, ok := g.Profiles[p.name]; ok {
			continue
		}
		names := g.ProfileNames()
		l.errorf(p.pos, "gate %q: profiles: unknown profile %q: the policy declares %s%s", r.g.Name, p.name, declared(names), didYouMean(p.name, names))
	}
}

// declared lists declared names for a message.
func declared(names []string) string {
	if len(names) == 0 {
		return "no profile (profiles: {})"
	}
	return strings.Join(names, ", ")
}

// inTwoRoles reports whether a gate may be referenced in both layers: a
// local gate that is also a smoke gate (one test command that runs when
// its service changed and when a dependency did). Every other pair of
// layers is an error; a contract gate is never anything else.
func inTwoRoles(a, b Layer) bool {
	return (a == LayerLocal && b == LayerSmoke) || (a == LayerSmoke && b == LayerLocal)
}

// assignLayers gives each gate the layers it is referenced in and, as its
// Layer, the earliest of them, and reports a reference from a layer that
// cannot be combined with the first reference's (only local and smoke
// combine: inTwoRoles).
func assignLayers(g *Graph, files []*rawFile, refs []gateRef, l *errorList) {
	order := map[string]int{}
	for i, f := range files {
		order[f.name] = i
	}
	slices.SortStableFunc(refs, func(a, b gateRef) int {
		return cmp.Or(cmp.Compare(order[a.pos.File], order[b.pos.File]), cmp.Compare(a.pos.Line, b.pos.Line), cmp.Compare(a.pos.Col, b.pos.Col))
	})
	first := map[string]gateRef{}
	for _, r := range refs {
		gt := g.Gates[r.name]
		f, ok := first[r.name]
		if !ok {
			first[r.name] = r
			gt.Layer, gt.Layers = r.layer, []Layer{r.layer}
			continue
		}
		if f.layer != r.layer && !inTwoRoles(f.layer, r.layer) {
			l.errorf(r.pos, "%s: gate %q is in the %s layer here but in the %s layer at %s (%s)", r.owner, r.name, r.layer, f.layer, f.pos, f.owner)
			continue
		}
		if !slices.Contains(gt.Layers, r.layer) {
			gt.Layers = append(gt.Layers, r.layer)
			slices.Sort(gt.Layers)
			gt.Layer = gt.Layers[0]
		}
	}
}

// RoleLayer is the layer of an instance of gate bound to a scope (kind,
// name): the gate's Layer, except for a gate in two roles (Layers holds
// local and smoke) bound to a service, whose instance is a smoke one when
// it is selected as smoke (a dependency changed) or when the service lists
// the gate only in smoke, and a local one otherwise. The layer rule: an
// instance selected for several reasons sits in the earliest of their
// layers, local before smoke. LayerGlobal for an unknown gate.
func (g *Graph) RoleLayer(gate string, kind ScopeKind, name string, smoke bool) Layer {
	gt := g.Gates[gate]
	if gt == nil {
		return LayerGlobal
	}
	if kind != ScopeService || gt.Layer != LayerLocal || !gt.InLayer(LayerSmoke) {
		return gt.Layer
	}
	if s := g.Services[name]; smoke || (s != nil && !slices.Contains(s.Gates, gate)) {
		return LayerSmoke
	}
	return LayerLocal
}

// InLayer reports whether the gate is referenced in the layer.
func (g *Gate) InLayer(l Layer) bool {
	return slices.Contains(g.Layers, l) || (g.Layers == nil && g.Layer == l)
}

func appendUnique(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}
