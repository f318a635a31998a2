package wildmatch

import "strings"

// Flags select wildmatch's behaviour, as git's WM_* flags do.
type Flags uint8

const (
	// Pathname is WM_PATHNAME: "*", "?" and "[...]" do not match "/", and
	// "**" matches across "/" only as a whole segment ("a/**/b", "**/x").
	Pathname Flags = 1 << iota
	// CaseFold is WM_CASEFOLD: ASCII letters match either case.
	CaseFold
)

// Results of one match step, as in git's dowild.
const (
	match       = 0
	noMatch     = 1
	abortAll    = -1 // nothing later in the text can match: stop every "*"
	abortToStar = -2 // only a "**" may retry: stop every "*"
)

// memoAfter is how many recursive steps run before results are memoised.
// Git's pruning keeps ordinary patterns linear; the memo only bounds the
// work on hostile ones, and, dowild being a pure function of the two
// positions, it cannot change a result.
const memoAfter = 256

// Match reports whether text matches pattern under git's wildmatch rules.
// Like git's C strings, each ends at its first NUL byte.
func Match(pattern, text string, flags Flags) bool {
	if i := strings.IndexByte(pattern, 0); i >= 0 {
		pattern = pattern[:i]
	}
	if i := strings.IndexByte(text, 0); i >= 0 {
		text = text[:i]
	}
	m := matcher{p: pattern, t: text, flags: flags}
	return m.dowild(0, 0) == match
}

type matcher struct {
	p, t  string
	flags Flags
	steps int
	memo  map[int]int8
}

// at is s[i], or 0 past the end (git's terminating NUL).
func at(s string, i int) byte {
	if i < len(s) {
		return s[i]
	}
	return 0
}

