package render_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/gatesel/gatesel/graph"
	"github.com/gatesel/gatesel/selector"
	"github.com/gatesel/gatesel/selector/render"
)

type buildkitePipeline struct {
	Steps []struct {
		Group     string
		Key       string
		Label     string
		Command   string
		DependsOn []string `yaml:"depends_on"`
		Steps     []map[string]any
	}
}

// TestBuildkite: one group a non-empty layer, each depending on the one
// before; one step an instance with label, unique key, command and the
// Buildkite keys of with; an empty plan is one no-op step.
func TestBuildkite(t *testing.T) {
	got, err := renderTo(func(b *bytes.Buffer) error { return render.Buildkite(b, typicalPlan(), render.Options{}) })
	require.NoError(t, err)
	golden(t, "typical.buildkite.yml", got)
	var bp buildkitePipeline
	require.NoError(t, yaml.Unmarshal(got, &bp))
	require.Len(t, bp.Steps, 4)
	prev := ""
	keys := map[string]bool{}
	n := 0
	for _, g := range bp.Steps {
		assert.Equal(t, "gatesel-"+g.Group, g.Key)
		if prev != "" {
			assert.Equal(t, []string{prev}, g.DependsOn)
		} else {
			assert.Empty(t, g.DependsOn)
		}
		prev = g.Key
		for _, s := range g.Steps {
			k := s["key"].(string)
			assert.False(t, keys[k], "key %s unique", k)
			keys[k] = true
			assert.Regexp(t, `^[A-Za-z0-9_-]+$`, k)
			assert.NotEmpty(t, s["label"])
			assert.NotEmpty(t, s["command"])
			assert.NotContains(t, s, "runs-on", "GitHub attributes stay out")
			n++
		}
	}
	assert.Equal(t, len(typicalPlan().Gates), n)

	got, err = renderTo(func(b *bytes.Buffer) error { return render.Buildkite(b, emptyPlan(), render.Options{}) })
	require.NoError(t, err)
	assert.Equal(t, "steps:\n  - label: no gates selected\n    key: gatesel-noop\n    command: echo no gates selected\n", string(got))

	p := emptyPlan()
	p.Gates = []selector.Instance{{ID: "unit:a", Gate: "unit", Layer: graph.LayerLocal, Run: "x", With: map[string]any{"depends_on": "y"}}}
	err = render.Buildkite(&bytes.Buffer{}, p, render.Options{})
	require.EqualError(t, err, `gate instance unit:a: with key "depends_on" collides with the buildkite step key "depends_on"`)

	// with --max-jobs, a large plan is packed
	got, err = renderTo(func(b *bytes.Buffer) error {
		return render.Buildkite(b, bigPlan(1000, 700), render.Options{MaxJobs: 100})
	})
	require.NoError(t, err)
	bp = buildkitePipeline{}
	require.NoError(t, yaml.Unmarshal(got, &bp))
	total := 0
	for _, g := range bp.Steps {
		total += len(g.Steps)
	}
	assert.Equal(t, 100, total)
}
