package ignore

import "strings"

// Matcher decides whether a path is ignored by a stack of pattern lists,
// from the lowest precedence to the highest: the user's excludes file,
// info/exclude, then the .gitignore files from the root down to the
// path's directory. The zero value ignores nothing.
type Matcher struct {
	lists [][]Pattern
}

// New returns a Matcher over the lists, lowest precedence first.
func New(lists ...[]Pattern) *Matcher {
	m := &Matcher{}
	for _, l := range lists {
		m = m.With(l)
	}
	return m
}

// With returns a Matcher that adds the list (a deeper .gitignore) on top;
// m is unchanged. An empty list returns m itself.
func (m *Matcher) With(list []Pattern) *Matcher {
	if len(list) == 0 {
		return m
	}
	lists := append(m.lists[:len(m.lists):len(m.lists)], list)
	return &Matcher{lists: lists}
}

// Match returns the pattern that decides path (relative to the root, no
// trailing slash), or nil when none matches. isDir says whether the path
// is a directory. The caller applies the rule for an ignored parent
// directory (see the package doc).
func (m *Matcher) Match(path string, isDir bool) *Pattern {
	base := strings.LastIndexByte(path, '/') + 1
	for i := len(m.lists) - 1; i >= 0; i-- {
		l := m.lists[i]
		for j := len(l) - 1; j >= 0; j-- {
			if l[j].matches(path, base, isDir) {
				return &l[j]
			}
		}
	}
	return nil
}

// Ignored reports whether the patterns ignore path.
func (m *Matcher) Ignored(path string, isDir bool) bool {
	p := m.Match(path, isDir)
	return p != nil && !p.Negative
}
