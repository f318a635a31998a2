package infer

import (
	"fmt"
	"slices"
	"strings"
)

// parseYarnLock reads yarn.lock: berry's (yarn 2 and later, YAML with
// __metadata and workspace entries) or v1's own format, whose importers
// are not recorded: a v1 workspace package uses the entries its
// package.json requires (Service.Requires), and a changed entry that no
// workspace package reaches is taken for the root package's, which
// concerns every package.
func parseYarnLock(name string, data []byte, r *Result) (*lockGraph, error) {
	berry := strings.Contains(string(data[:min(len(data), 4096)]), "__metadata:")
	t, err := parseTree(name, data, berry)
	if err != nil {
		return nil, err
	}
	g := &lockGraph{pkgs: map[string]*lockPkg{}, importers: map[string][]string{}, root: map[string]string{}}
	byDesc := map[string]string{} // descriptor -> id
	type ent struct {
		n    *tnode
		id   string
		name string
	}
	var ents []ent
	for _, c := range t.kids {
		if c.key == "__metadata" {
			if v := c.child("version"); v != nil {
				g.root["the lockfile's __metadata version"] = v.value
			}
			continue
		}
		descs := splitDescriptors(c.key)
		if len(descs) == 0 {
			return nil, fmt.Errorf("line %d: entry without a descriptor", c.line)
		}
		id := descs[0]
		if res := c.child("resolution"); res != nil {
			id = res.value
		} else if v := c.child("version"); v != nil {
			id = descName(descs[0]) + "@" + v.value
		}
		for _, d := range descs {
			byDesc[d] = id
		}
		ents = append(ents, ent{c, id, descName(descs[0])})
	}
	resolve := func(dep, rng string) string {
		for _, d := range []string{dep + "@" + rng, dep + "@npm:" + rng} {
			if id, ok := byDesc[d]; ok {
				return id
			}
		}
		return dep + "@" + rng // unresolved: compared by its text
	}
	depsOf := func(n *tnode) []string {
		var out []string
		for _, s := range yarnDepSections {
			for _, d := range n.child(s).kidsOrNil() {
				out = append(out, resolve(d.key, d.value))
			}
		}
		return sortIDs(out)
	}
	for _, e := range ents {
		if berry && strings.Contains(e.id, "@workspace:") {
			dir := e.id[strings.Index(e.id, "@workspace:")+len("@workspace:"):]
			imp, ok := r.npmImporter(dir)
			if !ok {
				g.unknown = append(g.unknown, dir)
				continue
			}
			g.importers[imp] = depsOf(e.n)
			continue
		}
		v := ""
		if x := e.n.child("version"); x != nil {
			v = x.value
		}
		n := e.n
		q := &lockPkg{name: e.name, version: v, raw: [3]string{n.raw(t)}, meta: func() string { return n.text(yarnDepSections...) }, deps: depsOf(n)}
		if p := g.pkgs[e.id]; p != nil { // one resolution under several keys
			pm := p.meta
			q.raw[0], q.meta = p.raw[0]+"--\n"+q.raw[0], func() string { return pm() + "--\n" + n.text(yarnDepSections...) }
			q.deps = sortIDs(append(q.deps, p.deps...))
		}
		g.pkgs[e.id] = q
	}
	if !berry {
		g.orphanAll = true
		for _, s := range r.Services {
			if s.Ecosystem != NPM {
				continue
			}
			var ids []string
			for _, dep := range sortedKeys(s.Requires) {
				rng := s.Requires[dep]
				if strings.HasPrefix(rng, "workspace:") || strings.HasPrefix(rng, "link:") || strings.HasPrefix(rng, "file:") {
					continue
				}
				ids = append(ids, resolve(dep, rng))
			}
			g.importers[s.Name] = sortIDs(ids)
		}
	}
	slices.Sort(g.unknown)
	return g, nil
}

// yarnDepSections are the blocks of an entry that name its dependencies.
var yarnDepSections = []string{"dependencies", "optionalDependencies", "peerDependencies"}

// splitDescriptors cuts an entry key `"a@^1", a@^1.2` into descriptors.
func splitDescriptors(key string) []string {
	var out []string
	for _, d := range strings.Split(key, ",") {
		d = strings.TrimSpace(d)
		if len(d) >= 2 && (d[0] == '"' || d[0] == '\'') && d[len(d)-1] == d[0] {
			d = d[1 : len(d)-1]
		}
		if d != "" {
			out = append(out, d)
		}
	}
	return out
}

// descName is the package name of a descriptor "name@range" ("@scope/name@range").
func descName(d string) string {
	if i := strings.IndexByte(d[min(1, len(d)):], '@'); i >= 0 {
		return d[:i+1]
	}
	return d
}
