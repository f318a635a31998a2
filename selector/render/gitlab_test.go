package render_test

import (
	"bytes"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/gatesel/gatesel/graph"
	"github.com/gatesel/gatesel/selector"
	"github.com/gatesel/gatesel/selector/render"
)

func TestRenderGitLabGolden(t *testing.T) {
	for _, tc := range formatPlans {
		t.Run(tc.name, func(t *testing.T) {
			got, err := renderTo(func(b *bytes.Buffer) error { return render.GitLab(b, tc.plan) })
			require.NoError(t, err)
			golden(t, tc.name+".gitlab.yml", got)

			jobs := checkGitLabPipeline(t, got)
			if len(tc.plan.Gates) == 0 {
				assert.Equal(t, []string{"gatesel-noop"}, jobNames(jobs))
				return
			}
			require.Len(t, jobs, len(tc.plan.Gates))
			for i, inst := range tc.plan.Gates {
				assert.Equal(t, inst.ID, jobs[i].name)
				assert.Equal(t, inst.Layer.String(), jobs[i].body["stage"])
				assert.Equal(t, []any{inst.Run}, jobs[i].body["script"])
			}
		})
	}
}

// TestRenderGitLabWith checks which `with` attributes reach a job.
func TestRenderGitLabWith(t *testing.T) {
	got, err := renderTo(func(b *bytes.Buffer) error { return render.GitLab(b, typicalPlan()) })
	require.NoError(t, err)
	jobs := checkGitLabPipeline(t, got)
	unit := jobs[3]
	require.Equal(t, "unit:ledger", unit.name)
	assert.Equal(t, map[string]any{
		"stage":     "local",
		"script":    []any{"go test ./services/ledger/..."},
		"services":  []any{map[string]any{"alias": "db", "name": "postgres:16"}},
		"variables": map[string]any{"GOFLAGS": "-count=1", "PGHOST": "db"},
	}, unit.body, "GitLab keywords merged, GitHub's runs-on and timeout-minutes left out")
	smoke := jobs[4]
	assert.Equal(t, map[string]any{
		"stage":  "smoke",
		"script": []any{"scripts/ci/smoke.sh checkout\nscripts/ci/report.sh checkout"},
		"tags":   []any{"docker"},
	}, smoke.body)
}

var gitlabNameTests = []struct {
	name string
	ids  []string
	want []string
}{
	{"ids kept", []string{"unit:billing", "contract-check:platform", "buf-lint"}, []string{"unit:billing", "contract-check:platform", "buf-lint"}},
	{"rejected characters", []string{"unit:a b", "lint:x/y", "t:é", "t:\xff\n"}, []string{"unit:a_b", "lint:x_y", "t:_", "t:__"}},
	{"hidden and reserved", []string{".hidden", "image", "Stages", "include", ""}, []string{"gate-.hidden", "gate-image", "gate-Stages", "gate-include", "gate-"}},
	{"kept unique", []string{"unit:a b", "unit:a_b", "unit:a/b", "unit:a_b-2"}, []string{"unit:a_b", "unit:a_b-2", "unit:a_b-3", "unit:a_b-2-2"}},
	{"long names shortened", []string{strings.Repeat("a", 300), strings.Repeat("a", 299), strings.Repeat("a", 255)},
		[]string{strings.Repeat("a", 242) + "-9835fa6bf4e2", strings.Repeat("a", 242) + "-49bfb98c7e55", strings.Repeat("a", 255)}},
}

func TestRenderGitLabJobNames(t *testing.T) {
	for _, tc := range gitlabNameTests {
		t.Run(tc.name, func(t *testing.T) {
			p := emptyPlan()
			for _, id := range tc.ids {
				p.Gates = append(p.Gates, selector.Instance{ID: id, Gate: "g", Layer: graph.LayerLocal, Run: "true"})
			}
			got, err := renderTo(func(b *bytes.Buffer) error { return render.GitLab(b, p) })
			require.NoError(t, err)
			assert.Equal(t, tc.want, jobNames(checkGitLabPipeline(t, got)))
		})
	}
}

var gitlabErrorTests = []struct {
	name string
	inst selector.Instance
	want string
}{
	{"with stage", selector.Instance{ID: "unit:a", Layer: graph.LayerLocal, Run: "make", With: map[string]any{"stage": "test"}}, `gate instance unit:a: with key "stage" collides with the gitlab job key "stage"`},
	{"with script", selector.Instance{ID: "unit:a", Layer: graph.LayerLocal, Run: "make", With: map[string]any{"script": "x"}}, `gate instance unit:a: with key "script" collides with the gitlab job key "script"`},
	{"with trigger", selector.Instance{ID: "unit:a", Layer: graph.LayerLocal, Run: "make", With: map[string]any{"trigger": "x"}}, `gate instance unit:a: with key "trigger" collides with the gitlab job key "trigger"`},
	{"empty run", selector.Instance{ID: "unit:a", Layer: graph.LayerLocal, Run: " \n"}, `gate instance unit:a: empty run command: a gitlab job needs a script`},
	{"unencodable", selector.Instance{ID: "unit:a", Layer: graph.LayerLocal, Run: "make", With: map[string]any{"tags": func() {}}}, `gate instance unit:a: with key "tags": cannot marshal type: func()`},
}

