package graph_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"text/template"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/graph"
)

// budgetPolicy is a policy whose gate t runs the template src (a YAML
// single-quoted scalar at line 3, column 12) and with/k the template k.
func budgetPolicy(src, k string) string {
	return fmt.Sprintf("version: 1\ngates:\n  t: {run: '%s', with: {k: '%s'}}\nservices:\n  s: {paths: [s/**, t/**, u/**], owners: ['@a', '@b'], gates: [t]}\n", src, k)
}

// renderBudget parses the policy and renders gate t for service s.
func renderBudget(t *testing.T, src, k string) (string, map[string]any, error) {
	t.Helper()
	g, _, err := graph.Parse("gates.yaml", []byte(budgetPolicy(src, k)))
	require.NoError(t, err)
	start := time.Now()
	run, with, err := g.Gates["t"].Render(g.Scope("service", "s"))
	require.Less(t, time.Since(start), 20*time.Second, "the budget must stop the render")
	return run, with, err
}

var budgetTests = []struct {
	name, run, with string
	err             string // the error, after gates.yaml:3:
}{
	{"nested ranges without output", `{{range 100000}}{{range 100000}}{{end}}{{end}}`, "",
		`12: gate "t": run: template: t:1:24: executing "t" at <budget 2>: error calling budget: template budget exceeded: more than 100000 steps`},
	{"output past 64 KiB", `{{range 100}}{{printf "%01000d" 0}}{{end}}`, "",
		`12: gate "t": run: template budget exceeded: the rendered text is more than 65536 bytes`},
	{"a million-wide printf in a range", `{{range 1000}}{{printf "%01000000d" 0}}{{end}}`, "",
		`12: gate "t": run: template: t:1:16: executing "t" at <printf "%01000000d" 0>: error calling printf: printf: "%01000000d": a width or precision of 1000000 is more than the 1000 allowed in gate templates`},
	{"a million-wide precision", `{{printf "%.1000000f" 1.5}}`, "",
		`12: gate "t": run: template: t:1:2: executing "t" at <printf "%.1000000f" 1.5>: error calling printf: printf: "%.1000000f": a width or precision of 1000000 is more than the 1000 allowed in gate templates`},
	{"a width from an argument", `{{printf "%*d" 1000000 1}}`, "",
		`12: gate "t": run: template: t:1:2: executing "t" at <printf "%*d" 1000000 1>: error calling printf: printf: "%*d": widths from arguments (*) and argument indexes ([n]) are not allowed in gate templates`},
	{"an argument index", `{{printf "%[1]s%[1]s" .Name}}`, "",
		`12: gate "t": run: template: t:1:2: executing "t" at <printf "%[1]s%[1]s" .Name>: error calling printf: printf: "%[1]s%[1]s": widths from arguments (*) and argument indexes ([n]) are not allowed in gate templates`},
	{"a string doubled a hundred times", `{{$x := "ab"}}{{range 100}}{{$x = print $x $x}}{{end}}{{len $x}}`, "",
		`12: gate "t": run: template: t:1:34: executing "t" at <print $x $x>: error calling print: template budget exceeded: print needs 524355 bytes, more than the 524292 left of 1048576`},
	{"printf doubling", `{{$x := "ab"}}{{range 100}}{{$x = printf "%s%s" $x $x}}{{end}}`, "",
		`12: gate "t": run: template: t:1:34: executing "t" at <printf "%s%s" $x $x>: error calling printf: template budget exceeded: printf needs 1311044 bytes, more than the 786436 left of 1048576`},
	{"a range over a dynamic count", `{{range len (printf "%0999d" 0)}}{{range len (printf "%0999d" 0)}}{{range len (printf "%0999d" 0)}}{{end}}{{end}}{{end}}`, "",
		`12: gate "t": run: template: t:1:74: executing "t" at <budget 2>: error calling budget: template budget exceeded: more than 100000 steps`},
	{"in with, positioned at the string", `x`, `{{range 100000}}{{range 100000}}{{end}}{{end}}`,
		`27: gate "t": with/k: template: gate "t" with/k:1:24: executing "gate \"t\" with/k" at <budget 2>: error calling budget: template budget exceeded: more than 100000 steps`},
}

func TestTemplateBudget(t *testing.T) {
	for _, tc := range budgetTests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := renderBudget(t, tc.run, tc.with)
			require.Error(t, err)
			assert.Equal(t, "gates.yaml:3:"+tc.err, err.Error())
			assert.True(t, errors.Is(err, graph.ErrTemplateBudget) || strings.Contains(err.Error(), "printf: \""), "%v", err)
			var pe *graph.Error
			require.ErrorAs(t, err, &pe)
		})
	}
}

