package selector

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestWorktreeOwnRefs: refs/worktree/* and refs/bisect/* are
// per-worktree refs (gitrepository-layout: they live in the worktree's own
// git directory, not the common one): a linked worktree's, not the main
// worktree's ref of the same name.
func TestWorktreeOwnRefs(t *testing.T) {
	g := gitNew(t)
	c1 := g.gitCommit("one", map[string]string{"a": "1"})
	c2 := g.gitCommit("two", map[string]string{"a": "2"})
	wtdir := filepath.Join(t.TempDir(), "wt")
	g.git("worktree", "add", "-q", "-b", "topic", wtdir, c1)
	wt := &gitRepo{t: t, dir: wtdir, clock: 100}
	g.git("update-ref", "refs/worktree/base", c2)  // the main worktree's
	wt.git("update-ref", "refs/worktree/base", c1) // the linked worktree's
	g.git("bisect", "start")
	g.git("bisect", "bad", c2)
	wt.git("bisect", "start")
	wt.git("bisect", "bad", c1)
	for _, rev := range []string{"refs/worktree/base", "worktree/base", "refs/bisect/bad", "bisect/bad"} {
		require.Equal(t, c1, gitRevParseCommit(wt, rev), rev)
		t.Run(rev, func(t *testing.T) { checkRevLikeGit(t, wt, rev) })
	}
}
