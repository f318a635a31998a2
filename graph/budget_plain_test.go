package graph

import (
	"strings"
	"testing"
	"text/template/parse"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// plainTemplates are gate templates, plain and not, for comparing the
// plain renderer with text/template.
var plainTemplates = []string{
	"",
	"make all",
	"go test ./{{.Dir}}/...",
	"{{.Name}}",
	"{{.Kind}}:{{.Name}}@{{.Dir}}",
	"{{- .Name -}} x {{ .Dir }}",
	"a {{/* comment */}} b",
	"{{.Paths}}",
	"{{.Owners}} {{.Name}}",
	"{{.Name | printf \"%s!\"}}",
	"{{$x := .Name}}{{$x}}",
	"{{.Name}}{{if .Dir}}/{{.Dir}}{{end}}",
	"{{range .Paths}}{{.}} {{end}}",
	"{{with .Dir}}{{.}}{{end}}",
	"{{print .Name}}",
	"{{.}}",
	"{{.Name.Foo}}",
	"{{\"lit\"}}",
	"{{len .Paths}}",
}

var plainScopes = []Scope{
	{},
	{Name: "billing", Kind: ScopeService, Dir: "services/billing", Paths: []string{"services/billing/**", "libs/b/**"}, Owners: []string{"@a"}},
	{Name: "lint", Kind: ScopeGlobal},
	{Name: strings.Repeat("n", 40_000), Kind: ScopeDomain, Dir: strings.Repeat("d", 30_000)},
}

// render renders src over s through execute (the plain path when it
// applies) or through text/template alone, with a fresh shared budget,
// and returns the output, the error and what the budget recorded.
func renderBoth(t *testing.T, src string, s Scope, plain bool, shared *Budget) (string, string) {
	t.Helper()
	tmpl, err := parseTemplate("t", src)
	require.NoError(t, err)
	var out string
	if plain {
		out, err = execute(tmpl, s, shared)
	} else {
		b := &budget{shared: shared}
		nodes := 0
		walk(tmpl.Root, func(parse.Node) { nodes++ })
		out, err = "", nil
		if _, err = b.step(nodes); err == nil {
			out, err = executeTemplate(tmpl, s, b)
		}
	}
	msg := ""
	if err != nil {
		msg = err.Error()
	}
	return out, msg
}

// TestPlainRenderAgrees: the plain renderer gives text/template's output,
// error and budget accounting for every template and scope, including
// renders past the output limits.
func TestPlainRenderAgrees(t *testing.T) {
	plain := 0
	for _, src := range plainTemplates {
		tmpl, err := parseTemplate("t", src)
		if err != nil {
			continue
		}
		if isPlain(tmpl.Root) {
			plain++
		}
		for _, s := range plainScopes {
			for _, used := range []int64{0, maxPlanOutput - 10} {
				var b1, b2 Budget
				b1.output.Store(used)
				b2.output.Store(used)
				want, wantErr := renderBoth(t, src, s, false, &b1)
				got, gotErr := renderBoth(t, src, s, true, &b2)
				assert.Equal(t, want, got, "%q over %q", src, s.Name)
				assert.Equal(t, wantErr, gotErr, "%q over %q", src, s.Name)
				assert.Equal(t, b1.steps.Load(), b2.steps.Load(), "steps of %q", src)
				assert.Equal(t, b1.output.Load(), b2.output.Load(), "output of %q", src)
			}
		}
	}
	assert.GreaterOrEqual(t, plain, 5, "the plain path is exercised")
}

// FuzzPlainRender: whatever the template, execute gives what text/template
// gives.
func FuzzPlainRender(f *testing.F) {
	for _, src := range plainTemplates {
		f.Add(src, "billing", "services/billing")
	}
	f.Fuzz(func(t *testing.T, src, name, dir string) {
		if _, err := parseTemplate("t", src); err != nil {
			return
		}
		s := Scope{Name: name, Kind: ScopeService, Dir: dir, Paths: []string{dir + "/**"}}
		var b1, b2 Budget
		want, wantErr := renderBoth(t, src, s, false, &b1)
		got, gotErr := renderBoth(t, src, s, true, &b2)
		if want != got || wantErr != gotErr || b1.steps.Load() != b2.steps.Load() || b1.output.Load() != b2.output.Load() {
			t.Fatalf("%q: text/template %q, %q; plain %q, %q", src, want, wantErr, got, gotErr)
		}
	})
}
