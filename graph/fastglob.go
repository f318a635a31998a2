package graph

import (
	"strings"

	"github.com/bmatcuk/doublestar/v4"
)

// fastGlob matches a glob of one of three common shapes by comparing
// strings, where doublestar walks the pattern rune by rune (the shapes of
// nearly every glob of a monorepo policy: "services/billing/**",
// "**/testdata/**", "**/*_test.go"). TestFastGlobAgrees and FuzzFastGlob
// compare it with doublestar.
type fastGlob struct {
	shape fastShape
	a, b  string
}

type fastShape uint8

const (
	shapeNone  fastShape = iota // doublestar
	shapeUnder                  // DIR/**: DIR and every path under it (a = "DIR/")
	shapeDir                    // **/NAME/**: every path with a segment NAME (a = NAME)
	shapeName                   // **/P*S: a last segment of P, anything, S (a = P, b = S)
	shapeExact                  // **/NAME: a last segment NAME (a = NAME)
)

// compileFast tells the shape of a glob. Its literal parts must match only
// their own bytes: no wildcard, class, brace or escape anywhere, valid
// UTF-8 without U+FFFD (cleanLiteral: doublestar reads a byte that is not
// UTF-8 as U+FFFD).
func compileFast(pattern string) fastGlob {
	if strings.ContainsAny(pattern, `?[]{}\`) || !cleanLiteral(pattern) {
		return fastGlob{}
	}
	lit := func(s string) bool { return s != "" && !strings.ContainsAny(s, "*/") }
	if dir, ok := strings.CutSuffix(pattern, "/**"); ok {
		if name, ok := strings.CutPrefix(dir, "**/"); ok {
			if lit(name) {
				return fastGlob{shape: shapeDir, a: name}
			}
			return fastGlob{}
		}
		if dir != "" && !strings.Contains(dir, "*") {
			return fastGlob{shape: shapeUnder, a: pattern[:len(dir)+1]} // "DIR/"
		}
		return fastGlob{}
	}
	if last, ok := strings.CutPrefix(pattern, "**/"); ok {
		if lit(last) {
			return fastGlob{shape: shapeExact, a: last}
		}
		p, s, ok := strings.Cut(last, "*")
		if ok && !strings.ContainsAny(p, "*/") && !strings.ContainsAny(s, "*/") {
			return fastGlob{shape: shapeName, a: p, b: s}
		}
	}
	return fastGlob{}
}

// match reports whether the glob (pattern, of shape f) matches path; plain
// asks doublestar whatever the shape (the matcher the tests compare with).
func (f fastGlob) match(pattern, path string, plain bool) bool {
	switch {
	case plain || f.shape == shapeNone:
		return doublestar.MatchUnvalidated(pattern, path)
	case path == "":
		return false // "**/*" matches "a/" but not ""
	case f.shape == shapeUnder:
		return strings.HasPrefix(path, f.a) || path == f.a[:len(f.a)-1]
	case f.shape == shapeDir:
		for seg := range strings.SplitSeq(path, "/") {
			if seg == f.a {
				return true
			}
		}
		return false
	}
	name := path[strings.LastIndexByte(path, '/')+1:]
	if f.shape == shapeExact {
		return name == f.a
	}
	return len(name) >= len(f.a)+len(f.b) && strings.HasPrefix(name, f.a) && strings.HasSuffix(name, f.b)
}
