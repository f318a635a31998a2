package graph_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/graph"
	"github.com/gatesel/gatesel/internal/fastyaml"
)

// FuzzParseGates: no input panics or hangs the loader, the fast YAML path
// and yaml.v3 give the same graph and the same errors, and a graph that
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
		if fast, slow := graph.ParseBothPaths("gates.yaml", data); fast != slow {
			t.Fatalf("the fast YAML path and yaml.v3 disagree on %q:\nfast:\n%s\nyaml.v3:\n%s", data, fast, slow)
		}
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

// TestFastPathAgrees: the fast YAML path gives the graph, warnings and
// errors that yaml.v3 alone gives, on every policy file of the repository
// (examples, test data, the testscripts' gates.yaml files) and on the
// validation tests' inputs, and takes most of the policy files.
func TestFastPathAgrees(t *testing.T) {
	inputs := map[string][]byte{}
	for _, root := range []string{"../examples", "testdata", "../cmd/gatesel/testdata", "../selector/testdata"} {
		err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(p)
			switch {
			case err != nil:
				return err
			case strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml"):
				inputs[p] = data
			case strings.HasSuffix(p, ".txtar"):
				for _, f := range txtar.Parse(data).Files {
					if strings.HasSuffix(f.Name, ".yaml") {
						inputs[p+":"+f.Name] = f.Data
					}
				}
			}
			return nil
		})
		require.NoError(t, err)
	}
	require.Greater(t, len(inputs), 60, "the policy files were found")
	for i, tt := range validateTests {
		inputs[fmt.Sprintf("validateTests[%d]", i)] = []byte(tt.in)
	}
	for i, tt := range authoringErrorTests {
		inputs[fmt.Sprintf("authoringErrorTests[%d]", i)] = []byte(tt.in)
	}
	// with: values of every scalar type the fast path takes
	inputs["with"] = []byte("version: 1\ngates:\n  g:\n    run: x\n    with: {n: 42, b: true, c: False, z: null, t: ~, s: '1', q: \"x\", l: [0, yes, a b]}\n")
	fastOnes := 0
	for name, data := range inputs {
		fast, slow := graph.ParseBothPaths("gates.yaml", data)
		assert.Equal(t, slow, fast, "%s: the fast path and yaml.v3 disagree", name)
		if _, ok := fastyaml.Parse(data); ok {
			fastOnes++
		}
	}
	assert.Greater(t, fastOnes, len(inputs)/2, "most inputs take the fast path")
}
