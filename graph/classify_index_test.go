package graph

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The glob index must offer every glob that matches a path: Classify with
// the index is then Classify over every glob. These tests compare the two
// (classify with linear is the plain linear matcher) on random globs and paths.

var (
	globSegments = []string{"a", "b", "ab", "x.go", "y_test.go", "README.md", "BUILD", ".git",
		"*", "**", "*.go", "*_test.go", "*.md", "a*", "*a", "?", "?.go", "a?b", "*.tar.gz", "b.tar.gz", "*.", ".*",
		"[ab]", "[!a].go", "{a,b}", "{x.go,c/d}", "{a,}", `\*`, `a\.go`, "\uFFFD", "\xf6", "*.\uFFFD", ""}
	pathSegments = []string{"a", "b", "ab", "c", "d", "x.go", "y_test.go", "README.md", "BUILD", ".git",
		"q.md", "z.tar.gz", "b.tar.gz", ".go", "go", "a.b", "*", "{a,b}", "a.", ".", "\x80", "\uFFFD", "x.\x80"}
)

func randomGlob(r *rand.Rand) string {
	for {
		n := 1 + r.IntN(4)
		segs := make([]string, n)
		for i := range segs {
			segs[i] = globSegments[r.IntN(len(globSegments))]
		}
		g := strings.Join(segs, "/")
		if g != "" && doublestar.ValidatePattern(g) {
			return g
		}
	}
}

func randomPath(r *rand.Rand) string {
	n := 1 + r.IntN(5)
	segs := make([]string, n)
	for i := range segs {
		segs[i] = pathSegments[r.IntN(len(pathSegments))]
	}
	return strings.Join(segs, "/")
}

// randomGraph is a policy of random globs: services (with internal globs
// and domains), contracts and triggers.
func randomGraph(r *rand.Rand, n int) *Graph {
	g := &Graph{Services: map[string]*Service{}, Contracts: map[string]*Contract{}}
	globs := func() []string {
		out := make([]string, 1+r.IntN(3))
		for i := range out {
			out[i] = randomGlob(r)
		}
		return out
	}
	for i := range n {
		name := fmt.Sprintf("s%d", i)
		s := &Service{Name: name, Paths: globs(), Domains: []string{fmt.Sprintf("d%d", i%3)}}
		if r.IntN(3) == 0 {
			s.Internal = globs()
		}
		g.Services[name] = s
	}
	for i := range n / 3 {
		name := fmt.Sprintf("c%d", i)
		g.Contracts[name] = &Contract{Name: name, Paths: globs()}
	}
	for i := range n / 3 {
		g.Triggers = append(g.Triggers, &Trigger{Name: fmt.Sprintf("t%d", i), Paths: globs()})
	}
	g.Reindex()
	return g
}

// checkOffered fails when a glob matches path but the index does not
// offer it, or when a glob's match without doublestar (fastGlob) differs
// from doublestar's.
func checkOffered(t *testing.T, ix *index, path string) {
	t.Helper()
	offered := map[int32]bool{}
	ix.visit(path, func(gi int32, _ *globEntry) { offered[gi] = true })
	for gi, e := range ix.globs {
		m := doublestar.MatchUnvalidated(e.pattern, path)
		if !offered[int32(gi)] && m {
			t.Fatalf("glob %q matches %q, the index does not offer it", e.pattern, path)
		}
		if got := e.fast.match(e.pattern, path, false); got != m {
			t.Fatalf("glob %q (%+v) on %q: %v, doublestar %v", e.pattern, e.fast, path, got, m)
		}
	}
}

// TestClassifyIndexAgrees: on random policies and paths, Classify gives
// what the plain linear matcher gives, and the index never leaves out a
// matching glob.
func TestClassifyIndexAgrees(t *testing.T) {
	r := rand.New(rand.NewPCG(18, 1))
	keyed, fast := 0, 0
	for round := range 200 {
		g := randomGraph(r, 1+r.IntN(30))
		ix := g.index()
		for _, e := range ix.globs {
			if k, _ := lastSegmentKey(e.pattern); k != "" {
				keyed++
			}
			if e.fast.shape != shapeNone {
				fast++
			}
		}
		for range 200 {
			p := randomPath(r)
			checkOffered(t, ix, p)
			require.Equal(t, g.classify(ix, p, true), g.Classify(p), "round %d, path %q", round, p)
		}
	}
	assert.Greater(t, keyed, 1000, "globs keyed by name or extension")
	assert.Greater(t, fast, 50, "globs matched without doublestar")
}

var lastSegmentKeyTests = []struct {
	glob string
	key  string
	ext  bool
}{
	{"**/BUILD", "BUILD", false},
	{"docs/README.md", "README.md", false},
	{"go.mod", "go.mod", false},
	{"**/*.proto", ".proto", true},
	{"*_test.go", ".go", true},
	{"src/a*b.tar.gz", ".gz", true},
	{"x/?.md", ".md", true},
	{"services/billing/**", "", false},
	{"a/*", "", false},
	{"a/*foo", "", false},
	{"a/", "", false},
	{"a/**.go", "", false},
	{"{a,b}.go", "", false},
	{"[ab].go", "", false},
	{`\*.go`, "", false},
	{"x.{go,md}", "", false},
	{"src/{a,b/c}.go", "", false},
	// doublestar reads a byte that is not UTF-8 as U+FFFD: "\xf6" matches "\x80"
	{"docs/\xf6", "", false},
	{"docs/\uFFFD.md", "", false},
	{"**/*.\uFFFD", "", false},
}

func TestLastSegmentKey(t *testing.T) {
	for _, tt := range lastSegmentKeyTests {
		key, ext := lastSegmentKey(tt.glob)
		assert.Equal(t, tt.key, key, tt.glob)
		assert.Equal(t, tt.ext, ext, tt.glob)
	}
}

// FuzzClassifyIndex: for any globs (one a line) and path, the index offers
// every glob that matches, and Classify agrees with the linear matcher.
func FuzzClassifyIndex(f *testing.F) {
	f.Add("**/*.go\nservices/a/**\n**/BUILD", "services/a/BUILD")
	f.Add("*.md\ndocs/*_test.go", "docs/x_test.go")
	f.Add("src/{a,b/c}.go\na/**/b", "src/b/c.go")
	f.Add("a/**/\n**/x", "a/b/")
	f.Fuzz(func(t *testing.T, globs, path string) {
		if len(globs) > 512 || len(path) > 256 || strings.Count(globs, "**") > 16 {
			return // doublestar backtracks on each "**": long inputs only slow the search
		}
		g := &Graph{Services: map[string]*Service{}, Contracts: map[string]*Contract{}}
		for i, p := range strings.Split(globs, "\n") {
			if p == "" || !doublestar.ValidatePattern(p) {
				continue
			}
			name := fmt.Sprintf("s%d", i)
			switch i % 3 {
			case 0:
				g.Services[name] = &Service{Name: name, Paths: []string{p}, Domains: []string{"d"}}
			case 1:
				g.Contracts[name] = &Contract{Name: name, Paths: []string{p}}
			default:
				g.Triggers = append(g.Triggers, &Trigger{Name: name, Paths: []string{p}})
			}
		}
		g.Reindex()
		ix := g.index()
		checkOffered(t, ix, path)
		want, got := g.classify(ix, path, true), g.Classify(path)
		if fmt.Sprint(want) != fmt.Sprint(got) {
			t.Fatalf("path %q: linear %v, indexed %v", path, want, got)
		}
	})
}
