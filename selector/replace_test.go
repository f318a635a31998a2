package selector

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReplaceRefsRefused: git's history walks (merge-base, diff A...B)
// follow replacement objects (git replace --graft, refs/replace/); gatesel
// does not apply them, so it refuses the repository rather than answer
// from another merge base, unless GIT_NO_REPLACE_OBJECTS says to read the
// history as recorded, as git then does.
func TestReplaceRefsRefused(t *testing.T) {
	g := gitNew(t)
	g.gitCommit("root", map[string]string{"a": "0"})
	a := g.gitCommit("a", map[string]string{"a": "1"})
	g.git("checkout", "-q", "-b", "side")
	s := g.gitCommit("s", map[string]string{"s": "1"})
	g.git("checkout", "-q", "main")
	b := g.gitCommit("b", map[string]string{"b": "1"})
	g.git("replace", "--graft", b, s) // b's parent is now s for git
	require.Equal(t, s, g.git("merge-base", "main", "side"))
	for _, packed := range []bool{false, true} {
		if packed {
			g.git("pack-refs", "--all")
		}
		_, err := OpenRepo(context.Background(), g.dir)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "it has replacement refs (refs/replace/, made by git replace)")
	}
	t.Setenv("GIT_NO_REPLACE_OBJECTS", "1")
	d, err := g.gitOpen().Diff(context.Background(), "side", "main")
	require.NoError(t, err)
	assert.Equal(t, a, d.MergeBase, "git merge-base main side, without replacements")
}
