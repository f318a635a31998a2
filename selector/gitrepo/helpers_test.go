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
