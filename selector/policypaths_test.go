package selector

import (
	"testing"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/stretchr/testify/assert"
)

// includeGlobCases are include globs and paths, matching and not, with
// the shapes that could fool the comparison of last segments: a literal
// last segment, a wildcard, an escape, an alternation, an empty segment.
var includeGlobCases = []struct{ glob, path string }{
	{"services/*/gates.yaml", "services/a/gates.yaml"},
	{"services/*/gates.yaml", "services/a/main.go"},
	{"services/*/gates.yaml", "services/a/gates.yaml/"},
	{"services/*/gates.yaml", "services//gates.yaml"},
	{"**/gates.yaml", "gates.yaml"},
	{"**/gates.yaml", "a/b/gates.yml"},
	{"svc/**", "svc/a/b"},
	{"svc/*.yaml", "svc/x.yaml"},
	{"svc/{a,b}.yaml", "svc/b.yaml"},
	{"svc/\\*.yaml", "svc/*.yaml"},
	{"svc/[ab].yaml", "svc/a.yaml"},
	{"gates.yaml", "gates.yaml"},
	{"gates.yaml", "x/gates.yaml"},
	{"svc/", "svc/"},
	{"svc/", "svc/x"},
	{"", ""},
	{"a/b", "a/b"},
	{"a/b", "A/B"},
}

func TestIncludeGlobIsDoublestar(t *testing.T) {
	for _, c := range includeGlobCases {
		want, _ := doublestar.Match(c.glob, c.path)
		assert.Equal(t, want, newIncludeGlob(c.glob).match(c.path), "%q %q", c.glob, c.path)
	}
}

// FuzzIncludeGlob: the comparison of last segments never changes what
// doublestar answers.
func FuzzIncludeGlob(f *testing.F) {
	for _, c := range includeGlobCases {
		f.Add(c.glob, c.path)
	}
	f.Fuzz(func(t *testing.T, glob, p string) {
		want, _ := doublestar.Match(glob, p)
		if got := newIncludeGlob(glob).match(p); got != want {
			t.Fatalf("match(%q, %q) = %v, doublestar %v", glob, p, got, want)
		}
	})
}
