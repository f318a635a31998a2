package infer

import (
	"encoding/json"
	"fmt"
	"path"
	"slices"
	"strings"
)

// npmImporter maps a workspace directory of the lockfile to an importer
// key: the service's name, "" for the root; ok false for a directory that
// is no workspace package.
func (r *Result) npmImporter(dir string) (string, bool) {
	dir = path.Clean(dir)
	if dir == "." || dir == "" {
		if s := r.dirService(NPM, "."); s != nil {
			return s.Name, true
		}
		return "", true
	}
	if s := r.dirService(NPM, dir); s != nil {
		return s.Name, true
	}
	return dir, false
}

// parsePackageLock reads package-lock.json (or npm-shrinkwrap.json)
// versions 2 and 3: the packages map, keyed by install location. A
// dependency is resolved as node does: the nearest node_modules/NAME up
// from the dependent's location. Workspace links are edges between
// services, not packages.
func parsePackageLock(name string, data []byte, r *Result) (*lockGraph, error) {
	var lf struct {
		LockfileVersion int                        `json:"lockfileVersion"`
		Packages        map[string]json.RawMessage `json:"packages"`
	}
	if err := json.Unmarshal(data, &lf); err != nil {
		return nil, jsonError(name, data, err)
	}
	if lf.LockfileVersion < 2 || lf.Packages == nil {
		return nil, fmt.Errorf("lockfileVersion %d is not read (npm 7 and later write 2 or 3)", lf.LockfileVersion)
	}
	type entry struct {
		Name                 string            `json:"name"`
		Version              string            `json:"version"`
		Link                 bool              `json:"link"`
		Dependencies         map[string]string `json:"dependencies"`
		DevDependencies      map[string]string `json:"devDependencies"`
		OptionalDependencies map[string]string `json:"optionalDependencies"`
		PeerDependencies     map[string]string `json:"peerDependencies"`
	}
	entries := map[string]*entry{}
	for _, loc := range sortedKeys(lf.Packages) { // in order: the error reported is the first, every run
		raw := lf.Packages[loc]
		var e entry
		if err := json.Unmarshal(raw, &e); err != nil {
			return nil, fmt.Errorf("packages[%q]: %v", loc, err)
		}
		entries[loc] = &e
	}
	g := &lockGraph{pkgs: map[string]*lockPkg{}, importers: map[string][]string{}}
	resolve := func(from, dep string) (string, bool) {
		for loc := from; ; {
			cand := path.Join(loc, "node_modules", dep)
			if loc == "" {
				cand = "node_modules/" + dep
			}
			if e, ok := entries[cand]; ok {
				if e.Link {
					return "", false // a workspace package
				}
				return cand, true
			}
			if loc == "" {
				return "", false
			}
			i := strings.LastIndex(loc, "/node_modules/")
			if i < 0 {
				loc = ""
			} else {
				loc = loc[:i]
			}
		}
	}
	depsOf := func(loc string, e *entry, importer bool) []string {
		var out []string
		for _, m := range []map[string]string{e.Dependencies, e.OptionalDependencies, e.PeerDependencies, devIf(importer, e.DevDependencies)} {
			for dep := range m {
				if id, ok := resolve(loc, dep); ok {
					out = append(out, id)
				}
			}
		}
		return sortIDs(out)
	}
	for loc, e := range entries {
		if e.Link {
			continue
		}
		if loc == "" || !strings.Contains("/"+loc, "/node_modules/") {
			imp, ok := r.npmImporter(loc)
			if !ok {
				g.unknown = append(g.unknown, loc)
				continue
			}
			g.importers[imp] = depsOf(loc, e, true)
			continue
		}
		n := e.Name
		if n == "" {
			n = loc[strings.LastIndex(loc, "node_modules/")+len("node_modules/"):]
		}
		g.pkgs[loc] = &lockPkg{name: n, version: e.Version, content: string(lf.Packages[loc]), deps: depsOf(loc, e, false)}
	}
	slices.Sort(g.unknown)
	return g, nil
}

func devIf(ok bool, m map[string]string) map[string]string {
	if ok {
		return m
	}
	return nil
}

func (n *tnode) kidsOrNil() []*tnode {
	if n == nil {
		return nil
	}
	return n.kids
}

// pnpmBase strips the peer suffix of a v9 snapshot key: "a@1.0.0(b@2)" -> "a@1.0.0".
func pnpmBase(id string) string {
	if i := strings.IndexByte(id, '('); i > 0 {
		return id[:i]
	}
	return id
}

// pnpmNameVersion splits a package key into name and version.
func pnpmNameVersion(id string) (string, string) {
	k := strings.TrimPrefix(pnpmBase(id), "/")
	if i := strings.LastIndexByte(k, '@'); i > 0 {
		return k[:i], k[i+1:]
	}
	if i := strings.LastIndexByte(k, '/'); i > 0 { // v5: name/version
		return k[:i], k[i+1:]
	}
	return k, ""
}
