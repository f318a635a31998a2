package gitrepo_test

import (
	"context"
	"testing"

	"github.com/gatesel/gatesel/internal/gittest"
	"github.com/gatesel/gatesel/selector/gitrepo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReplaceRefsRefused: git's history walks (merge-base, diff A...B)
// follow replacement objects (git replace --graft, refs/replace/); gatesel
// does not apply them, so it refuses the repository rather than answer
// from another merge base, unless GIT_NO_REPLACE_OBJECTS says to read the
// history as recorded, as git then does.
func TestReplaceRefsRefused(t *testing.T) {
	g := gittest.New(t)
	g.Commit("root", map[string]string{"a": "0"})
	a := g.Commit("a", map[string]string{"a": "1"})
	g.Git("checkout", "-q", "-b", "side")
	s := g.Commit("s", map[string]string{"s": "1"})
	g.Git("checkout", "-q", "main")
	b := g.Commit("b", map[string]string{"b": "1"})
	g.Git("replace", "--graft", b, s) // b's parent is now s for git
	require.Equal(t, s, g.Git("merge-base", "main", "side"))
	for _, packed := range []bool{false, true} {
		if packed {
			g.Git("pack-refs", "--all")
		}
		_, err := gitrepo.Open(context.Background(), g.Dir)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "it has replacement refs (refs/replace/, made by git replace)")
	}
	t.Setenv("GIT_NO_REPLACE_OBJECTS", "1")
	d, err := gitOpen(g).Diff(context.Background(), "side", "main")
	require.NoError(t, err)
	assert.Equal(t, a, d.MergeBase, "git merge-base main side, without replacements")
}
