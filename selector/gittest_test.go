package selector

import (
	"context"

	"github.com/gatesel/gatesel/internal/gittest"
	"github.com/gatesel/gatesel/selector/gitrepo"
	"github.com/stretchr/testify/require"
)

// gitOpen opens the test repository with Open.
func gitOpen(g *gittest.Repo) *gitrepo.Repo {
	g.T.Helper()
	r, err := gitrepo.Open(context.Background(), g.Dir)
	require.NoError(g.T, err)
	return r
}