func TestRenderGitLabErrors(t *testing.T) {
	for _, tc := range gitlabErrorTests {
		t.Run(tc.name, func(t *testing.T) {
			p := emptyPlan()
			p.Gates = []selector.Instance{tc.inst}
			var b bytes.Buffer
			err := render.GitLab(&b, p)
			require.Error(t, err)
			assert.Equal(t, tc.want, err.Error())
			assert.Empty(t, b.String())
		})
	}
}

// TestRenderGitLabYAML11 checks that strings GitLab's YAML 1.1 parser would
// read as booleans or numbers are quoted.
func TestRenderGitLabYAML11(t *testing.T) {
	p := emptyPlan()
	p.Gates = []selector.Instance{
		{ID: "on", Layer: graph.LayerLocal, Run: "yes"},
		{ID: "1:20", Layer: graph.LayerLocal, Run: "-x", With: map[string]any{"tags": []any{"off", "x", 3, ".a"}}},
	}
	got, err := renderTo(func(b *bytes.Buffer) error { return render.GitLab(b, p) })
	require.NoError(t, err)
	want := `stages: [contract, global, local, smoke]
"on":
  stage: local
  script: ["yes"]
"1:20":
  stage: local
  script: ["-x"]
  tags:
    - "off"
    - x
    - 3
    - ".a"
`
	assert.Equal(t, want, string(got))
	assert.Equal(t, []string{"on", "1:20"}, jobNames(checkGitLabPipeline(t, got)))
}

func TestRenderGitLabManyJobs(t *testing.T) {
	p := bigPlan(300, 150)
	got, err := renderTo(func(b *bytes.Buffer) error { return render.GitLab(b, p) })
	require.NoError(t, err)
	jobs := checkGitLabPipeline(t, got)
	assert.Len(t, jobs, 300, "GitLab has no per-pipeline limit of GitHub's kind: every instance is a job")
}

type gitlabJob struct {
	name string
	body map[string]any
}

func jobNames(jobs []gitlabJob) []string {
	var out []string
	for _, j := range jobs {
		out = append(out, j.name)
	}
	return out
}

// checkGitLabPipeline parses a child pipeline and checks what GitLab
// requires of it: a stages list that holds every job's stage, at least one
// job, unique job names of at most 255 characters, each with a non-empty
// script. It returns the jobs in file order.
func checkGitLabPipeline(t *testing.T, data []byte) []gitlabJob {
	t.Helper()
	var doc yaml.Node
	require.NoError(t, yaml.Unmarshal(data, &doc), "%s", data)
	require.Equal(t, yaml.DocumentNode, doc.Kind)
	root := doc.Content[0]
	require.Equal(t, yaml.MappingNode, root.Kind)
	require.GreaterOrEqual(t, len(root.Content), 4, "stages and at least one job")
	require.Equal(t, "stages", root.Content[0].Value, "stages comes first")
	var stages []string
	require.NoError(t, root.Content[1].Decode(&stages))
	assert.Equal(t, []string{"contract", "global", "local", "smoke"}, stages)

	var jobs []gitlabJob
	seen := map[string]bool{}
	for i := 2; i < len(root.Content); i += 2 {
		name := root.Content[i].Value
		require.False(t, seen[name], "job %q twice", name)
		seen[name] = true
		assert.LessOrEqual(t, len(name), 255)
		assert.False(t, strings.HasPrefix(name, "."), "job %q is hidden", name)
		var body map[string]any
		require.NoError(t, root.Content[i+1].Decode(&body))
		stage, _ := body["stage"].(string)
		assert.True(t, slices.Contains(stages, stage), "job %q: stage %q not in stages", name, stage)
		script, _ := body["script"].([]any)
		require.NotEmpty(t, script, "job %q: no script", name)
		for _, line := range script {
			s, ok := line.(string)
			assert.True(t, ok && strings.TrimSpace(s) != "", "job %q: script line %v", name, line)
		}
		jobs = append(jobs, gitlabJob{name, body})
	}
	return jobs
}

func ExampleGitLab() {
	p := &selector.Plan{Gates: []selector.Instance{
		{ID: "contract-check:platform", Gate: "contract-check", Layer: graph.LayerContract, Scope: "platform", Run: "make contract-check"},
		{ID: "unit:billing", Gate: "unit", Layer: graph.LayerLocal, Scope: "billing", Run: "go test ./services/billing/...", With: map[string]any{"tags": []string{"docker"}, "runs-on": "ubuntu-latest"}},
	}}
	if err := render.GitLab(os.Stdout, p); err != nil {
		fmt.Println(err)
	}
	// Output:
	// stages: [contract, global, local, smoke]
	// contract-check:platform:
	//   stage: contract
	//   script: [make contract-check]
	// unit:billing:
	//   stage: local
	//   script: [go test ./services/billing/...]
	//   tags:
	//     - docker
}
