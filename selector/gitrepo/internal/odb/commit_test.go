package odb

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"

	"github.com/gatesel/gatesel/internal/gittest"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCommitHeaderPrefix: a packed commit whose header ends early is read
// from its first compressed bytes only, and reads as the whole object
// does; one whose header is longer than they give (an octopus merge of 14
// parents), and a loose one, are read whole.
func TestCommitHeaderPrefix(t *testing.T) {
	g := gittest.New(t)
	var s strings.Builder
	commit := func(mark int, branch, msg string, parents ...int) {
		fmt.Fprintf(&s, "commit refs/heads/%s\nmark :%d\ncommitter C <c@example.com> %d +0000\ndata %d\n%s\n", branch, mark, 1_700_000_000+mark, len(msg), msg)
		for i, p := range parents {
			kind := "merge"
			if i == 0 {
				kind = "from"
			}
			fmt.Fprintf(&s, "%s :%d\n", kind, p)
		}
		fmt.Fprintf(&s, "M 644 inline f%d\ndata 1\n%d\n\n", mark, mark%10)
	}
	var long strings.Builder // a message that does not compress away
	for i := range 60 {
		sum := sha256.Sum256([]byte{byte(i)})
		long.WriteString(hex.EncodeToString(sum[:]) + "\n")
	}
	commit(1, "main", "root")
	var heads []int
	for b := range 14 {
		commit(2+b, fmt.Sprintf("b%d", b), "side", 1)
		heads = append(heads, 2+b)
	}
	commit(20, "main", "octopus", append([]int{1}, heads...)...)
	commit(21, "main", long.String(), 20)
	g.FastImport(s.String())
	g.Git("repack", "-a", "-d", "-q")
	loose := g.Commit("loose\n\n"+long.String(), map[string]string{"g": "1"})

	db, _, _, err := Open(g.Dir, false)
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	read := func(rev string) (prefix, whole []byte) {
		h := plumbing.NewHash(g.Git("rev-parse", rev))
		prefix, err := db.CommitHeader(h, nil)
		require.NoError(t, err, rev)
		whole, err = db.ReadObject(plumbing.CommitObject, h)
		require.NoError(t, err, rev)
		require.True(t, strings.HasPrefix(string(whole), string(prefix)), rev)
		w1, p1, e1 := ParseCommitHeader(prefix)
		w2, p2, e2 := ParseCommitHeader(whole)
		require.NoError(t, e1, rev)
		require.NoError(t, e2, rev)
		assert.Equal(t, w2, w1, rev)
		assert.Equal(t, p2, p1, rev)
		return prefix, whole
	}
	prefix, whole := read("main~1")
	assert.Less(t, len(prefix), len(whole)/4, "the message is not inflated")
	prefix, whole = read("main~2")
	assert.Len(t, p1parents(t, prefix), 15)
	assert.Equal(t, len(whole), len(prefix), "an octopus's header does not end in the first bytes: read whole")
	prefix, whole = read(loose)
	assert.Equal(t, len(whole), len(prefix), "a loose commit is read whole")
	prefix, whole = read("b3")
	assert.Equal(t, len(whole), len(prefix), "a short commit is all in the first bytes")
}

func p1parents(t *testing.T, data []byte) []plumbing.Hash {
	_, ps, err := ParseCommitHeader(data)
	require.NoError(t, err)
	return ps
}
