package gitrepo

import (
	"context"

	"github.com/gatesel/gatesel/internal/gittest"
	"github.com/stretchr/testify/require"
)

// gitOpen opens the test repository with Open.
func gitOpen(g *gittest.Repo) *Repo {
	g.T.Helper()
	r, err := Open(context.Background(), g.Dir)
	require.NoError(g.T, err)
	return r
}

// gitNameStatus is `git diff --name-status --no-renames base...head` as changes.
func gitNameStatus(g *gittest.Repo, base, head string) []Change {
	g.T.Helper()
	var cs []Change
	for _, l := range g.NameStatus(base, head) {
		cs = append(cs, Change{Path: l[1], Status: Status(l[0])})
	}
	return cs
}
