package infer

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// packageJSON is the part of package.json that inference reads.
type packageJSON struct {
	Name                 string            `json:"name"`
	Workspaces           json.RawMessage   `json:"workspaces"`
	Dependencies         map[string]string `json:"dependencies"`
	DevDependencies      map[string]string `json:"devDependencies"`
	PeerDependencies     map[string]string `json:"peerDependencies"`
	OptionalDependencies map[string]string `json:"optionalDependencies"`
	Nx                   *nxConfig         `json:"nx"`
	// Private and Keywords give Nx's npm: tags; read leniently (another
	// type is no tag), as nothing but those tags depends on them.
	RawPrivate  json.RawMessage `json:"private"`
	RawKeywords json.RawMessage `json:"keywords"`
	Private     bool            `json:"-"`
	Keywords    []string        `json:"-"`
}

// lenient decodes private and keywords, ignoring values of another type.
func (p *packageJSON) lenient() {
	_ = json.Unmarshal(p.RawPrivate, &p.Private)
	if json.Unmarshal(p.RawKeywords, &p.Keywords) != nil {
		p.Keywords = nil
	}
}

// depSections are the dependency fields of package.json, in the order
// their edges are positioned.
var depSections = []string{"dependencies", "devDependencies", "peerDependencies", "optionalDependencies"}

func (p *packageJSON) section(s string) map[string]string {
	switch s {
	case "dependencies":
		return p.Dependencies
	case "devDependencies":
		return p.DevDependencies
	case "peerDependencies":
		return p.PeerDependencies
	}
	return p.OptionalDependencies
}

// workspaces decodes the workspaces field: a list (npm, yarn) or an
// object with packages (yarn's form, with nohoist).
func (p *packageJSON) workspaces() ([]string, error) {
	if len(p.Workspaces) == 0 || string(p.Workspaces) == "null" {
		return nil, nil
	}
	var list []string
	if err := json.Unmarshal(p.Workspaces, &list); err == nil {
		return list, nil
	}
	var obj struct {
		Packages []string `json:"packages"`
	}
	if err := json.Unmarshal(p.Workspaces, &obj); err != nil {
		return nil, fmt.Errorf("workspaces: want a list of globs or {\"packages\": [...]}")
	}
	return obj.Packages, nil
}

// pnpmWorkspace is pnpm-workspace.yaml.
type pnpmWorkspace struct {
	Packages []string `yaml:"packages"`
}

// inferNPM finds the workspace packages: pnpm-workspace.yaml's packages
// when it exists (pnpm ignores package.json workspaces then), else the
// root package.json's workspaces (npm, yarn), with globs and "!"
// negations. The root package is a service only when a pattern names it
// ("."); its own package.json, with its workspaces, overrides and
// resolutions, is a root-level file (a trigger in `gatesel init`). A
// dependency in dependencies, devDependencies, peerDependencies or
// optionalDependencies that names a workspace package is an edge, whatever
// its version spec ("workspace:*", "^1.2.0", "*", "file:../x"), and so
// is one, of any name, whose spec is a local path to a workspace package's
// directory (localDir), or a pnpm alias "workspace:NAME@RANGE" of a
// workspace package (workspaceAlias); so is
// every workspace package an entry of the package's Nx
// implicitDependencies (package.json "nx") matches (nxImplicitEdges).
func inferNPM(r *reader) ([]*member, string, error) {
	var patterns []string
	root := ""
	switch {
	case r.exists("pnpm-workspace.yaml"):
		root = "pnpm-workspace.yaml"
		data, err := r.readFile(root)
		if err != nil {
			return nil, "", errorf(root, 0, "read: %v", err)
		}
		var ws pnpmWorkspace
		if err := yaml.Unmarshal(data, &ws); err != nil {
			return nil, "", errorf(root, yamlLine(err), "%v", err)
		}
		patterns = ws.Packages
	case r.exists("package.json"):
		data, err := r.readFile("package.json")
		if err != nil {
			return nil, "", errorf("package.json", 0, "read: %v", err)
		}
		var p packageJSON
		if err := json.Unmarshal(data, &p); err != nil {
			return nil, "", jsonError("package.json", data, err)
		}
		ws, err := p.workspaces()
		if err != nil {
			return nil, "", errorf("package.json", lineOf(data, `"workspaces"`, 0), "%v", err)
		}
		if ws == nil {
			return nil, "", nil // a single package: no workspace
		}
		root, patterns = "package.json", ws
	default:
		return nil, "", nil
	}
	dirs, err := expandMembers(r, ".", "package.json", patterns, nil, false)
	if err != nil {
		return nil, "", errorf(root, 0, "expand workspaces: %v", err)
	}
	var ms []*member
	var errs []string
	for _, d := range dirs {
		m, err := readPackageJSON(r, d)
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		ms = append(ms, m)
	}
	if errs != nil {
		return nil, "", fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	// a dependency is an edge when it names a workspace package, or when
	// its spec is a local path to a workspace package's directory
	names, dirSet := map[string]bool{}, map[string]bool{}
	for _, m := range ms {
		names[m.id] = true
		dirSet[m.dir] = true
	}
	for _, m := range ms {
		kept := m.deps[:0]
		for _, d := range m.deps {
			if d.dir != "" {
				if dirSet[d.dir] {
					kept = append(kept, d)
				}
				continue
			}
			if names[d.id] {
				kept = append(kept, d)
			} else if !d.alias { // an alias's requirement is its own key's
				m.requires[d.id] = m.requiresSpec(d.id)
			}
		}
		m.deps = kept
	}
	nxImplicitEdges(ms)
	return ms, root, nil
}

// readPackageJSON reads one workspace package.
func readPackageJSON(r *reader, dir string) (*member, error) {
	name := join(dir, "package.json")
	data, err := r.readFile(name)
	if err != nil {
		return nil, errorf(name, 0, "read: %v", err)
	}
	var p packageJSON
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, jsonError(name, data, err)
	}
	id := p.Name
	if id == "" {
		id = dir // an unnamed package cannot be depended on by name
	}
	p.lenient()
	m := &member{eco: NPM, dir: dir, manifest: name, id: id, requires: map[string]string{}, specs: map[string]string{},
		nx: newNXProject(&p, data, name)}
	for _, s := range depSections {
		deps := p.section(s)
		at := strings.Index(string(data), `"`+s+`"`)
		keys := mapsKeys(deps)
		slices.Sort(keys)
		for _, k := range keys {
			if _, dup := m.specs[k]; !dup {
				m.specs[k] = deps[k]
			}
			pos := Pos{File: name, Line: lineOf(data, `"`+k+`"`, at)}
			m.deps = append(m.deps, dep{id: k, pos: pos})
			if d, ok := localDir(dir, deps[k]); ok {
				m.deps = append(m.deps, dep{id: k, dir: d, pos: pos})
			}
			if d, ok := yarnWorkspaceDir(deps[k]); ok {
				m.deps = append(m.deps, dep{id: k, dir: d, pos: pos})
			}
			if a, ok := aliasOf(deps[k]); ok {
				m.deps = append(m.deps, dep{id: a, pos: pos, alias: true})
			}
		}
	}
	return m, nil
}

