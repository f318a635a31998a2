package examples_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/gatesel/gatesel/internal/testtool"
	"github.com/gatesel/gatesel/selector"
	"github.com/gatesel/gatesel/selector/render"
)

// recipeSetup builds gatesel, computes the plan of the example's ledger
// change and writes both into dir, as the plan jobs of the recipes do.
func recipeSetup(t *testing.T, dir string) *selector.Plan {
	t.Helper()
	testtool.Need(t, "bash", "the recipes' scripts are bash")
	build := exec.Command("go", "build", "-o", filepath.Join(dir, "gatesel"), "../cmd/gatesel")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "%s", out)
	f, err := os.Open("platform/changes/ledger.txt")
	require.NoError(t, err)
	defer f.Close()
	changes, _, err := selector.ReadFiles("ledger.txt", f, selector.FilesOptions{})
	require.NoError(t, err)
	plan, err := selector.Compute(context.Background(), selector.Options{Dir: "platform", Changes: changes})
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, render.JSON(&buf, plan))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "plan.json"), buf.Bytes(), 0o644))
	require.Greater(t, len(plan.Gates), 3)
	return plan
}

// runScript runs a recipe's shell script with bash -e and without
// pipefail, as GitHub's default shell runs a step (GitLab's shells set
// pipefail, which only makes a pipe stricter).
func runScript(t *testing.T, dir, script string, env ...string) (string, error) {
	t.Helper()
	cmd := exec.Command("bash", "-e", "-c", script)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

type ghWorkflow struct {
	Jobs map[string]struct {
		If    string
		Needs any
		Steps []struct {
			ID   string
			If   string
			Uses string
			Run  string
			With map[string]string
		}
	}
}

// TestGitHubRecipeVerifies runs the workflow's own scripts: each gate job's
// record step for every planned instance, then the required gates job's
// verify step, which passes only when every instance passed.
func TestGitHubRecipeVerifies(t *testing.T) {
	data, err := os.ReadFile("github/.github/workflows/gates.yml")
	require.NoError(t, err)
	var wf ghWorkflow
	require.NoError(t, yaml.Unmarshal(data, &wf))
	find := func(job, needle string) (string, string) {
		for _, s := range wf.Jobs[job].Steps {
			if strings.Contains(s.Run, needle) {
				return s.Run, s.If
			}
		}
		t.Fatalf("job %s has no step running %q", job, needle)
		return "", ""
	}
	var record string
	for _, layer := range []string{"contract", "global", "local", "smoke"} {
		run, cond := find(layer, " result --plan ")
		assert.Equal(t, "always()", cond, "job %s: the record is written whatever the gate's outcome", layer)
		record = run
		uploaded := false
		for _, s := range wf.Jobs[layer].Steps {
			if strings.HasPrefix(s.Uses, "actions/upload-artifact@") && s.If == "always()" {
				uploaded = strings.HasPrefix(s.With["name"], "gatesel-result-")
			}
		}
		assert.True(t, uploaded, "job %s uploads its record as an artifact", layer)
	}
	verify, _ := find("gates", " verify --plan ")
	assert.Equal(t, "always()", wf.Jobs["gates"].If)
	assert.NotContains(t, string(data), "needs.*.result, ' '", "the shell loop over needs.*.result is gone")

	tmp := t.TempDir()
	runner := filepath.Join(tmp, "runner")
	require.NoError(t, os.MkdirAll(filepath.Join(runner, "gatesel"), 0o755))
	plan := recipeSetup(t, filepath.Join(runner, "gatesel"))
	gates := filepath.Join(tmp, "gates")
	require.NoError(t, os.MkdirAll(filepath.Join(gates, "results"), 0o755))
	require.NoError(t, os.Symlink(filepath.Join(runner, "gatesel"), filepath.Join(gates, "gatesel")))

	// one gate job per instance: the outcome of its gate step, its record
	jobs := func(outcome func(i int) string) {
		require.NoError(t, os.RemoveAll(filepath.Join(gates, "results")))
		for i, in := range plan.Gates {
			out, err := runScript(t, tmp, record, "RUNNER_TEMP="+runner, "ID="+in.ID, "OUTCOME="+outcome(i), "STARTED=2026-01-01T10:00:00Z")
			require.NoError(t, err, out)
			dst := filepath.Join(gates, "results", "gatesel-result-"+strconv.Itoa(i))
			require.NoError(t, os.MkdirAll(dst, 0o755))
			require.NoError(t, os.Rename(filepath.Join(runner, "result.json"), filepath.Join(dst, "result.json")))
		}
	}
	summary := filepath.Join(tmp, "summary.md")
	jobs(func(int) string { return "success" })
	out, err := runScript(t, gates, verify, "GITHUB_STEP_SUMMARY="+summary)
	require.NoError(t, err, out)
	assert.Contains(t, out, "PASS: "+strconv.Itoa(len(plan.Gates))+" of "+strconv.Itoa(len(plan.Gates)))

	// a failed gate, a skipped one: the required check fails, naming them
	jobs(func(i int) string {
		return map[int]string{0: "failure", 1: "skipped"}[i] + map[bool]string{true: "success"}[i > 1]
	})
	out, err = runScript(t, gates, verify, "GITHUB_STEP_SUMMARY="+summary)
	require.Error(t, err, out)
	assert.Contains(t, out, "\nfailed     "+plan.Gates[0].ID)
	assert.Contains(t, out, "\nskipped    "+plan.Gates[1].ID)

	// a job that never ran (its record never uploaded): missing
	jobs(func(int) string { return "success" })
	require.NoError(t, os.RemoveAll(filepath.Join(gates, "results", "gatesel-result-2")))
	out, err = runScript(t, gates, verify, "GITHUB_STEP_SUMMARY="+summary)
	require.Error(t, err, out)
	assert.Contains(t, out, "\nmissing    "+plan.Gates[2].ID)
	sum, err := os.ReadFile(summary)
	require.NoError(t, err)
	assert.Contains(t, string(sum), "gatesel verify: FAIL", "the verdict goes to the job summary")
	assert.Contains(t, string(sum), "| failed | `"+plan.Gates[0].ID+"` |")
	assert.Contains(t, string(sum), "| missing | `"+plan.Gates[2].ID+"` |")
}

// TestGitLabRecipeVerifies runs the child pipeline's additions: the
// default after_script of each gate job, then gatesel-verify's script.
func TestGitLabRecipeVerifies(t *testing.T) {
	data, err := os.ReadFile("gitlab/.gitlab/gatesel-child.yml")
	require.NoError(t, err)
	var child struct {
		Default struct {
			AfterScript []string `yaml:"after_script"`
			Artifacts   struct {
				When  string
				Paths []string
			}
		}
		Plan struct {
			Stage string
			Needs []map[string]string
		} `yaml:"gatesel-plan"`
		Verify struct {
			Stage  string
			When   string
			Script []string
		} `yaml:"gatesel-verify"`
	}
	require.NoError(t, yaml.Unmarshal(data, &child))
	assert.Equal(t, "always", child.Default.Artifacts.When)
	assert.Equal(t, []string{"gatesel-results/"}, child.Default.Artifacts.Paths)
	assert.Equal(t, ".pre", child.Plan.Stage)
	assert.Equal(t, []map[string]string{{"pipeline": "$PARENT_PIPELINE_ID", "job": "plan"}}, child.Plan.Needs)
	assert.Equal(t, ".post", child.Verify.Stage)
	assert.Equal(t, "always", child.Verify.When)
	parent, err := os.ReadFile("gitlab/.gitlab-ci.yml")
	require.NoError(t, err)
	assert.Contains(t, string(parent), "cat .gitlab/gatesel-child.yml >> child.yml")
	assert.Contains(t, string(parent), "PARENT_PIPELINE_ID: $CI_PIPELINE_ID")

	// the appended child still parses, with the gate jobs and the two of gatesel
	dir := t.TempDir()
	plan := recipeSetup(t, dir)
	var buf bytes.Buffer
	require.NoError(t, render.GitLab(&buf, plan))
	buf.Write(data)
	var jobs map[string]any
	require.NoError(t, yaml.Unmarshal(buf.Bytes(), &jobs), buf.String())
	for _, name := range []string{"stages", "default", "gatesel-plan", "gatesel-verify", plan.Gates[0].ID} {
		assert.Contains(t, jobs, name)
	}

	after := strings.Join(child.Default.AfterScript, "\n")
	verify := strings.Join(child.Verify.Script, "\n")
	for i, in := range plan.Gates {
		status := "success"
		if i == 0 {
			status = "failed"
		}
		out, err := runScript(t, dir, after, "CI_JOB_NAME="+in.ID, "CI_JOB_ID="+strconv.Itoa(100+i), "CI_JOB_STATUS="+status, "CI_JOB_STARTED_AT=2026-01-01T10:00:00Z")
		require.NoError(t, err, out)
	}
	out, err := runScript(t, dir, verify)
	require.Error(t, err, out)
	assert.Contains(t, out, "failed     "+plan.Gates[0].ID)
	md, err := os.ReadFile(filepath.Join(dir, "gatesel-verify.md"))
	require.NoError(t, err)
	assert.Contains(t, string(md), "| failed | `"+plan.Gates[0].ID+"` |")
	// the failed job retried and passed: its new record replaces the old artifact
	require.NoError(t, os.Remove(filepath.Join(dir, "gatesel-results", "100.json")))
	out, err = runScript(t, dir, after, "CI_JOB_NAME="+plan.Gates[0].ID, "CI_JOB_ID=200", "CI_JOB_STATUS=success")
	require.NoError(t, err, out)
	out, err = runScript(t, dir, verify)
	require.NoError(t, err, out)
	assert.Contains(t, out, "PASS: "+strconv.Itoa(len(plan.Gates))+" of ")
	// the no-op job of an empty plan writes no record
	out, err = runScript(t, dir, after, "CI_JOB_NAME=gatesel-noop", "CI_JOB_ID=300", "CI_JOB_STATUS=success")
	require.NoError(t, err, out)
	assert.NoFileExists(t, filepath.Join(dir, "gatesel-results", "300.json"))
}
