package selector

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
	g := gitNew(t)
	commits := []string{g.gitCommit("root", map[string]string{"gates.yaml": replayPolicy, "services/a/a.go": "package a\n", "CODEOWNERS": "* @team\n"})}
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
		commits = append(commits, g.gitCommit("c"+string(rune('a'+i)), files))
	}
	ctx := context.Background()
	rp, err := NewReplayer(ctx, Options{Dir: g.dir})
	require.NoError(t, err)
	for i := 1; i < len(commits); i++ {
		got, in, err := rp.Plan(ctx, commits[i-1], commits[i])
		require.NoError(t, err, "commit %d", i)
		want, err := Compute(ctx, Options{Dir: g.dir, Base: commits[i-1], Head: commits[i]})
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

// TestLogIsRevList compares Log with git rev-list on a history with a
// merge, with and without --first-parent.
func TestLogIsRevList(t *testing.T) {
	g := gitNew(t)
	g.gitCommit("root", map[string]string{"a": "1"})
	g.git("tag", "start")
	g.gitCommit("m1", map[string]string{"a": "2"})
	g.git("checkout", "-q", "-b", "side")
	g.gitCommit("s1", map[string]string{"b": "1"})
	g.gitCommit("s2", map[string]string{"b": "2"})
	g.git("checkout", "-q", "main")
	g.gitCommit("m2", map[string]string{"a": "3"})
	g.git("merge", "-q", "--no-ff", "-m", "merge", "side")
	g.gitCommit("m3", map[string]string{"a": "4"})
	r := g.gitOpen()
	for _, fp := range []bool{false, true} {
		args := []string{"rev-list", "--reverse", "--topo-order"}
		if fp {
			args = append(args, "--first-parent")
		}
		want := strings.Fields(g.git(append(args, "start..main")...))
		log, err := r.Log(context.Background(), "start", "main", fp)
		require.NoError(t, err)
		var got []string
		for _, c := range log {
			got = append(got, c.Commit)
			assert.Equal(t, strings.Fields(g.git("rev-parse", c.Commit+"^@")), c.Parents)
		}
		if fp {
			assert.Equal(t, want, got)
			continue
		}
		// the same commits, each after its parents (git's order among siblings may differ)
		assert.ElementsMatch(t, want, got)
		pos := map[string]int{}
		for i, c := range got {
			pos[c] = i
		}
		for _, c := range log {
			for _, p := range c.Parents {
				if i, ok := pos[p]; ok {
					assert.Less(t, i, pos[c.Commit], "parent %s after %s", p, c.Commit)
				}
			}
		}
	}
}
