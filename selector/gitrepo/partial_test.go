package gitrepo_test

import (
	"context"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gatesel/gatesel/internal/gittest"
	"github.com/gatesel/gatesel/selector/gitrepo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// partialClone clones src through file:// with a filter, as CI does for
// large repositories (git clone --filter=tree:0).
func partialClone(t *testing.T, src *gittest.Repo, filter string) *gittest.Repo {
	src.Git("config", "uploadpack.allowFilter", "true")
	dir := filepath.Join(t.TempDir(), "clone")
	src.Git("clone", "-q", "--no-checkout", "--filter="+filter, "file://"+src.Dir, dir)
	c := at(src, dir)
	c.Git("branch", "-q", "topic", "origin/topic")
	// git fetch --refetch starts a gc in the background, which would
	// still be writing when the test's directory is removed.
	c.Git("config", "gc.autoDetach", "false")
	return c
}

// TestPartialCloneMissingTree (13.4): in a treeless clone
// (--filter=tree:0) a tree the change needs is not there: missing history
// (exit 3) naming the object, with the command that fixes the clone —
// and running that command makes the diff git's.
func TestPartialCloneMissingTree(t *testing.T) {
	src := fidelityRepo(t)
	c := partialClone(t, src, "tree:0")
	r := gitOpen(c)
	_, err := r.Diff(context.Background(), "main", "topic")
	var he *gitrepo.HistoryError
	require.ErrorAs(t, err, &he, "%v", err)
	assert.Equal(t, gitrepo.MissingObject, he.Problem)
	assert.True(t, he.MissingHistory())
	assert.ErrorIs(t, err, gitrepo.ErrMissingObject)
	require.True(t, strings.Contains(err.Error(), he.Object), "the error names the object: %v", err)
	assert.Contains(t, err.Error(), "missing from this partial clone (remote origin, filter tree:0)")
	require.Equal(t, []string{"git fetch --refetch --filter=blob:none origin", "git fetch --refetch --no-filter origin"}, he.Commands)
	assert.Contains(t, strings.Fields(c.Git("rev-list", "--objects", "--missing=print", "--all")), "?"+he.Object, "the object is really missing")

	// The first command fixes it.
	c.Git(strings.Fields(he.Commands[0])[1:]...)
	assert.Equal(t, gitNameStatus(c, "main", "topic"), diffChanges(t, gitOpen(c), "main", "topic"))
	assert.NotEmpty(t, gitNameStatus(c, "main", "topic"))
}

// TestPartialCloneBlobless: a blob:none clone has every tree, so the
// diff is git's; a missing blob (a policy file at the base) is missing
// history naming it, fixed by the second kind of command.
func TestPartialCloneBlobless(t *testing.T) {
	src := fidelityRepo(t)
	c := partialClone(t, src, "blob:none")
	assert.Equal(t, gitNameStatus(c, "main", "topic"), diffChanges(t, gitOpen(c), "main", "topic"))
	fsys, err := gitOpen(c).TreeFS(context.Background(), "main~1")
	require.NoError(t, err)
	_, err = fs.ReadFile(fsys, "b/y.txt")
	var he *gitrepo.HistoryError
	require.ErrorAs(t, err, &he, "%v", err)
	assert.Equal(t, gitrepo.MissingObject, he.Problem)
	assert.Equal(t, []string{"git fetch --refetch --no-filter origin"}, he.Commands)
	c.Git(strings.Fields(he.Commands[0])[1:]...)
	fsys, err = gitOpen(c).TreeFS(context.Background(), "main~1")
	require.NoError(t, err)
	data, err := fs.ReadFile(fsys, "b/y.txt")
	require.NoError(t, err)
	assert.Equal(t, "1\n", string(data))
}

// diffChanges is Diff's changes, which must not fail.
func diffChanges(t *testing.T, r *gitrepo.Repo, base, head string) []gitrepo.Change {
	t.Helper()
	d, err := r.Diff(context.Background(), base, head)
	require.NoError(t, err)
	return d.Changes
}
