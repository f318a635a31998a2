package selector

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/internal/gittest"
)

const replayPolicy = `version: 1
settings: {base: main, unowned: all}
include: ["services/*/gates.yaml"]
gates:
  contract-check: {run: "make contract-check"}
  unit: {run: "go test ./{{.Dir}}/..."}
  smoke: {run: "smoke {{.Name}}"}
  lint: {run: "lint"}
triggers:
  - {name: toolchain, paths: ["go.mod"], select: all}
  - {name: docs, paths: ["docs/**"], select: []}
contracts:
  platform: {gates: [contract-check]}
services:
  a: {paths: ["services/a/**"], gates: [unit], smoke: [smoke]}
domains:
  team: {owners: ["@team"], gates: [lint]}
`

// TestReplayerIsCompute replays a history that edits its policy (the
// catalogue, a fragment added and removed, CODEOWNERS moved) and checks
// every commit's plan against Compute's with Base parent and Head commit.
func TestReplayerIsCompute(t *testing.T) {
	g := gittest.New(t)
	commits := []string{g.Commit("root", map[string]string{"gates.yaml": replayPolicy, "services/a/a.go": "package a\n", "CODEOWNERS": "* @team\n"})}
	for i, files := range []map[string]string{
		{"services/a/a.go": "package a // 1\n"},
		{"docs/x.md": "x\n"},
		{"services/b/gates.yaml": "version: 1\nservices:\n  b: {paths: [\"services/b/**\"], depends_on: [a], gates: [unit], smoke: [smoke]}\n", "services/b/b.go": "package b\n"},
		{"services/a/a.go": "package a // 2\n"},
		{"gates.yaml": strings.Replace(replayPolicy, "smoke: [smoke]}", "smoke: []}", 1)},
		{"services/a/a.go": "package a // 3\n"},
		{"CODEOWNERS": "-", ".github/CODEOWNERS": "* @other\n"},
		{"services/b/b.go": "package b // 1\n"},
		{"services/b/gates.yaml": "-", "services/b/b.go": "-"},
		{"go.mod": "module m\n"},
		{"unclaimed.txt": "?\n"},
	} {
		commits = append(commits, g.Commit("c"+string(rune('a'+i)), files))
	}
	ctx := context.Background()
	rp, err := NewReplayer(ctx, Options{Dir: g.Dir})
	require.NoError(t, err)
	for i := 1; i < len(commits); i++ {
		got, in, err := rp.Plan(ctx, commits[i-1], commits[i])
		require.NoError(t, err, "commit %d", i)
		want, err := Compute(ctx, Options{Dir: g.Dir, Base: commits[i-1], Head: commits[i]})
		require.NoError(t, err, "commit %d", i)
		assert.Equal(t, want.Gates, got.Gates, "commit %d: gates", i)
		assert.Equal(t, want.Escalations, got.Escalations, "commit %d: escalations", i)
		assert.Equal(t, want.Changes, got.Changes, "commit %d: changes", i)
		assert.Equal(t, want.All, got.All, "commit %d: all", i)
		assert.Equal(t, want.Base, got.Base, "commit %d: base", i)
		assert.Equal(t, want.Head, got.Head, "commit %d: head", i)
		assert.Equal(t, want.MergeBase, got.MergeBase, "commit %d: merge base", i)
		require.NotNil(t, in.Graph)
	}
}
