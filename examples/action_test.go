package examples_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/gatesel/gatesel/internal/gittest"
)

type action struct {
	Inputs  map[string]struct{ Description, Default string }
	Outputs map[string]struct{ Description, Value string }
	Runs    struct {
		Using string
		Steps []struct {
			ID, Run, Uses, Shell string
			Env                  map[string]string
		}
	}
}

// TestAction checks action.yml: every input and output documented, the
// outputs those gatesel writes, gatesel built from the action's own ref,
// and its select step run for real with bash on a repository and a GitHub
// push payload, writing the outputs and the step summary.
func TestAction(t *testing.T) {
	data, err := os.ReadFile("../action.yml")
	require.NoError(t, err)
	var a action
	require.NoError(t, yaml.Unmarshal(data, &a))
	assert.Equal(t, "composite", a.Runs.Using)
	for _, in := range []string{"config", "profile", "format", "on-error", "max-jobs"} {
		require.Contains(t, a.Inputs, in)
	}
	for name, in := range a.Inputs {
		assert.NotEmpty(t, in.Description, "input %s", name)
	}
	for name, out := range a.Outputs {
		assert.NotEmpty(t, out.Description, "output %s", name)
		assert.Equal(t, "${{ steps.select.outputs."+name+" }}", out.Value)
	}
	assert.NotContains(t, string(data), "@latest")
	assert.Contains(t, string(data), "go build -trimpath -ldflags=\"-s -w\" -o \"$RUNNER_TEMP/gatesel-bin/gatesel\" ./cmd/gatesel")

	var script string
	for _, s := range a.Runs.Steps {
		if s.ID == "select" {
			script = s.Run
		}
	}
	require.NotEmpty(t, script)
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash not installed") // the CI machine has it
	}

	tmp := t.TempDir()
	bin := filepath.Join(tmp, "gatesel-bin", "gatesel")
	build := exec.Command("go", "build", "-o", bin, "../cmd/gatesel")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "%s", out)

	g := gittest.New(t)
	g.Commit("one", map[string]string{"gates.yaml": "version: 1\ngates:\n  unit: {run: \"go test ./{{.Dir}}/...\"}\nservices:\n  a: {paths: [\"a/**\"], gates: [unit]}\n  b: {paths: [\"b/**\"], gates: [unit]}\n", "a/a.go": "package a\n", "b/b.go": "package b\n"})
	before := strings.TrimSpace(g.Git("rev-parse", "HEAD"))
	g.Commit("two", map[string]string{"b/b.go": "package b // changed\n"})
	event := filepath.Join(tmp, "event.json")
	require.NoError(t, os.WriteFile(event, []byte(`{"ref":"refs/heads/main","before":"`+before+`","forced":false,"repository":{"default_branch":"main"}}`), 0o644))
	output, summary := filepath.Join(tmp, "output"), filepath.Join(tmp, "summary")
	cmd := exec.Command("bash", "-e", "-c", script)
	cmd.Dir = g.Dir
	cmd.Env = append(gittest.Env(0), "PATH="+os.Getenv("PATH"), "HOME="+tmp,
		"RUNNER_TEMP="+tmp, "GITHUB_OUTPUT="+output, "GITHUB_STEP_SUMMARY="+summary,
		"GITHUB_ACTIONS=true", "GITHUB_EVENT_NAME=push", "GITHUB_EVENT_PATH="+event,
		"GATESEL_CONFIG=gates.yaml", "GATESEL_PROFILE=", "GATESEL_FORMAT=json", "GATESEL_ON_ERROR=all",
		"GATESEL_MAX_JOBS=256", "GATESEL_BASE=", "GATESEL_SUMMARY=true")
	out, err = cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.Contains(t, string(out), `"source": "github:push"`)
	written, err := os.ReadFile(output)
	require.NoError(t, err)
	assert.Regexp(t, regexp.MustCompile(`(?m)^matrix_local=\{"include":\[\{"id":"unit:b"`), string(written))
	assert.Regexp(t, `(?m)^count=1$`, string(written))
	assert.Regexp(t, `(?m)^plan-file=.*gatesel-plan\.json$`, string(written))
	for name := range a.Outputs {
		assert.Regexp(t, `(?m)^`+regexp.QuoteMeta(name)+`=`, string(written), "output %s is written", name)
	}
	sum, err := os.ReadFile(summary)
	require.NoError(t, err)
	assert.Contains(t, string(sum), "### gatesel plan")
	assert.Contains(t, string(sum), "base from `github:push`")
}
