package gitrepo_test

import (
	"path/filepath"
	"testing"

	"github.com/gatesel/gatesel/internal/gittest"
	"github.com/stretchr/testify/require"
)

// TestWorktreeOwnRefs: refs/worktree/* and refs/bisect/* are
// per-worktree refs (gitrepository-layout: they live in the worktree's own
// git directory, not the common one): a linked worktree's, not the main
// worktree's ref of the same name.
func TestWorktreeOwnRefs(t *testing.T) {
	g := gittest.New(t)
	c1 := g.Commit("one", map[string]string{"a": "1"})
	c2 := g.Commit("two", map[string]string{"a": "2"})
	wtdir := filepath.Join(t.TempDir(), "wt")
	g.Git("worktree", "add", "-q", "-b", "topic", wtdir, c1)
	wt := &gittest.Repo{T: t, Dir: wtdir, Clock: 100}
	g.Git("update-ref", "refs/worktree/base", c2)  // the main worktree's
	wt.Git("update-ref", "refs/worktree/base", c1) // the linked worktree's
	g.Git("bisect", "start")
	g.Git("bisect", "bad", c2)
	wt.Git("bisect", "start")
	wt.Git("bisect", "bad", c1)
	for _, rev := range []string{"refs/worktree/base", "worktree/base", "refs/bisect/bad", "bisect/bad"} {
		require.Equal(t, c1, gitRevParseCommit(wt, rev), rev)
		t.Run(rev, func(t *testing.T) { checkRevLikeGit(t, wt, rev) })
	}
}
