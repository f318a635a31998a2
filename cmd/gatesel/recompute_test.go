package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/evidence"
	"github.com/gatesel/gatesel/selector"
	"github.com/gatesel/gatesel/selector/render"
)

// TestRecomputeCatchesAResealedPlan: a plan edited and resealed (its
// digest recomputed, so that the digest check alone passes it) is caught
// by verify --recompute, which names the gate the edit dropped.
func TestRecomputeCatchesAResealedPlan(t *testing.T) {
	dir := t.TempDir()
	git := func(args ...string) {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
			"GIT_AUTHOR_NAME=A", "GIT_AUTHOR_EMAIL=a@example.com", "GIT_COMMITTER_NAME=C", "GIT_COMMITTER_EMAIL=c@example.com")
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "git %v: %s", args, out)
	}
	write := func(name, content string) {
		require.NoError(t, os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644))
	}
	write("gates.yaml", "version: 1\ngates:\n  contract-check: {run: x}\n  unit: {run: y}\ncontracts:\n  platform: {gates: [contract-check]}\nservices:\n  a: {paths: [\"a/**\"], gates: [unit]}\n")
	write("a/a.go", "package a\n")
	git("init", "-q", "-b", "main")
	git("add", "-A")
	git("commit", "-q", "-m", "one")
	git("checkout", "-q", "-b", "feature")
	write("a/a.go", "package a // 2\n")
	git("commit", "-q", "-am", "two")

	ctx := context.Background()
	plan, err := selector.Compute(ctx, selector.Options{Dir: dir, Base: "main"})
	require.NoError(t, err)
	require.Len(t, plan.Gates, 2)
	plan.Gates = plan.Gates[:1] // drop unit:a, then reseal
	plan.Digest, err = evidence.Digest(plan)
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, render.JSON(&buf, plan))
	file := filepath.Join(t.TempDir(), "plan.json")
	require.NoError(t, os.WriteFile(file, buf.Bytes(), 0o644))

	var stdout, stderr bytes.Buffer
	code := run(ctx, []string{"verify", "--plan", file, "--recompute", "-C", dir}, strings.NewReader(""), &stdout, &stderr)
	assert.Equal(t, exitFailure, code, stderr.String())
	assert.Empty(t, stdout.String())
	assert.Contains(t, stderr.String(), "gatesel: recompute: the plan's digest is "+plan.Digest+", the repository gives sha256:")
	assert.Contains(t, stderr.String(), "\ngatesel: only in the recomputed plan: unit:a\n")
	// the digest alone does not see it: a resealed plan is a valid plan
	_, err = evidence.ParsePlan(file, buf.Bytes())
	assert.NoError(t, err)
}
