package gitrepo_test

import (
	"context"

	"github.com/gatesel/gatesel/internal/gittest"
	"github.com/gatesel/gatesel/selector/gitrepo"
	"github.com/stretchr/testify/require"
)

// gitOpen opens the test repository with Open; it is closed when the test ends.
func gitOpen(g *gittest.Repo) *gitrepo.Repo {
	g.T.Helper()
	r, err := gitrepo.Open(context.Background(), g.Dir)
	require.NoError(g.T, err)
	g.T.Cleanup(func() { _ = r.Close() })
	return r
}

// gitNameStatus is `git diff --name-status --no-renames base...head` as changes.
func gitNameStatus(g *gittest.Repo, base, head string) []gitrepo.Change {
	g.T.Helper()
	var cs []gitrepo.Change
	for _, l := range g.NameStatus(base, head) {
		cs = append(cs, gitrepo.Change{Path: l[1], Status: gitrepo.Status(l[0])})
	}
	return cs
}

// mergeBases is every merge base of d: MergeBases, or the single MergeBase.
func mergeBases(d *gitrepo.Diff) []string {
	if len(d.MergeBases) == 0 {
		return []string{d.MergeBase}
	}
	return d.MergeBases
}