// localDir is the repository-relative directory a local-path spec names,
// relative to the depending package's directory dir: "file:../b",
// "link:../b" (pnpm), or a bare "../b" or "./b" (npm reads these as
// file:). npm links such a dependency to that directory whatever the
// dependency's name (npm 11.19.1 writes `node_modules/bee: {resolved: "b",
// link: true}` for `"bee": "file:../b"`), so it is an edge to the
// workspace package there. An absolute or home path, or one leaving the
// repository, names none of its packages. pnpm's "workspace:../d"
// names the workspace package in that directory (pnpm 9.15.9 locks it as
// link:../d).
func localDir(dir, spec string) (string, bool) {
	switch {
	case strings.HasPrefix(spec, "file:"):
		spec = spec[len("file:"):]
	case strings.HasPrefix(spec, "link:"):
		spec = spec[len("link:"):]
	case strings.HasPrefix(spec, "workspace:./"), strings.HasPrefix(spec, "workspace:../"):
		spec = spec[len("workspace:"):]
	case strings.HasPrefix(spec, "./"), strings.HasPrefix(spec, "../"):
	default:
		return "", false
	}
	if spec == "" || strings.HasPrefix(spec, "/") || strings.HasPrefix(spec, "~") {
		return "", false
	}
	d := join(dir, spec)
	return d, inside(d)
}

// aliasOf is the package an alias names, installed under the
// dependency's own name: pnpm's "workspace:b@*" or "workspace:@s/b@^"
// (pnpm 9.15.9 locks the dependency as link: to b's directory), or
// "npm:b@^1" or "npm:@s/b" (npm, yarn and pnpm; yarn 4.18.1 links a
// workspace package so named: its lockfile resolves "bee":
// "npm:@acme/b@*" to @acme/b@workspace:packages/b).
func aliasOf(spec string) (string, bool) {
	if rest, ok := strings.CutPrefix(spec, "npm:"); ok {
		if i := strings.LastIndex(rest, "@"); i > 0 {
			return rest[:i], true
		}
		return rest, rest != ""
	}
	rest, ok := strings.CutPrefix(spec, "workspace:")
	if !ok {
		return "", false
	}
	i := strings.LastIndex(rest, "@")
	if i <= 0 {
		return "", false
	}
	return rest[:i], true
}

// yarnWorkspaceDir is the directory a yarn berry "workspace:PATH" spec
// may name, relative to the repository's root ("cee":
// "workspace:packages/c"; yarn 4.18.1 finds no workspace for
// "workspace:../c" from a package's own directory, which is pnpm's
// form, localDir). A range ("workspace:^", "workspace:^1.2.0") names no
// workspace directory, and is dropped with the other directories that
// are none.
func yarnWorkspaceDir(spec string) (string, bool) {
	rest, ok := strings.CutPrefix(spec, "workspace:")
	if !ok || rest == "" || strings.HasPrefix(rest, "./") || strings.HasPrefix(rest, "../") ||
		strings.ContainsAny(rest[:1], "/*^~<>=0123456789") {
		return "", false // absolute, pnpm's ./ and ../ (localDir), or a range
	}
	d := join(".", rest)
	return d, inside(d)
}

// jsonError positions a JSON syntax error.
func jsonError(name string, data []byte, err error) error {
	if se, ok := err.(*json.SyntaxError); ok {
		off := int(se.Offset)
		if off > len(data) {
			off = len(data)
		}
		line := 1 + strings.Count(string(data[:off]), "\n")
		col := off - strings.LastIndex(string(data[:off]), "\n")
		return &Error{File: name, Line: line, Col: col, Err: err}
	}
	if te, ok := err.(*json.UnmarshalTypeError); ok {
		off := int(te.Offset)
		if off > len(data) {
			off = len(data)
		}
		return &Error{File: name, Line: 1 + strings.Count(string(data[:off]), "\n"), Err: fmt.Errorf("%s: want %s, got %s", te.Field, te.Type, te.Value)}
	}
	return &Error{File: name, Err: err}
}

// yamlLine pulls "line N" out of a yaml.v3 error.
func yamlLine(err error) int {
	var line int
	msg := err.Error()
	if i := strings.Index(msg, "line "); i >= 0 {
		fmt.Sscanf(msg[i+5:], "%d", &line)
	}
	return line
}
