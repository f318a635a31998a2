package graph

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/stretchr/testify/assert"
)

func TestCompileFast(t *testing.T) {
	for glob, want := range map[string]fastGlob{
		"services/billing/**": {shape: shapeUnder, a: "services/billing/"},
		"a/**":                {shape: shapeUnder, a: "a/"},
		"**/testdata/**":      {shape: shapeDir, a: "testdata"},
		"**/*_test.go":        {shape: shapeName, b: "_test.go"},
		"**/Makefile*":        {shape: shapeName, a: "Makefile"},
		"**/a*b":              {shape: shapeName, a: "a", b: "b"},
		"**/*":                {shape: shapeName},
		"**/BUILD":            {shape: shapeExact, a: "BUILD"},
		"**":                  {},
		"/**":                 {},
		"**/**":               {},
		"**/a/b/**":           {},
		"**/a*/**":            {},
		"a/**/b":              {},
		"a*/**":               {},
		"**/a/b":              {},
		"**/*a*":              {},
		"{a,b}/**":            {},
		`a\b/**`:              {},
		"a]/**":               {},
		"a?/**":               {},
		"\xf6/**":             {},
		"\uFFFD/**":           {},
		"a/**/**":             {},
		"x.go":                {},
	} {
		assert.Equal(t, want, compileFast(glob), glob)
	}
}

// TestFastGlobAgrees: each shape matches what doublestar matches, on
// random globs of the shapes and paths in, beside and above them.
func TestFastGlobAgrees(t *testing.T) {
	r := rand.New(rand.NewPCG(18, 3))
	shapes := map[fastShape]int{}
	for range 5000 {
		lit := pathSegments[r.IntN(len(pathSegments))]
		var glob string
		switch r.IntN(4) {
		case 0:
			glob = randomPath(r) + "/**"
		case 1:
			glob = "**/" + lit + "/**"
		case 2:
			glob = "**/" + lit
		default:
			glob = "**/" + lit[:r.IntN(len(lit)+1)] + "*" + pathSegments[r.IntN(len(pathSegments))]
		}
		f := compileFast(glob)
		shapes[f.shape]++
		for _, p := range probes(r, glob) {
			assert.Equal(t, doublestar.MatchUnvalidated(glob, p), f.match(glob, p, false), "%q (%+v) on %q", glob, f, p)
		}
	}
	for _, s := range []fastShape{shapeUnder, shapeDir, shapeName, shapeExact} {
		assert.Greater(t, shapes[s], 200, "shape %d", s)
	}
}

// probes are paths to try a glob on: random ones, and ones made of its
// literal parts.
func probes(r *rand.Rand, glob string) []string {
	lit := strings.NewReplacer("**", randomPath(r), "*", pathSegments[r.IntN(len(pathSegments))]).Replace(glob)
	out := []string{randomPath(r), lit, lit + "/", "/" + lit, randomPath(r) + "/" + lit, lit + "/" + randomPath(r), strings.ReplaceAll(lit, "/", "//")}
	if len(lit) > 0 {
		out = append(out, lit[:r.IntN(len(lit))], lit[r.IntN(len(lit)):])
	}
	return out
}

// FuzzFastGlob: for any glob and path, a glob of a fast shape matches what
// doublestar matches.
func FuzzFastGlob(f *testing.F) {
	for _, g := range []string{"services/a/**", "**/testdata/**", "**/*_test.go", "**/BUILD", "**/*"} {
		f.Add(g, "services/a/testdata/x_test.go")
	}
	f.Add("a/**", "a")
	f.Add("**/a*b", "/ab/")
	f.Fuzz(func(t *testing.T, glob, path string) {
		fg := compileFast(glob)
		if fg.shape == shapeNone || !doublestar.ValidatePattern(glob) {
			return
		}
		if want, got := doublestar.MatchUnvalidated(glob, path), fg.match(glob, path, false); want != got {
			t.Fatalf("%q (%+v) on %q: %v, doublestar %v", glob, fg, path, got, want)
		}
	})
}
