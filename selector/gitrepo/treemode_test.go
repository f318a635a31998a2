package gitrepo_test

import (
	"context"
	"encoding/hex"
	"testing"

	"github.com/gatesel/gatesel/internal/gittest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTreeModeCanonical: git canonicalises a tree entry's mode when
// it decodes a tree (canon_mode: a regular file is 100755 when the owner's
// execute bit 0100 is set, else 100644): a file whose mode is 100654 in one
// tree and 100644 in the other (same blob) is no change.
func TestTreeModeCanonical(t *testing.T) {
	g := gittest.New(t)
	blob, err := g.GitIn(g.Dir, "x\n", "hash-object", "-w", "--stdin")
	require.NoError(t, err)
	raw, err := hex.DecodeString(blob[:40])
	require.NoError(t, err)
	tree := func(mode string) string {
		out, err := g.GitIn(g.Dir, mode+" f\x00"+string(raw), "hash-object", "-t", "tree", "-w", "--literally", "--stdin")
		require.NoError(t, err)
		return out[:40]
	}
	c1 := g.Git("commit-tree", "-m", "one", tree("100644"))
	c2 := g.Git("commit-tree", "-p", c1, "-m", "two", tree("100654"))
	g.Git("update-ref", "refs/heads/main", c2)
	require.Empty(t, g.Git("diff", "--name-only", "--no-renames", c1+"..."+c2))
	d, err := gitOpen(g).Diff(context.Background(), c1, c2)
	require.NoError(t, err)
	assert.Empty(t, d.Changes, "git diff --name-only --no-renames c1...c2 is empty")
}
