package examples_test

import (
	"bytes"
	"os"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/gatesel/gatesel/graph"
	"github.com/gatesel/gatesel/selector"
	"github.com/gatesel/gatesel/selector/render"
)

// gitlabPipeline is the part of a GitLab CI file the examples rely on.
type gitlabPipeline struct {
	Stages []string
	Jobs   map[string]gitlabJob
}

type gitlabJob struct {
	Stage     string
	Script    []string
	Needs     []string
	Artifacts struct{ Paths []string }
	Trigger   *struct {
		Include []struct {
			Artifact string
			Job      string
		}
		Strategy string
	}
}

// parseGitLab reads a pipeline: every top-level key other than the global
// keywords is a job.
func parseGitLab(t *testing.T, data []byte) gitlabPipeline {
	t.Helper()
	var top map[string]yaml.Node
	require.NoError(t, yaml.Unmarshal(data, &top))
	p := gitlabPipeline{Jobs: map[string]gitlabJob{}}
	for key, node := range top {
		switch key {
		case "stages":
			require.NoError(t, node.Decode(&p.Stages))
		case "variables", "default", "workflow", "include", "image":
		default:
			var j gitlabJob
			require.NoError(t, node.Decode(&j), "job %s", key)
			p.Jobs[key] = j
		}
	}
	return p
}

// TestGitLabParentPipeline checks that the parent pipeline generates the
// child pipeline as an artifact and triggers exactly that file.
func TestGitLabParentPipeline(t *testing.T) {
	data, err := os.ReadFile("gitlab/.gitlab-ci.yml")
	require.NoError(t, err)
	p := parseGitLab(t, data)

	assert.Equal(t, []string{"plan", "gates"}, p.Stages)
	require.Contains(t, p.Jobs, "plan")
	require.Contains(t, p.Jobs, "gates")
	for name, j := range p.Jobs {
		assert.True(t, slices.Contains(p.Stages, j.Stage), "job %s: stage %q not in stages", name, j.Stage)
	}

	plan := p.Jobs["plan"]
	assert.Contains(t, plan.Script, `gatesel select --base "$BASE" --format gitlab --on-error all > child.yml`)
	assert.Contains(t, plan.Artifacts.Paths, "child.yml")

	gates := p.Jobs["gates"]
	assert.Equal(t, []string{"plan"}, gates.Needs)
	assert.Empty(t, gates.Script, "a trigger job has no script")
	require.NotNil(t, gates.Trigger)
	assert.Equal(t, "depend", gates.Trigger.Strategy, "the parent mirrors the child's status")
	require.Len(t, gates.Trigger.Include, 1)
	inc := gates.Trigger.Include[0]
	assert.Equal(t, "plan", inc.Job)
	assert.Contains(t, plan.Artifacts.Paths, inc.Artifact, "the trigger includes the artifact the plan job writes")
	assert.Equal(t, slices.Index(p.Stages, "plan")+1, slices.Index(p.Stages, "gates"), "the trigger runs after the plan")
}

// TestGitLabChildPipeline checks a child pipeline rendered from a small
// plan, and the no-op child of an empty plan.
func TestGitLabChildPipeline(t *testing.T) {
	plans := map[string]*selector.Plan{
		"small": {Gates: []selector.Instance{
			{ID: "contract-check:platform", Gate: "contract-check", Layer: graph.LayerContract, Scope: "platform", Run: "make contract-check"},
			{ID: "unit:ledger", Gate: "unit", Layer: graph.LayerLocal, Scope: "ledger", Run: "go test ./services/ledger/...", With: map[string]any{"runs-on": "ubuntu-latest", "tags": []any{"docker"}}},
			{ID: "smoke:billing", Gate: "smoke", Layer: graph.LayerSmoke, Scope: "billing", Run: "scripts/ci/smoke.sh billing"},
		}},
		"empty": {},
	}
	want := map[string][]string{
		"small": {"contract-check:platform", "smoke:billing", "unit:ledger"},
		"empty": {"gatesel-noop"},
	}
	for name, plan := range plans {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			require.NoError(t, render.GitLab(&b, plan))
			p := parseGitLab(t, b.Bytes())
			assert.Equal(t, []string{"contract", "global", "local", "smoke"}, p.Stages)
			var names []string
			for n, j := range p.Jobs {
				names = append(names, n)
				assert.True(t, slices.Contains(p.Stages, j.Stage), "job %s: stage %q not in stages", n, j.Stage)
				assert.NotEmpty(t, j.Script, "job %s: no script", n)
				assert.Nil(t, j.Trigger)
			}
			slices.Sort(names)
			assert.Equal(t, want[name], names)
		})
	}
}
