package gitrepo_test

import (
	"context"
	"errors"
	"testing"

	"github.com/gatesel/gatesel/internal/gittest"
	"github.com/gatesel/gatesel/selector/gitrepo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestIsAncestor checks IsAncestor against git merge-base --is-ancestor on
// a history with a side branch and a rewritten (force-pushed) commit.
func TestIsAncestor(t *testing.T) {
	g := gittest.New(t)
	a := g.Commit("a", map[string]string{"a": "1"})
	b := g.Commit("b", map[string]string{"b": "1"})
	g.Git("checkout", "-q", "-b", "side", a)
	side := g.Commit("side", map[string]string{"s": "1"})
	g.Git("checkout", "-q", "-")
	g.Git("reset", "-q", "--hard", a)
	rewritten := g.Commit("b again", map[string]string{"b": "2"})
	r := gitOpen(g)
	ctx := context.Background()
	for _, tc := range [][2]string{{a, b}, {b, a}, {a, a}, {side, rewritten}, {b, rewritten}, {a, rewritten}, {a, side}} {
		_, gitErr := g.GitErr("merge-base", "--is-ancestor", tc[0], tc[1])
		got, err := r.IsAncestor(ctx, tc[0], tc[1])
		require.NoError(t, err)
		assert.Equal(t, gitErr == nil, got, "is %s an ancestor of %s", tc[0][:7], tc[1][:7])
	}
	_, err := r.IsAncestor(ctx, "1111111111111111111111111111111111111111", a)
	require.ErrorIs(t, err, gitrepo.ErrNoBase)
	var he *gitrepo.HistoryError
	require.True(t, errors.As(err, &he))
	assert.Equal(t, gitrepo.NotFound, he.Problem)
}
