package infer

import (
	"errors"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/pelletier/go-toml/v2"
)

// pyproject is the part of pyproject.toml inference reads.
type pyproject struct {
	Project *struct {
		Name                 string              `toml:"name"`
		Dependencies         []string            `toml:"dependencies"`
		OptionalDependencies map[string][]string `toml:"optional-dependencies"`
	} `toml:"project"`
	DependencyGroups map[string][]any `toml:"dependency-groups"`
	Tool             struct {
		UV struct {
			Workspace *struct {
				Members []string `toml:"members"`
				Exclude []string `toml:"exclude"`
			} `toml:"workspace"`
			Sources         map[string]any `toml:"sources"`
			DevDependencies []string       `toml:"dev-dependencies"`
		} `toml:"uv"`
	} `toml:"tool"`
}

// inferUV reads the uv workspace of the root pyproject.toml: its
// [tool.uv.workspace] members (globs) less exclude, and the root project
// when it has a [project]. An edge is a requirement of the member (project
// dependencies, optional dependencies, dependency groups,
// tool.uv.dev-dependencies) whose source, from the member's own
// [tool.uv.sources] or else the root's (uv applies the root's sources to
// every member), has workspace = true and names a member, or is a path to
// a member's directory. A source entry for a name the member
// does not require has no effect in uv, and none here. Names compare as
// PEP 503 normalises them.
func inferUV(r *reader) ([]*member, string, error) {
	if !r.exists("pyproject.toml") {
		return nil, "", nil
	}
	root, err := readPyproject(r, "pyproject.toml")
	if err != nil {
		return nil, "", err
	}
	ws := root.Tool.UV.Workspace
	if ws == nil {
		return nil, "", nil // not a uv workspace
	}
	dirs, err := expandMembers(r, ".", "pyproject.toml", ws.Members, ws.Exclude, false)
	if err != nil {
		return nil, "", errorf("pyproject.toml", 0, "expand members: %v", err)
	}
	if root.Project != nil && !slices.Contains(dirs, ".") {
		dirs = append([]string{"."}, dirs...)
	}
	var ms []*member
	var errs []error
	projects := map[string]*pyproject{}
	for _, d := range dirs {
		name := join(d, "pyproject.toml")
		p := root
		if d != "." {
			if p, err = readPyproject(r, name); err != nil {
				errs = append(errs, err)
				continue
			}
		}
		if p.Project == nil || p.Project.Name == "" {
			errs = append(errs, errorf(name, 1, "workspace member has no [project] name"))
			continue
		}
		projects[d] = p
		ms = append(ms, &member{eco: UV, dir: d, manifest: name, id: pep503(p.Project.Name)})
	}
	for _, m := range ms {
		p := projects[m.dir]
		data := r.mustRead(m.manifest)
		add := func(src any, key string, base string) {
			t, ok := src.(map[string]any)
			if !ok {
				return
			}
			pos := Pos{File: m.manifest, Line: lineOf(data, key, 0)}
			if w, _ := t["workspace"].(bool); w {
				m.deps = append(m.deps, dep{id: pep503(key), pos: pos})
			}
			if pth, _ := t["path"].(string); pth != "" {
				if d := cleanJoin(base, pth); inside(d) {
					m.deps = append(m.deps, dep{dir: d, pos: pos})
				}
			}
		}
		own := p.Tool.UV.Sources
		for _, d := range p.requirementNames() {
			if src, ok := findSource(own, d); ok {
				add(src, d, m.dir)
			} else if src, ok := findSource(root.Tool.UV.Sources, d); ok {
				add(src, d, ".")
			}
		}
	}
	return ms, "pyproject.toml", errors.Join(errs...)
}

// findSource looks a requirement up in a sources table by normalised name.
func findSource(sources map[string]any, name string) (any, bool) {
	for k, v := range sources {
		if pep503(k) == name {
			return v, true
		}
	}
	return nil, false
}

// requirementNames are the normalised names of every requirement.
func (p *pyproject) requirementNames() []string {
	var reqs []string
	if p.Project != nil {
		reqs = append(reqs, p.Project.Dependencies...)
		for _, k := range sortedKeys(p.Project.OptionalDependencies) {
			reqs = append(reqs, p.Project.OptionalDependencies[k]...)
		}
	}
	for _, g := range p.DependencyGroups {
		for _, e := range g {
			if s, ok := e.(string); ok {
				reqs = append(reqs, s)
			}
		}
	}
	reqs = append(reqs, p.Tool.UV.DevDependencies...)
	var out []string
	for _, q := range reqs {
		if n := requirementName(q); n != "" {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// reqName is a requirement's name (compiled on first use: a package-level
// regexp is compiled at every start of gatesel).
var reqName = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\s*([A-Za-z0-9][A-Za-z0-9._-]*)`) })

// requirementName is the normalised project name of a PEP 508 requirement.
func requirementName(q string) string {
	m := reqName().FindStringSubmatch(q)
	if m == nil {
		return ""
	}
	return pep503(m[1])
}

var pep503Runs = regexp.MustCompile(`[-_.]+`)

// pep503 normalises a Python project name.
func pep503(s string) string { return strings.ToLower(pep503Runs.ReplaceAllString(s, "-")) }

func cleanJoin(base, rel string) string { return join(base, rel) }

func readPyproject(r *reader, name string) (*pyproject, error) {
	data, err := r.readFile(name)
	if err != nil {
		return nil, errorf(name, 0, "read: %v", err)
	}
	var p pyproject
	if err := toml.Unmarshal(data, &p); err != nil {
		return nil, tomlError(name, err)
	}
	return &p, nil
}
