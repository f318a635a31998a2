package ownership

import (
	"strings"

	gitwild "github.com/gatesel/gatesel/internal/wildmatch"
)

// segKind says how one segment of a compiled pattern matches one path segment.
type segKind uint8

const (
	segLiteral segKind = iota // text equals the path segment
	segGlob                   // text is a glob over one segment: * ? \x (and [..] for GitLab)
	segAny                    // "**": zero or more whole path segments
	segDeep                   // GitHub: the rest of a pattern matched across "/" (see compileGitignore)
)

type segment struct {
	kind segKind
	text string // literal text unescaped; glob text as written
	star int    // segDeep: offset of the "**" that git treats as a whole segment
}

// pattern is a compiled CODEOWNERS pattern: a list of segments matched
// against the path's segments from the root, then a rule for what may follow.
//
//   - exact: the path must end where the pattern ends;
//   - otherwise at least minTail more segments may follow: 0 for a pattern
//     that also owns everything below the directory it names (GitHub's
//     gitignore semantics), 1 for a directory-only pattern ("docs/").
type pattern struct {
	segs    []segment
	exact   bool
	minTail int
}

// match reports whether the pattern matches the path split into segments.
func (p *pattern) match(path []string) bool {
	return p.matchSegs(p.segs, path)
}

// matchSegs matches pattern segments against path segments. Every segment
// but "**" (and a final segDeep) takes exactly one path segment, so the
// classic wildcard scan that backtracks only to the latest "**" is exact,
// and it runs in O(len(ps) * len(path)) on any input.
func (p *pattern) matchSegs(ps []segment, path []string) bool {
	pi, ti := 0, 0
	starP, starT := -1, -1
	for {
		if pi < len(ps) {
			switch s := ps[pi]; {
			case s.kind == segAny:
				starP, starT = pi+1, ti
				pi++
				continue
			case s.kind == segDeep:
				if p.matchDeep(s, path[ti:]) {
					return true
				}
			case ti < len(path) && s.matches(path[ti]):
				pi++
				ti++
				continue
			}
		} else if rest := len(path) - ti; p.exact && rest == 0 || !p.exact && rest >= p.minTail {
			return true
		}
		if starP < 0 || starT >= len(path) {
			return false
		}
		starT++
		pi, ti = starP, starT
	}
}

// matchDeep matches the rest of a pattern against the leading segments of
// path joined with "/", then applies the tail rule to what follows.
func (p *pattern) matchDeep(s segment, path []string) bool {
	joined := strings.Join(path, "/")
	end := 0
	for j := 1; j <= len(path); j++ {
		end += len(path[j-1])
		if j > 1 {
			end++
		}
		rest := len(path) - j
		if p.exact && rest != 0 || !p.exact && rest < p.minTail {
			continue
		}
		if wildmatch(s.text, joined[:end], s.star) {
			return true
		}
	}
	return false
}

// wildmatch matches text as git's match_pathname does for a pattern whose
// literal prefix (up to the first "*?[\\") ends at offset star: the prefix
// as a string, the rest with git's wildmatch under WM_PATHNAME, so a "**"
// that starts at star counts as a whole segment.
func wildmatch(glob, text string, star int) bool {
	return strings.HasPrefix(text, glob[:star]) && gitwild.Match(glob[star:], text[star:], gitwild.Pathname)
}

func (s segment) matches(name string) bool {
	if s.kind == segLiteral {
		return s.text == name
	}
	return globMatch(s.text, name)
}

// globMatch matches one path segment against a glob: "*" any run of bytes,
// "?" one byte, "\x" the byte x, "[...]" a byte class (with "!" or "^" to
// negate and "a-z" ranges). An unterminated class matches a literal "[".
func globMatch(glob, name string) bool {
	gi, ni := 0, 0
	starG, starN := -1, -1 // where to resume after the last "*"
	for ni < len(name) || gi < len(glob) {
		if gi < len(glob) {
			switch c := glob[gi]; c {
			case '*':
				for gi < len(glob) && glob[gi] == '*' {
					gi++
				}
				starG, starN = gi, ni
				continue
			case '?':
				if ni < len(name) {
					gi++
					ni++
					continue
				}
			case '[':
				if ni < len(name) {
					if ok, width, valid := matchClass(glob[gi:], name[ni]); valid {
						if ok {
							gi += width
							ni++
							continue
						}
						break
					}
				}
				if ni < len(name) && name[ni] == '[' {
					gi++
					ni++
					continue
				}
			case '\\':
				if gi+1 < len(glob) {
					if ni < len(name) && name[ni] == glob[gi+1] {
						gi += 2
						ni++
						continue
					}
					break
				}
				if ni < len(name) && name[ni] == '\\' {
					gi++
					ni++
					continue
				}
			default:
				if ni < len(name) && name[ni] == c {
					gi++
					ni++
					continue
				}
			}
		}
		if starG >= 0 && starN < len(name) {
			starN++
			gi, ni = starG, starN
			continue
		}
		return false
	}
	return true
}

// matchClass matches byte c against the class at the start of glob ("[...]").
// It returns whether c matched, the width of the class, and whether the
// class is well formed.
func matchClass(glob string, c byte) (matched bool, width int, valid bool) {
	i := 1
	negate := false
	if i < len(glob) && (glob[i] == '!' || glob[i] == '^') {
		negate = true
		i++
	}
	first := true
	for i < len(glob) {
		if glob[i] == ']' && !first {
			return matched != negate, i + 1, true
		}
		first = false
		lo := glob[i]
		if lo == '\\' && i+1 < len(glob) {
			i++
			lo = glob[i]
		}
		hi := lo
		if i+2 < len(glob) && glob[i+1] == '-' && glob[i+2] != ']' {
			hi = glob[i+2]
			if hi == '\\' && i+3 < len(glob) {
				i++
				hi = glob[i+2]
			}
			i += 2
		}
		if lo <= c && c <= hi {
			matched = true
		}
		i++
	}
	return false, 0, false
}

// unescape removes glob escapes from a segment without metacharacters other
// than backslash escapes; ok is false when s has unescaped metacharacters.
func unescape(s string) (lit string, ok bool) {
	if !strings.ContainsAny(s, `*?[`) && !strings.Contains(s, `\`) {
		return s, true
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '*', '?', '[':
			return "", false
		case '\\':
			if i+1 < len(s) {
				i++
			}
		}
		b.WriteByte(s[i])
	}
	return b.String(), true
}

// compileSegments turns the slash-separated parts of a pattern into
// segments. A part that is exactly "**" becomes segAny when anyDir is true;
// any other run of stars matches like one "*".
func compileSegments(parts []string, anyDir bool) []segment {
	segs := make([]segment, 0, len(parts))
	for _, part := range parts {
		switch {
		case part == "**" && anyDir:
			if n := len(segs); n > 0 && segs[n-1].kind == segAny {
				continue // "**/**" is one "**"
			}
			segs = append(segs, segment{kind: segAny})
		default:
			if lit, ok := unescape(part); ok {
				segs = append(segs, segment{kind: segLiteral, text: lit})
			} else {
				segs = append(segs, segment{kind: segGlob, text: part})
			}
		}
	}
	return segs
}

// splitPath splits a repository-relative path into its segments, appending
// to buf. Empty segments (from "//" or a leading or trailing slash) are dropped.
func splitPath(buf []string, path string) []string {
	for len(path) > 0 {
		i := strings.IndexByte(path, '/')
		if i < 0 {
			buf = append(buf, path)
			break
		}
		if i > 0 {
			buf = append(buf, path[:i])
		}
		path = path[i+1:]
	}
	return buf
}
