package infer

import (
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// cargoManifest is the part of Cargo.toml inference reads; dependency
// tables stay generic (a version string or a table).
type cargoManifest struct {
	Package *struct {
		Name string `toml:"name"`
	} `toml:"package"`
	Workspace *struct {
		Members      []string       `toml:"members"`
		Exclude      []string       `toml:"exclude"`
		Dependencies map[string]any `toml:"dependencies"`
	} `toml:"workspace"`
	Dependencies      map[string]any `toml:"dependencies"`
	DevDependencies   map[string]any `toml:"dev-dependencies"`
	BuildDependencies map[string]any `toml:"build-dependencies"`
	// the underscore spellings cargo still reads before edition 2024
	DevUnderscore   map[string]any `toml:"dev_dependencies"`
	BuildUnderscore map[string]any `toml:"build_dependencies"`
	Target          map[string]struct {
		Dependencies      map[string]any `toml:"dependencies"`
		DevDependencies   map[string]any `toml:"dev-dependencies"`
		BuildDependencies map[string]any `toml:"build-dependencies"`
		DevUnderscore     map[string]any `toml:"dev_dependencies"`
		BuildUnderscore   map[string]any `toml:"build_dependencies"`
	} `toml:"target"`
	Patch map[string]any `toml:"patch"`
}

// inferCargo reads the Cargo workspace of the root Cargo.toml: its
// [workspace] members (globs) less exclude, the root package when it has a
// [package], and, as cargo does, every path dependency of a member that
// lies inside the workspace. A dependency with a path that is a member, or
// with workspace = true whose [workspace.dependencies] entry has such a
// path, is an edge (dependencies, dev-, build- and target-specific ones).
// A root Cargo.toml with a [package] and no [workspace] is one crate.
func inferCargo(r *reader) ([]*member, string, error) {
	if !r.exists("Cargo.toml") {
		return nil, "", nil
	}
	root, err := readCargo(r, "Cargo.toml")
	if err != nil {
		return nil, "", err
	}
	var dirs []string
	var isExcluded func(string) bool
	if root.Workspace != nil {
		ws := root.Workspace
		isExcluded = func(d string) bool { return cargoExcluded(d, ws.Members, ws.Exclude) }
		if dirs, err = expandMembers(r, ".", "Cargo.toml", ws.Members, nil, true); err != nil {
			return nil, "", errorf("Cargo.toml", 0, "expand members: %v", err)
		}
		dirs = slices.DeleteFunc(dirs, isExcluded)
		for _, m := range ws.Members {
			d := path.Clean(m)
			if !strings.ContainsAny(m, "*?[") && !slices.Contains(dirs, d) {
				return nil, "", errorf("Cargo.toml", lineOf(r.mustRead("Cargo.toml"), `"`+m+`"`, 0), "workspace member %s has no Cargo.toml", m)
			}
		}
	}
	if root.Package != nil && !slices.Contains(dirs, ".") {
		dirs = append(dirs, ".")
	}
	var ms []*member
	var errs []error
	seen := map[string]bool{}
	for len(dirs) > 0 {
		d := dirs[0]
		dirs = dirs[1:]
		if seen[d] {
			continue
		}
		seen[d] = true
		name := join(d, "Cargo.toml")
		c := root
		if d != "." {
			if c, err = readCargo(r, name); err != nil {
				errs = append(errs, err)
				continue
			}
		}
		if c.Package == nil || c.Package.Name == "" {
			if d != "." {
				errs = append(errs, errorf(name, 1, "workspace member has no [package] name"))
			}
			continue
		}
		m := &member{eco: Cargo, dir: d, manifest: name, id: c.Package.Name}
		data := r.mustRead(name)
		var lines []string // data's lines, trimmed, split at the first path dependency
		for _, tbl := range c.depTables() {
			keys := mapsKeys(tbl)
			slices.Sort(keys)
			for _, k := range keys {
				pth, ws := cargoDepFields(tbl[k])
				if ws && root.Workspace != nil {
					pth, _ = cargoDepFields(root.Workspace.Dependencies[k])
					if pth != "" {
						pth = path.Clean(pth) // relative to the root
					}
				} else if pth != "" {
					pth = path.Clean(path.Join(d, pth))
				}
				if pth == "" || !inside(pth) {
					continue
				}
				if lines == nil {
					lines = trimmedLines(data)
				}
				m.deps = append(m.deps, dep{dir: pth, pos: Pos{File: name, Line: cargoKeyLine(lines, data, k)}})
				if root.Workspace != nil && !isExcluded(pth) && r.exists(join(pth, "Cargo.toml")) {
					dirs = append(dirs, pth) // a path dependency inside the workspace is a member
				}
			}
		}
		ms = append(ms, m)
	}
	slices.SortFunc(ms, func(a, b *member) int { return strings.Compare(a.dir, b.dir) })
	return ms, "Cargo.toml", errors.Join(errs...)
}

// cargoExcluded is cargo's rule for a directory d found by a member glob
// or as a path dependency: it is not a member when it lies under an
// exclude entry and under no members entry, both taken as literal path
// prefixes (a glob entry matches only a directory of that very name). So
// an explicit member, and every path dependency below one, stays a member
// even inside an excluded directory.
func cargoExcluded(d string, members, exclude []string) bool {
	return underAny(d, exclude) && !underAny(d, members)
}

// underAny reports whether d is one of the prefixes, or below one.
func underAny(d string, prefixes []string) bool {
	for _, x := range prefixes {
		x = path.Clean(x)
		if x == "." || d == x || strings.HasPrefix(d, x+"/") {
			return true
		}
	}
	return false
}

// depTables lists every dependency table of the manifest.
func (c *cargoManifest) depTables() []map[string]any {
	out := []map[string]any{c.Dependencies, c.DevDependencies, c.BuildDependencies, c.DevUnderscore, c.BuildUnderscore}
	keys := mapsKeys(c.Target)
	slices.Sort(keys)
	for _, k := range keys {
		t := c.Target[k]
		out = append(out, t.Dependencies, t.DevDependencies, t.BuildDependencies, t.DevUnderscore, t.BuildUnderscore)
	}
	return out
}

// cargoDepFields reads path and workspace from a dependency entry. A
// renamed dependency (package = "...") is found by its path like any other,
// so the package key plays no part.
func cargoDepFields(v any) (pth string, workspace bool) {
	t, ok := v.(map[string]any)
	if !ok {
		return "", false
	}
	pth, _ = t["path"].(string)
	workspace, _ = t["workspace"].(bool)
	return pth, workspace
}

// readCargo reads and decodes one Cargo.toml.
func readCargo(r *reader, name string) (*cargoManifest, error) {
	data, err := r.readFile(name)
	if err != nil {
		return nil, errorf(name, 0, "read: %v", err)
	}
	var c cargoManifest
	if err := toml.Unmarshal(data, &c); err != nil {
		return nil, tomlError(name, err)
	}
	return &c, nil
}

// cargoKeyLine is the line of dependency key k in the manifest data
// (lines: trimmedLines(data)): the first line that starts with the key
// (bare or quoted) before a '=', '.' or space, or a table header ending in
// .k]; else lineOf's first occurrence.
func cargoKeyLine(lines []string, data []byte, k string) int {
	keys := [3]string{k, `"` + k + `"`, `'` + k + `'`}
	headers := [3]string{"." + keys[0] + "]", "." + keys[1] + "]", "." + keys[2] + "]"}
	for i, l := range lines {
		for j, key := range keys {
			if rest, ok := strings.CutPrefix(l, key); ok && rest != "" && strings.ContainsRune(" \t=.", rune(rest[0])) {
				return i + 1
			}
			if strings.HasPrefix(l, "[") && strings.HasSuffix(l, headers[j]) {
				return i + 1
			}
		}
	}
	return lineOf(data, k, 0)
}

// trimmedLines are data's lines, each without its surrounding space.
func trimmedLines(data []byte) []string {
	lines := strings.Split(string(data), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	return lines
}

// mustRead returns a file read before (for positions); nil when absent.
func (r *reader) mustRead(name string) []byte {
	data, _ := r.read(name)
	return data
}

// tomlError positions a go-toml error.
func tomlError(name string, err error) error {
	var de *toml.DecodeError
	if errors.As(err, &de) {
		row, col := de.Position()
		return &Error{File: name, Line: row, Col: col, Err: errors.New(de.Error())}
	}
	var se *toml.StrictMissingError
	if errors.As(err, &se) {
		return &Error{File: name, Err: err}
	}
	return &Error{File: name, Err: fmt.Errorf("%v", err)}
}
