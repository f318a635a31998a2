package graph_test

import (
	"os"
	"strings"
	"testing"

	"github.com/gatesel/gatesel/graph"
)

// FuzzParseGates: no input panics or hangs the loader, and a graph that
// loads answers queries.
func FuzzParseGates(f *testing.F) {
	spec, err := os.ReadFile("testdata/spec/gates.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(spec)
	f.Add([]byte(classifyConfig))
	f.Add([]byte(dependentsConfig))
	f.Add([]byte(renderConfig))
	for _, tt := range validateTests {
		f.Add([]byte(tt.in))
	}
	for _, tt := range authoringErrorTests {
		f.Add([]byte(tt.in))
	}
	// issue 16: declared profiles, a gate in two roles, empty renders
	f.Add([]byte("version: 1\nprofiles:\n  full: {description: every gate}\n  validate:\ngates:\n  test: {run: \"make -C {{.Dir}} test\", profiles: [full]}\nservices:\n  a: {paths: [go.mod], gates: [test], smoke: [test]}\n  b: {paths: [\"b/**\"], depends_on: [a], smoke: [test]}\ndomains:\n  d: {owners: [\"@x\"], gates: [test]}\n"))
	// billion laughs: refused at the first alias, never expanded
	f.Add([]byte("version: 1\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"))
	// deep nesting, in flow and block style, and in with:
	f.Add([]byte("version: 1\ngates: {g: {with: {a: " + strings.Repeat("[", 200) + strings.Repeat("]", 200) + "}}}\n"))
	f.Add([]byte("version: 1\ngates:\n  g:\n    with:\n" + nested(60)))
	f.Fuzz(func(t *testing.T, data []byte) {
		g, _, err := graph.Parse("gates.yaml", data)
		if (g == nil) == (err == nil) {
			t.Fatalf("graph %v and error %v: exactly one must be nil", g, err)
		}
		if g == nil {
			return
		}
		for _, n := range g.ServiceNames() {
			g.Dependents([]graph.Node{{Kind: graph.ServiceNode, Name: n}}, 0)
			for _, p := range g.Services[n].Paths {
				g.Classify(p)
			}
			for _, gate := range g.Services[n].Gates {
				_, _, _ = g.Gates[gate].Render(g.Scope("service", n))
			}
		}
		g.Lint([]string{"a/b", "services/billing/x.go", "go.mod"})
		g.LintOwners(func(o string) bool { return o == "@x" })
		g.LintOwners(nil)
		g.EmptyRenders(nil)
		_ = g.ProfileNames()
	})
}

func nested(depth int) string {
	var b strings.Builder
	for i := range depth {
		b.WriteString(strings.Repeat(" ", 6+2*i) + "k:\n")
	}
	b.WriteString(strings.Repeat(" ", 6+2*depth) + "v\n")
	return b.String()
}

func TestParseRefusesBombsAndDepth(t *testing.T) {
	for _, in := range []string{
		"version: 1\na: &a [x, x]\nb: [*a, *a]\n",
		"version: 1\ngates: {g: {with: {a: " + strings.Repeat("[", 100) + strings.Repeat("]", 100) + "}}}\n",
		"version: 1\ngates:\n  g:\n    with:\n" + nested(40),
	} {
		g, _, err := graph.Parse("gates.yaml", []byte(in))
		if g != nil || err == nil {
			t.Fatalf("loaded %q", in)
		}
	}
	_, _, err := graph.Parse("gates.yaml", []byte("version: 1\na: &a [x, x]\nb: [*a, *a]\n"))
	if got, want := err.Error(), "gates.yaml:2:1: top level: unknown key \"a\"\ngates.yaml:3:1: top level: unknown key \"b\"\ngates.yaml:3:5: aliases are not supported (*a)\ngates.yaml:3:9: aliases are not supported (*a)"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
	_, _, err = graph.Parse("gates.yaml", []byte("version: 1\ngates:\n  g:\n    with:\n"+nested(40)))
	if got, want := err.Error(), `gates.yaml:37:71: gate "g": with: nested deeper than 32 levels`; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}