// A range over an integer literal past the budget is refused at load time:
// the examples of the review fail validate and every load.
func TestTemplateBudgetLiteralRange(t *testing.T) {
	_, _, err := graph.Parse("gates.yaml", []byte(budgetPolicy(`{{range 100001}}x{{end}}`, "")))
	assert.EqualError(t, err, `gates.yaml:3:12: gate "t": run: {{range 100001}}: more than the 100000 iterations a gate template may run`)
	_, _, err = graph.Parse("gates.yaml", []byte(budgetPolicy(`{{range 1000000}}{{range 1000000}}x{{end}}{{end}}`, `{{range 1000000}}{{printf "%01000000d" 0}}{{end}}`)))
	assert.EqualError(t, err, `gates.yaml:3:12: gate "t": run: {{range 1000000}}: more than the 100000 iterations a gate template may run
gates.yaml:3:75: gate "t": with/k: {{range 1000000}}: more than the 100000 iterations a gate template may run`)
}

// Within the budgets templates render as text/template renders them: the
// replaced built-ins give the built-ins' results.
func TestTemplateBudgetKeepsResults(t *testing.T) {
	g := &graph.Gate{Name: "t", Run: `{{range $i, $p := .Paths}}{{printf "%-6s|%3d|%5.2f|%q|%x|%v" $p $i 1.5 $p $p $.Owners}} {{end}}{{print .Name 1 2 "a" "b" .Owners}}{{println .Kind}}{{html "<a&b>"}} {{js "a'b<c>"}} {{urlquery "a b&c"}}{{range 3}}{{.}}{{end}}{{range 2000}}{{end}}%%`,
		With: map[string]any{"k": `{{printf "%d%%" 5}} {{range .Owners}}{{.}}{{else}}none{{end}}`}}
	run, with, err := g.Render(graph.Scope{Name: "s", Kind: "service", Paths: []string{"s/**", "t/**", "u/**"}, Owners: []string{"@a", "@b"}})
	require.NoError(t, err)
	assert.Equal(t, `s/**  |  0| 1.50|"s/**"|732f2a2a|[@a @b] t/**  |  1| 1.50|"t/**"|742f2a2a|[@a @b] u/**  |  2| 1.50|"u/**"|752f2a2a|[@a @b] s1 2ab[@a @b]service
&lt;a&amp;b&gt; a\'b\u003Cc\u003E a+b%26c012%%`, run)
	assert.Equal(t, map[string]any{"k": "5% @a@b"}, with)
}

// CheckTemplates renders every template for every scope that can bind it:
// a template that fails for one scope fails validation, once, positioned.
func TestCheckTemplates(t *testing.T) {
	const policy = `version: 1
gates:
  unit: {run: "go test ./{{index .Paths 1}}/..."}
  lint: {run: "lint {{.Name}}", with: {os: "{{index .Owners 0}}"}}
  smoke: {run: "{{range 100000}}{{range 100000}}{{end}}{{end}}"}
  check: {run: "ok"}
  orphan: {run: "{{index .Paths 0}}"}
contracts:
  api: {paths: [api/**], gates: [check]}
services:
  a: {paths: [a/**, b/**], gates: [unit], owners: ["@a"]}
  b: {paths: [b/**], gates: [unit, lint]}
  c: {paths: [c/**], gates: [unit, lint], smoke: [smoke]}
  d: {paths: [d/**], gates: [unit]}
domains:
  pay: {owners: ["@p"], gates: [lint]}
`
	g, _, err := graph.Parse("gates.yaml", []byte(policy))
	require.NoError(t, err)
	err = g.CheckTemplates(nil)
	require.Error(t, err)
	assert.Equal(t, `gates.yaml:3:15: gate "unit": run: template: unit:1:12: executing "unit" at <index .Paths 1>: error calling index: reflect: slice index out of range (rendered for service b, and for 2 other scope(s))
gates.yaml:4:44: gate "lint": with/os: template: gate "lint" with/os:1:2: executing "gate \"lint\" with/os" at <index .Owners 0>: error calling index: reflect: slice index out of range (rendered for service b, and for 1 other scope(s))
gates.yaml:5:16: gate "smoke": run: template: smoke:1:24: executing "smoke" at <budget 2>: error calling budget: template budget exceeded: more than 100000 steps (rendered for service c)
gates.yaml:7:17: gate "orphan": run: template: orphan:1:2: executing "orphan" at <index .Paths 0>: error calling index: reflect: slice index out of range (rendered unscoped)`, err.Error())

	// the selector's scope (CODEOWNERS owners for a scope with none) decides
	err = g.CheckTemplates(func(kind graph.ScopeKind, name string) graph.Scope {
		s := g.Scope(kind, name)
		s.Owners = append(s.Owners, "@from-codeowners")
		s.Paths = append(s.Paths, "x/**", "y/**")
		return s
	})
	require.Error(t, err)
	assert.NotContains(t, err.Error(), `gate "lint"`)
	assert.NotContains(t, err.Error(), `gate "unit"`)
}

