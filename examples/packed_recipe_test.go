package examples_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/gatesel/gatesel/selector/render"
)

// TestGitHubRecipePacked runs the workflow's record step for a plan packed
// into bundles (max-jobs 2): each bundle records every instance it ran, so
// the required check passes when the bundles passed and fails, naming
// them, when one failed.
func TestGitHubRecipePacked(t *testing.T) {
	data, err := os.ReadFile("github/.github/workflows/gates.yml")
	require.NoError(t, err)
	var wf ghWorkflow
	require.NoError(t, yaml.Unmarshal(data, &wf))
	var record, verify string
	for _, s := range wf.Jobs["local"].Steps {
		if strings.Contains(s.Run, " result --plan ") {
			record = s.Run
		}
	}
	for _, s := range wf.Jobs["gates"].Steps {
		if strings.Contains(s.Run, " verify --plan ") {
			verify = s.Run
		}
	}
	require.NotEmpty(t, record)
	require.NotEmpty(t, verify)

	tmp := t.TempDir()
	runner := filepath.Join(tmp, "runner")
	require.NoError(t, os.MkdirAll(filepath.Join(runner, "gatesel"), 0o755))
	plan := recipeSetup(t, filepath.Join(runner, "gatesel"))
	var buf bytes.Buffer
	require.NoError(t, render.GitHub(&buf, plan, render.Options{MaxJobs: 2}))
	var m struct {
		Include []struct {
			ID  string   `json:"id"`
			IDs []string `json:"ids"`
		} `json:"include"`
	}
	require.NoError(t, json.Unmarshal(buf.Bytes(), &m))
	require.Len(t, m.Include, 2)

	gates := filepath.Join(tmp, "gates")
	run := func(outcome string) (string, error) {
		require.NoError(t, os.RemoveAll(gates))
		require.NoError(t, os.MkdirAll(filepath.Join(gates, "results"), 0o755))
		require.NoError(t, os.Symlink(filepath.Join(runner, "gatesel"), filepath.Join(gates, "gatesel")))
		for i, e := range m.Include {
			ids := strings.Join(e.IDs, " ")
			o := "success"
			if i == 1 {
				o = outcome
			}
			out, err := runScript(t, tmp, record, "RUNNER_TEMP="+runner, "ID="+e.ID, "IDS="+ids, "OUTCOME="+o, "STARTED=2026-01-01T10:00:00Z")
			require.NoError(t, err, out)
			dst := filepath.Join(gates, "results", "gatesel-result-local-"+strconv.Itoa(i))
			require.NoError(t, os.MkdirAll(dst, 0o755))
			files, err := filepath.Glob(filepath.Join(runner, "result*.json"))
			require.NoError(t, err)
			assert.Len(t, files, max(1, len(e.IDs)), "one record an instance")
			for _, f := range files {
				require.NoError(t, os.Rename(f, filepath.Join(dst, filepath.Base(f))))
			}
		}
		return runScript(t, gates, verify, "GITHUB_STEP_SUMMARY="+filepath.Join(tmp, "summary.md"))
	}
	out, err := run("success")
	require.NoError(t, err, out)
	assert.Contains(t, out, "PASS: "+strconv.Itoa(len(plan.Gates))+" of "+strconv.Itoa(len(plan.Gates)))
	out, err = run("failure")
	require.Error(t, err, out)
	last := m.Include[1]
	want := last.ID
	if len(last.IDs) > 0 {
		want = last.IDs[0]
	}
	assert.Contains(t, out, "failed     "+want)
}

// TestGitLabRecipePacked runs the child pipeline's after_script for the
// bundle jobs of a plan packed under --max-jobs 2: GATESEL_IDS names every
// instance a bundle ran, so verify passes when both bundles passed and
// fails when one failed.
func TestGitLabRecipePacked(t *testing.T) {
	data, err := os.ReadFile("gitlab/.gitlab/gatesel-child.yml")
	require.NoError(t, err)
	var child struct {
		Default struct {
			AfterScript []string `yaml:"after_script"`
		}
		Verify struct{ Script []string } `yaml:"gatesel-verify"`
	}
	require.NoError(t, yaml.Unmarshal(data, &child))
	after := strings.Join(child.Default.AfterScript, "\n")
	verify := strings.Join(child.Verify.Script, "\n")

	dir := t.TempDir()
	plan := recipeSetup(t, dir)
	var buf bytes.Buffer
	require.NoError(t, render.GitLab(&buf, plan, render.Options{MaxJobs: 2}))
	var top map[string]yaml.Node
	require.NoError(t, yaml.Unmarshal(buf.Bytes(), &top))
	type job struct{ Variables map[string]string }
	pipeline := map[string]job{}
	var bundles []string
	for name, node := range top {
		if name == "stages" {
			continue
		}
		var j job
		require.NoError(t, node.Decode(&j))
		require.NotEmpty(t, j.Variables["GATESEL_IDS"], "job %s", name)
		pipeline[name] = j
		bundles = append(bundles, name)
	}
	slices.Sort(bundles)
	require.Len(t, bundles, 2)
	for _, status := range []string{"success", "failed"} {
		require.NoError(t, os.RemoveAll(filepath.Join(dir, "gatesel-results")))
		for i, name := range bundles {
			st := "success"
			if i == 1 {
				st = status
			}
			out, err := runScript(t, dir, after, "CI_JOB_NAME="+name, "CI_JOB_ID="+strconv.Itoa(100+i), "CI_JOB_STATUS="+st,
				"GATESEL_IDS="+pipeline[name].Variables["GATESEL_IDS"])
			require.NoError(t, err, out)
		}
		out, err := runScript(t, dir, verify)
		if status == "success" {
			require.NoError(t, err, out)
			assert.Contains(t, out, "PASS: "+strconv.Itoa(len(plan.Gates))+" of "+strconv.Itoa(len(plan.Gates)))
		} else {
			require.Error(t, err, out)
			first := strings.Fields(pipeline[bundles[1]].Variables["GATESEL_IDS"])[0]
			assert.Contains(t, out, "failed     "+first)
		}
	}
}
