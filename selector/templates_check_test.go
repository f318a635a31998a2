package selector

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/graph"
	"github.com/gatesel/gatesel/ownership"
)

const templatesPolicy = `version: 1
gates:
  notify: {run: "notify {{index .Owners 0}}"}
services:
  billing: {paths: ["services/billing/**"], gates: [notify]}
`

// CheckTemplates renders with the data select gives: the CODEOWNERS owners
// of a scope that names none.
func TestCheckTemplatesUsesCodeowners(t *testing.T) {
	g, _, err := graph.Parse("gates.yaml", []byte(templatesPolicy))
	require.NoError(t, err)
	assert.EqualError(t, CheckTemplates(Input{Graph: g}), `gates.yaml:3:17: gate "notify": run: template: notify:1:9: executing "notify" at <index .Owners 0>: error calling index: reflect: slice index out of range (rendered for service billing)`)
	rs, err := ownership.Parse("CODEOWNERS", []byte("/services/billing/ @acme/payments\n"), ownership.GitHub)
	require.NoError(t, err)
	assert.NoError(t, CheckTemplates(Input{Graph: g, Owners: rs}))
	p, err := Select(Input{Graph: g, Owners: rs, Changes: changes("services/billing/a.go")})
	require.NoError(t, err)
	assert.Equal(t, "notify @acme/payments", p.Gates[0].Run)
}

// Under --on-error all a template that cannot render gives the fallback
// plan, with the raw template and why, never an error.
func TestFallbackRendersRaw(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "gates.yaml"), []byte(templatesPolicy), 0o644))
	opt := Options{Dir: dir, Changes: changes("services/billing/a.go")}
	_, err := Compute(context.Background(), opt)
	require.ErrorContains(t, err, `render gate notify for service billing: gates.yaml:3:17: gate "notify": run:`)

	opt.OnError = "all"
	p, err := Compute(context.Background(), opt)
	require.NoError(t, err)
	assert.True(t, p.All)
	require.Len(t, p.Gates, 1)
	assert.Equal(t, "notify {{index .Owners 0}}", p.Gates[0].Run)
	assert.Equal(t, ReasonFallback, p.Gates[0].Reasons[0].Kind)
	assert.Contains(t, p.Gates[0].Reasons[0].Note, "index out of range")
	assert.Contains(t, p.Warnings, `notify:billing: not rendered, the raw template is planned: gates.yaml:3:17: gate "notify": run: template: notify:1:9: executing "notify" at <index .Owners 0>: error calling index: reflect: slice index out of range`)
	assert.True(t, p.Verify())
}
