package gitrepo

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/internal/gittest"
)

// TestLogIsRevList compares Log with git rev-list on a history with a
// merge, with and without --first-parent.
func TestLogIsRevList(t *testing.T) {
	g := gittest.New(t)
	g.Commit("root", map[string]string{"a": "1"})
	g.Git("tag", "start")
	g.Commit("m1", map[string]string{"a": "2"})
	g.Git("checkout", "-q", "-b", "side")
	g.Commit("s1", map[string]string{"b": "1"})
	g.Commit("s2", map[string]string{"b": "2"})
	g.Git("checkout", "-q", "main")
	g.Commit("m2", map[string]string{"a": "3"})
	g.Git("merge", "-q", "--no-ff", "-m", "merge", "side")
	g.Commit("m3", map[string]string{"a": "4"})
	r := gitOpen(g)
	for _, fp := range []bool{false, true} {
		args := []string{"rev-list", "--reverse", "--topo-order"}
		if fp {
			args = append(args, "--first-parent")
		}
		want := strings.Fields(g.Git(append(args, "start..main")...))
		log, err := r.Log(context.Background(), "start", "main", fp)
		require.NoError(t, err)
		var got []string
		for _, c := range log {
			got = append(got, c.Commit)
			assert.Equal(t, strings.Fields(g.Git("rev-parse", c.Commit+"^@")), c.Parents)
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
