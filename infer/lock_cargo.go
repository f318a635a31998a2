package infer

import (
	"fmt"

	"strings"

	"github.com/pelletier/go-toml/v2"
)

// parseCargoLock reads Cargo.lock (versions 1 to 4): [[package]] entries
// with name, version, source, checksum and dependencies ("name",
// "name version" or "name version (source)"). Workspace members are the
// packages without a source whose name is a crate of the workspace.
func parseCargoLock(name string, data []byte, r *Result) (*lockGraph, error) {
	var lf struct {
		Package []struct {
			Name         string   `toml:"name"`
			Version      string   `toml:"version"`
			Source       string   `toml:"source"`
			Checksum     string   `toml:"checksum"`
			Dependencies []string `toml:"dependencies"`
		} `toml:"package"`
		Patch map[string]any `toml:"patch"`
	}
	if err := toml.Unmarshal(data, &lf); err != nil {
		return nil, tomlError(name, err)
	}
	g := &lockGraph{pkgs: map[string]*lockPkg{}, importers: map[string][]string{}, root: map[string]string{"[patch.unused]": fmt.Sprint(lf.Patch)}}
	byName := map[string][]string{}
	ids := make([]string, len(lf.Package))
	for i, p := range lf.Package {
		ids[i] = p.Name + " " + p.Version + " " + p.Source
		byName[p.Name] = append(byName[p.Name], ids[i])
	}
	resolve := func(d string) string {
		f := strings.Fields(d)
		cands := byName[f[0]]
		if len(f) == 1 && len(cands) == 1 {
			return cands[0]
		}
		for _, c := range cands {
			cf := strings.Fields(c)
			if len(f) >= 2 && cf[1] == f[1] && (len(f) < 3 || strings.Trim(f[2], "()") == strings.Join(cf[2:], " ")) {
				return c
			}
		}
		return d
	}
	for i, p := range lf.Package {
		var deps []string
		for _, d := range p.Dependencies {
			if strings.TrimSpace(d) != "" {
				deps = append(deps, resolve(d))
			}
		}
		deps = sortIDs(deps)
		if p.Source == "" {
			if s := r.serviceByID(Cargo, p.Name); s != nil {
				g.importers[s.Name] = deps
				continue
			}
		}
		g.pkgs[ids[i]] = &lockPkg{name: p.Name, version: p.Version, content: p.Source + " " + p.Checksum, deps: deps}
	}
	return g, nil
}

// parseUVLock reads uv.lock: [[package]] entries with name, version,
// source, dependencies, optional-dependencies and dev-dependencies;
// workspace members are those whose source is editable, virtual or
// workspace and whose name is a project of the workspace. [manifest]
// (members, overrides, constraints) concerns every project.
func parseUVLock(name string, data []byte, r *Result) (*lockGraph, error) {
	var lf struct {
		RequiresPython string           `toml:"requires-python"`
		Manifest       map[string]any   `toml:"manifest"`
		Package        []map[string]any `toml:"package"`
	}
	if err := toml.Unmarshal(data, &lf); err != nil {
		return nil, tomlError(name, err)
	}
	g := &lockGraph{pkgs: map[string]*lockPkg{}, importers: map[string][]string{}, root: map[string]string{
		"requires-python":        lf.RequiresPython,
		"[manifest] overrides":   fmt.Sprint(lf.Manifest["overrides"]),
		"[manifest] constraints": fmt.Sprint(lf.Manifest["constraints"]),
	}}
	byName := map[string][]string{}
	ids := make([]string, len(lf.Package))
	for i, p := range lf.Package {
		n, _ := p["name"].(string)
		v, _ := p["version"].(string)
		ids[i] = pep503(n) + " " + v
		byName[pep503(n)] = append(byName[pep503(n)], ids[i])
	}
	depList := func(v any) []string {
		var out []string
		list, _ := v.([]any)
		for _, e := range list {
			m, _ := e.(map[string]any)
			n, _ := m["name"].(string)
			ver, _ := m["version"].(string)
			cands := byName[pep503(n)]
			switch {
			case ver != "":
				out = append(out, pep503(n)+" "+ver)
			case len(cands) > 0:
				out = append(out, cands...)
			default:
				out = append(out, pep503(n))
			}
		}
		return out
	}
	for i, p := range lf.Package {
		deps := depList(p["dependencies"])
		for _, k := range []string{"optional-dependencies", "dev-dependencies"} {
			groups, _ := p[k].(map[string]any)
			for _, gk := range sortedKeys(groups) {
				deps = append(deps, depList(groups[gk])...)
			}
		}
		deps = sortIDs(deps)
		n, _ := p["name"].(string)
		src, _ := p["source"].(map[string]any)
		if src != nil && (src["editable"] != nil || src["virtual"] != nil || src["workspace"] != nil) {
			if s := r.serviceByID(UV, pep503(n)); s != nil {
				g.importers[s.Name] = deps
				continue
			}
		}
		v, _ := p["version"].(string)
		meta := map[string]any{}
		for k, x := range p {
			if k != "dependencies" && k != "optional-dependencies" && k != "dev-dependencies" {
				meta[k] = x
			}
		}
		g.pkgs[ids[i]] = &lockPkg{name: pep503(n), version: v, content: fmt.Sprint(meta), deps: deps}
	}

	return g, nil
}
