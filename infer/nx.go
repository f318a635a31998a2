package infer

import (
	"path"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
)

// nxConfig is the part of package.json's "nx" field (Nx's project
// configuration, kept in the package's own manifest) that inference reads.
type nxConfig struct {
	Name                 string   `json:"name"`
	Tags                 []string `json:"tags"`
	ImplicitDependencies []string `json:"implicitDependencies"`
}

// nxProject is a workspace package as Nx names and tags it.
type nxProject struct {
	name     string   // nx.name, else the package name, else the directory's name in lower case
	tags     []string // npm:private or npm:public, npm:KEYWORD for each keyword, then nx.tags
	implicit []nxPattern
}

// nxPattern is one implicitDependencies entry and its position.
type nxPattern struct {
	text string
	pos  Pos
}

// newNXProject reads the Nx view of one package.json.
func newNXProject(p *packageJSON, data []byte, manifest string) *nxProject {
	np := &nxProject{name: p.Name, tags: []string{"npm:public"}}
	if np.name == "" { // Nx's toProjectName
		np.name = strings.ToLower(path.Base(path.Dir(manifest)))
	}
	if p.Private {
		np.tags[0] = "npm:private"
	}
	for _, k := range p.Keywords {
		np.tags = append(np.tags, "npm:"+k)
	}
	if p.Nx == nil {
		return np
	}
	if p.Nx.Name != "" {
		np.name = p.Nx.Name
	}
	np.tags = append(np.tags, p.Nx.Tags...)
	at := strings.Index(string(data), `"implicitDependencies"`)
	for _, s := range p.Nx.ImplicitDependencies {
		np.implicit = append(np.implicit, nxPattern{text: s, pos: Pos{File: manifest, Line: lineOf(data, `"`+s+`"`, at)}})
	}
	return np
}

// nxImplicitEdges adds the edges of Nx's implicitDependencies in the
// packages' nx fields: every workspace package a positive entry matches,
// by Nx's rules (findMatchingProjects: "*", a project name, a glob over
// the names, "tag:", "name:" and "directory:" patterns, an unlabelled
// pattern as a name and else as a directory, "!" entries excluding what
// they match), except the package itself. A package that is not a
// workspace package (a project.json project, the root when no pattern
// names it) is not a service, so an entry naming it adds nothing.
//
// Nx also lets a "!name" entry remove an edge the package.json
// dependencies make; gatesel keeps that edge (fail safe: the dependency
// is declared, and the package's tests may well use it).
func nxImplicitEdges(ms []*member) {
	for _, m := range ms {
		if m.nx == nil || len(m.nx.implicit) == 0 {
			continue
		}
		matched := map[int]Pos{}
		var order []int
		pats := m.nx.implicit
		if strings.HasPrefix(pats[0].text, "!") {
			pats = append([]nxPattern{{text: "*", pos: pats[0].pos}}, pats...)
		}
		hasPositive := false
		for _, p := range m.nx.implicit {
			hasPositive = hasPositive || !strings.HasPrefix(p.text, "!")
		}
		if !hasPositive {
			continue // Nx: only negations remove edges, they add none
		}
		for _, p := range pats {
			text, exclude := strings.CutPrefix(p.text, "!")
			for _, j := range nxMatch(text, ms) {
				if exclude {
					delete(matched, j)
					continue
				}
				if _, ok := matched[j]; !ok {
					matched[j] = p.pos
					order = append(order, j)
				}
			}
		}
		for _, j := range order {
			if pos, ok := matched[j]; ok && ms[j] != m {
				m.deps = append(m.deps, dep{id: ms[j].id, pos: pos})
				delete(matched, j)
			}
		}
	}
}

// nxMatch returns the indexes of the packages one pattern matches, as
// Nx's findMatchingProjects does for a single pattern.
func nxMatch(pattern string, ms []*member) []int {
	if pattern == "" || strings.HasPrefix(pattern, "nx-cloud:") {
		return nil
	}
	if pattern == "*" {
		all := make([]int, len(ms))
		for i := range ms {
			all[i] = i
		}
		return all
	}
	if i := nxByName(pattern, ms); i >= 0 {
		return []int{i} // a project's name, whatever the colons in it
	}
	kind, value := "unlabeled", pattern
	if k, v, ok := strings.Cut(pattern, ":"); ok && (k == "name" || k == "tag" || k == "directory" || k == "unlabeled") {
		kind, value = k, v
	}
	switch kind {
	case "tag":
		return nxFilter(ms, func(m *member) bool {
			for _, t := range m.nx.tags {
				if t == value || (isNXGlob(value) && globMatch(value, t)) {
					return true
				}
			}
			return false
		})
	case "directory":
		return nxFilter(ms, func(m *member) bool { return globMatch(value, m.dir) })
	case "name":
		return nxNames(value, ms)
	}
	if got := nxNames(value, ms); len(got) > 0 {
		return got
	}
	return nxFilter(ms, func(m *member) bool { return globMatch(value, m.dir) })
}

// nxNames matches a name pattern: the project of that name, else (no
// glob character) every name holding the value as a whole word (Nx's
// case-insensitive /(?<![@a-zA-Z0-9-])VALUE(?![@a-zA-Z0-9-])/, here with
// VALUE literal), else a glob over the names.
func nxNames(value string, ms []*member) []int {
	if i := nxByName(value, ms); i >= 0 {
		return []int{i}
	}
	if !isNXGlob(value) {
		return nxFilter(ms, func(m *member) bool { return hasWord(m.nx.name, value) })
	}
	return nxFilter(ms, func(m *member) bool { return globMatch(value, m.nx.name) })
}

func nxByName(name string, ms []*member) int {
	for i, m := range ms {
		if m.nx.name == name {
			return i
		}
	}
	return -1
}

func nxFilter(ms []*member, keep func(*member) bool) []int {
	var out []int
	for i, m := range ms {
		if keep(m) {
			out = append(out, i)
		}
	}
	return out
}

// isNXGlob is Nx's isGlobPattern: any of * | { } ( ) [.
func isNXGlob(s string) bool { return strings.ContainsAny(s, "*|{}()[") }

// globMatch is minimatch's match with dot: true, as doublestar's (an
// invalid pattern matches nothing; Nx stops with an error there).
func globMatch(pattern, s string) bool {
	if pattern == s {
		return true
	}
	ok, err := doublestar.Match(pattern, s)
	return ok && err == nil
}

// hasWord reports whether s holds word, case-insensitively, with no
// letter, digit, '@' or '-' just before or after it.
func hasWord(s, word string) bool {
	if word == "" {
		return false
	}
	ls, lw := strings.ToLower(s), strings.ToLower(word)
	for i := 0; i+len(lw) <= len(ls); i++ {
		if ls[i:i+len(lw)] != lw {
			continue
		}
		if (i == 0 || !wordByte(ls[i-1])) && (i+len(lw) == len(ls) || !wordByte(ls[i+len(lw)])) {
			return true
		}
	}
	return false
}

func wordByte(c byte) bool {
	return c == '@' || c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z'
}
