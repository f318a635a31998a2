package examples_test

import (
	"bytes"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
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

// TestGitLabParentPipeline checks the CI/CD component: its plan job
// builds gatesel from the component's source and writes the child pipeline
// as an artifact, with the pipeline's base (--base auto); its trigger job
// runs exactly that file and mirrors its status. The example includes it.
func TestGitLabParentPipeline(t *testing.T) {
	data, err := os.ReadFile("../templates/gatesel.yml")
	require.NoError(t, err)
	docs := strings.SplitN(string(data), "\n---\n", 2)
	require.Len(t, docs, 2, "a spec header, then the jobs")
	p := parseGitLab(t, []byte(docs[1]))

	require.Contains(t, p.Jobs, "plan")
	require.Contains(t, p.Jobs, "gates")
	plan := p.Jobs["plan"]
	assert.Contains(t, strings.Join(plan.Script, "\n"), "go build -trimpath -ldflags=\"-s -w\" -o \"$CI_PROJECT_DIR/gatesel\" ./cmd/gatesel")
	assert.Contains(t, plan.Script, `./gatesel select --base auto --config "$[[ inputs.config ]]" --profile "$[[ inputs.profile ]]" --on-error $[[ inputs.on-error ]] --max-jobs $[[ inputs.max-jobs ]] --format gitlab > child.yml`)
	assert.NotContains(t, string(data), "@latest")
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

	example, err := os.ReadFile("gitlab/.gitlab-ci.yml")
	require.NoError(t, err)
	assert.Contains(t, string(example), "component: $CI_SERVER_FQDN/gatesel/gatesel/gatesel@")
	assert.NotContains(t, string(example), "BASE=", "the base comes from the pipeline, not from a hand-written expression")
}

// TestGitLabFilesSchema validates the example pipeline and both documents
// of the component against GitLab's CI JSON schema (a copy, see
// selector/render/testdata/gitlab-ci.schema.README.md).
func TestGitLabFilesSchema(t *testing.T) {
	f, err := os.Open("../selector/render/testdata/gitlab-ci.schema.json")
	require.NoError(t, err)
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	require.NoError(t, err)
	c := jsonschema.NewCompiler()
	require.NoError(t, c.AddResource("ci.json", doc))
	schema, err := c.Compile("ci.json")
	require.NoError(t, err)
	component, err := os.ReadFile("../templates/gatesel.yml")
	require.NoError(t, err)
	example, err := os.ReadFile("gitlab/.gitlab-ci.yml")
	require.NoError(t, err)
	parts := strings.SplitN(string(component), "\n---\n", 2)
	for name, text := range map[string]string{"component spec": parts[0], "component jobs": parts[1], "example": string(example)} {
		t.Run(name, func(t *testing.T) {
			var v any
			require.NoError(t, yaml.Unmarshal([]byte(text), &v))
			b, err := json.Marshal(v)
			require.NoError(t, err)
			inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
			require.NoError(t, err)
			require.NoError(t, schema.Validate(inst))
		})
	}
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
			require.NoError(t, render.GitLab(&b, plan, render.Options{}))
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
