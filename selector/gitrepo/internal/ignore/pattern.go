package ignore

import (
	"bytes"
	"strings"

	"github.com/gatesel/gatesel/internal/wildmatch"
)

// Pattern is one line of an ignore file, parsed as git's
// parse_path_pattern parses it.
type Pattern struct {
	Source string // the file it came from, for messages
	Line   int    // its line in that file, from 1
	Text   string // the line as git keeps it: trailing spaces trimmed

	// Negative is a "!" pattern: a path it matches is not ignored.
	Negative bool
	// DirOnly is a pattern with a trailing "/": it matches directories only.
	DirOnly bool

	base     string // the directory of the file: "" or "dir/sub/"
	pattern  string // without "!" and the trailing "/"
	nowild   int    // length of the leading part without "*?[\"
	noDir    bool   // no "/" in pattern: matched against the basename
	endsWith bool   // "*literal": a suffix compare
}

// Parse reads an ignore file whose directory is base ("" for the root,
// for info/exclude and the user's file; otherwise "dir/sub/", with the
// trailing slash). name is only for the patterns' Source. Blank lines
// and lines starting with "#" are skipped; a leading UTF-8 BOM and a
// "\r" before each newline are dropped; a line ends at a NUL byte as it
// does in git's C strings.
func Parse(name string, data []byte, base string) []Pattern {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var out []Pattern
	for lineNo := 1; len(data) > 0; lineNo++ {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		line = bytes.TrimSuffix(line, []byte("\r"))
		if i := bytes.IndexByte(line, 0); i >= 0 {
			line = line[:i]
		}
		p, ok := compile(trimTrailingSpaces(string(line)), base)
		if !ok {
			continue
		}
		p.Source, p.Line = name, lineNo
		out = append(out, p)
	}
	return out
}

// trimTrailingSpaces drops trailing spaces unless escaped with "\", as
// git's trim_trailing_spaces does (tabs are kept).
func trimTrailingSpaces(s string) string {
	lastSpace := -1
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ':
			if lastSpace < 0 {
				lastSpace = i
			}
			continue
		case '\\':
			i++
			if i == len(s) {
				return s
			}
		}
		lastSpace = -1
	}
	if lastSpace >= 0 {
		return s[:lastSpace]
	}
	return s
}

// compile is git's parse_path_pattern; ok is false for a pattern that
// can match nothing (an empty one).
func compile(text, base string) (Pattern, bool) {
	p := Pattern{Text: text, base: base}
	s := text
	if strings.HasPrefix(s, "!") {
		p.Negative = true
		s = s[1:]
	}
	full := s
	if strings.HasSuffix(s, "/") {
		p.DirOnly = true
		s = s[:len(s)-1]
	}
	if s == "" {
		return p, false
	}
	p.pattern = s
	p.noDir = !strings.Contains(s, "/")
	p.nowild = min(simpleLength(full), len(s))
	p.endsWith = full[0] == '*' && simpleLength(full[1:]) == len(full)-1
	return p, true
}

// simpleLength is the length of the leading part of s without a glob
// special character ("*?[\").
func simpleLength(s string) int {
	if i := strings.IndexAny(s, `*?[\`); i >= 0 {
		return i
	}
	return len(s)
}

// matches reports whether the pattern matches path (relative to the
// repository root, no trailing slash), whose last segment starts at
// basename; isDir says whether the path is a directory.
func (p *Pattern) matches(path string, basename int, isDir bool) bool {
	if p.DirOnly && !isDir {
		return false
	}
	if p.noDir {
		return p.matchBasename(path[basename:])
	}
	return p.matchPathname(path)
}

// matchBasename is git's match_basename.
func (p *Pattern) matchBasename(name string) bool {
	switch {
	case p.nowild == len(p.pattern):
		return p.pattern == name
	case p.endsWith:
		return strings.HasSuffix(name, p.pattern[1:])
	}
	return wildmatch.Match(p.pattern, name, 0)
}

// matchPathname is git's match_pathname: the pattern is anchored at its
// file's directory, its literal prefix compared as a string and the rest
// wildmatched with WM_PATHNAME.
func (p *Pattern) matchPathname(path string) bool {
	pat, prefix := p.pattern, p.nowild
	if pat[0] == '/' {
		pat, prefix = pat[1:], prefix-1
	}
	baselen := 0
	if p.base != "" {
		baselen = len(p.base) - 1
	}
	if len(path) < baselen+1 || (baselen > 0 && path[baselen] != '/') || path[:baselen] != p.base[:baselen] {
		return false
	}
	name := path
	if baselen > 0 {
		name = path[baselen+1:]
	}
	if prefix > 0 {
		if prefix > len(name) || pat[:prefix] != name[:prefix] {
			return false
		}
		pat, name = pat[prefix:], name[prefix:]
		if pat == "" && name == "" {
			return true
		}
	}
	return wildmatch.Match(pat, name, wildmatch.Pathname)
}