// The budgeted comparisons give text/template's results and errors.
func TestTemplateBudgetComparisons(t *testing.T) {
	exprs := []string{
		`{{eq .Name "s"}}`, `{{eq .Name "x" "y" "s"}}`, `{{eq 1 1.0}}`, `{{eq 1 2 1}}`, `{{eq (len .Paths) 3}}`,
		`{{ne .Kind "service"}}`, `{{lt 1 2}}`, `{{lt "a" "b"}}`, `{{le 2 2}}`, `{{gt 2.5 1.5}}`, `{{ge "b" "a"}}`,
		`{{lt true false}}`, `{{eq .Paths .Paths}}`, `{{eq .Name}}`, `{{lt 1 "a"}}`, `{{eq nil nil}}`, `{{eq (index .Paths 0) "s/**"}}`,
		`{{if and (eq .Kind "service") (ne .Name "t")}}yes{{end}}`, `{{range .Owners}}{{if eq . "@b"}}{{.}}{{end}}{{end}}`,
	}
	scope := graph.Scope{Name: "s", Kind: "service", Paths: []string{"s/**", "t/**", "u/**"}, Owners: []string{"@a", "@b"}}
	for _, src := range exprs {
		plain, err := template.New("x").Option("missingkey=error").Parse(src)
		require.NoError(t, err)
		var want strings.Builder
		wantErr := plain.Execute(&want, scope)
		got, _, err := (&graph.Gate{Name: "x", Run: src}).Render(scope)
		if wantErr != nil {
			require.Error(t, err, src)
			_, msg, _ := strings.Cut(wantErr.Error(), "error calling ")
			assert.Contains(t, err.Error(), msg, src)
			continue
		}
		require.NoError(t, err, src)
		assert.Equal(t, want.String(), got, src)
	}
}

// Comparing long strings costs their length: it is paid for, so a range
// cannot repeat it without bound.
func TestTemplateBudgetComparesPaid(t *testing.T) {
	big := strings.Repeat("a", 300_000)
	scope := graph.Scope{Paths: []string{big + "x", big + "x"}}
	g := &graph.Gate{Name: "x", Run: `{{range 100000}}{{if eq (index $.Paths 0) (index $.Paths 1)}}{{end}}{{end}}`}
	_, _, err := g.Render(scope)
	require.ErrorIs(t, err, graph.ErrTemplateBudget)
	assert.Contains(t, err.Error(), "error calling eq: template budget exceeded: eq needs 600002 bytes, more than the 448574 left of 1048576")
}

// The renders of one plan share a budget: a template that fits its own
// limits cannot be multiplied by thousands of scopes without bound.
func TestTemplateBudgetShared(t *testing.T) {
	defer graph.SetPlanBudgetForTest(50_000, 1<<30, 64<<10)()
	g := &graph.Gate{Name: "x", Run: `{{range 5000}}{{$.Name}}{{end}}`}
	var shared graph.Budget
	n := 0
	var err error
	for ; n < 1000 && err == nil; n++ {
		_, _, err = g.RenderWithin(graph.Scope{Name: "s"}, &shared)
	}
	require.ErrorIs(t, err, graph.ErrTemplateBudget)
	assert.Contains(t, err.Error(), "more than 50000 steps for the templates of one plan together")
	assert.Less(t, n, 10)
	// alone, each render is within its own limits
	_, _, err = g.Render(graph.Scope{Name: "s"})
	require.NoError(t, err)
	// and the output
	shared = graph.Budget{}
	y := &graph.Gate{Name: "y", Run: `{{range 40}}{{printf "%0999d" 0}}{{end}}`}
	_, _, err = y.RenderWithin(graph.Scope{}, &shared)
	require.NoError(t, err)
	_, _, err = y.RenderWithin(graph.Scope{}, &shared)
	assert.ErrorContains(t, err, "template budget exceeded: the templates of one plan render more than 65536 bytes together")
}