func (m *matcher) fold(c byte) byte {
	if m.flags&CaseFold != 0 && 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// sub is a recursive dowild call, memoised once the budget is spent.
func (m *matcher) sub(pi, ti int) int {
	m.steps++
	if m.steps < memoAfter {
		return m.dowild(pi, ti)
	}
	if m.memo == nil {
		m.memo = make(map[int]int8)
	}
	key := pi*(len(m.t)+1) + ti
	if r, ok := m.memo[key]; ok {
		return int(r)
	}
	r := m.dowild(pi, ti)
	m.memo[key] = int8(r)
	return r
}

func isGlobSpecial(c byte) bool { return c == '*' || c == '?' || c == '[' || c == '\\' }

// dowild is git's dowild (wildmatch.c) over positions in m.p and m.t.
func (m *matcher) dowild(pi, ti int) int {
	p, t := m.p, m.t
	pathname := m.flags&Pathname != 0
	for ; pi < len(p); pi, ti = pi+1, ti+1 {
		pc := p[pi]
		tc := at(t, ti)
		if tc == 0 && pc != '*' {
			return abortAll
		}
		tc = m.fold(tc)
		pc = m.fold(pc)
		switch pc {
		case '\\':
			// A literal match with the next byte (not case-folded, as in
			// git); a final "\" matches nothing.
			pi++
			if at(p, pi) != tc {
				return noMatch
			}
			continue
		case '?':
			if pathname && tc == '/' {
				return noMatch
			}
			continue
		case '*':
			r, next, done := m.star(pi, ti)
			if done {
				return r
			}
			pi, ti = next, r // "*/": resume at the slash
			continue
		case '[':
			r, end := m.class(pi, tc)
			if r != match {
				return r
			}
			pi = end
			continue
		default:
			if tc != pc {
				return noMatch
			}
			continue
		}
	}
	if ti < len(t) {
		return noMatch
	}
	return match
}

// star matches the run of "*" at pi. When done is false the run was a
// single "*" before "/" that skipped to the next slash: the match goes on
// with the pattern's "/" at next and the text's at the returned result.
func (m *matcher) star(pi, ti int) (result, next int, done bool) {
	p, t := m.p, m.t
	matchSlash := m.flags&Pathname == 0
	pi++
	if at(p, pi) == '*' {
		prev := pi - 2
		for pi++; at(p, pi) == '*'; pi++ {
		}
		switch {
		case m.flags&Pathname == 0:
			matchSlash = true
		case (prev < 0 || p[prev] == '/') &&
			(pi == len(p) || p[pi] == '/' || (p[pi] == '\\' && at(p, pi+1) == '/')):
			// "**/" may match no directory at all: try the rest here.
			if at(p, pi) == '/' && m.sub(pi+1, ti) == match {
				return match, 0, true
			}
			matchSlash = true
		default:
			matchSlash = false
		}
	}
	if pi == len(p) {
		// A trailing "**" matches everything, a trailing "*" the rest of
		// this segment only.
		if !matchSlash && strings.IndexByte(t[ti:], '/') >= 0 {
			return noMatch, 0, true
		}
		return match, 0, true
	}
	if !matchSlash && p[pi] == '/' {
		slash := strings.IndexByte(t[ti:], '/')
		if slash < 0 {
			return noMatch, 0, true
		}
		return ti + slash, pi, false
	}
	tc := at(t, ti)
	for tc != 0 {
		if !isGlobSpecial(p[pi]) {
			// Skip ahead to the next byte that can start the rest.
			pc := m.fold(p[pi])
			for ; ti < len(t); ti++ {
				tc = m.fold(t[ti])
				if tc == pc || (!matchSlash && tc == '/') {
					break
				}
			}
			if ti == len(t) || tc != pc {
				return noMatch, 0, true
			}
		}
		if r := m.sub(pi, ti); r != noMatch {
			if !matchSlash || r != abortToStar {
				return r, 0, true
			}
		} else if !matchSlash && tc == '/' {
			return abortToStar, 0, true
		}
		ti++
		tc = m.fold(at(t, ti))
	}
	return abortAll, 0, true
}

// class matches tc against the bracket expression at pi. It returns
// match and the position of the closing "]", or noMatch or abortAll.
func (m *matcher) class(pi int, tc byte) (result, end int) {
	p := m.p
	pi++
	pc := at(p, pi)
	if pc == '^' {
		pc = '!'
	}
	negated := pc == '!'
	if negated {
		pi++
		pc = at(p, pi)
	}
	var prev byte
	matched := false
	for {
		switch {
		case pc == 0:
			return abortAll, 0
		case pc == '\\':
			pi++
			if pc = at(p, pi); pc == 0 {
				return abortAll, 0
			}
			if tc == pc {
				matched = true
			}
		case pc == '-' && prev != 0 && at(p, pi+1) != 0 && p[pi+1] != ']':
			pi++
			pc = p[pi]
			if pc == '\\' {
				pi++
				if pc = at(p, pi); pc == 0 {
					return abortAll, 0
				}
			}
			if prev <= tc && tc <= pc {
				matched = true
			} else if m.flags&CaseFold != 0 && 'a' <= tc && tc <= 'z' {
				if up := tc - 'a' + 'A'; prev <= up && up <= pc {
					matched = true
				}
			}
			pc = 0 // a range is never the start of another
		case pc == '[' && at(p, pi+1) == ':':
			s := pi + 2
			e := s
			for e < len(p) && p[e] != ']' {
				e++
			}
			if e == len(p) {
				return abortAll, 0
			}
			if e-s-1 < 0 || p[e-1] != ':' {
				// No ":]": the "[" is an ordinary member.
				if tc == '[' {
					matched = true
				}
				pc = '['
				break
			}
			in, ok := posixClass(p[s:e-1], tc, m.flags&CaseFold != 0)
			if !ok {
				return abortAll, 0 // an unknown class name
			}
			if in {
				matched = true
			}
			pi = e
			pc = 0
		default:
			if tc == pc {
				matched = true
			}
		}
		prev = pc
		pi++
		if pc = at(p, pi); pc == ']' {
			break
		}
	}
	if matched == negated || (m.flags&Pathname != 0 && tc == '/') {
		return noMatch, 0
	}
	return match, pi
}

// posixClass reports whether c is in the class "[:name:]", with git's
// locale-independent ASCII ctype; ok is false for an unknown name.
func posixClass(name string, c byte, fold bool) (in, ok bool) {
	lower := 'a' <= c && c <= 'z'
	upper := 'A' <= c && c <= 'Z'
	digit := '0' <= c && c <= '9'
	switch name {
	case "alnum":
		return lower || upper || digit, true
	case "alpha":
		return lower || upper, true
	case "blank":
		return c == ' ' || c == '\t', true
	case "cntrl":
		return c < 0x20 || c == 0x7f, true
	case "digit":
		return digit, true
	case "graph":
		return 0x21 <= c && c <= 0x7e, true
	case "lower":
		return lower, true
	case "print":
		return 0x20 <= c && c <= 0x7e, true
	case "punct":
		return 0x21 <= c && c <= 0x7e && !lower && !upper && !digit, true
	case "space":
		return c == ' ' || c == '\t' || c == '\n' || c == '\r', true
	case "upper":
		return upper || (fold && lower), true
	case "xdigit":
		return digit || ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F'), true
	}
	return false, false
}
