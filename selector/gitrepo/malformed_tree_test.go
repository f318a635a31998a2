package gitrepo_test

import (
	"context"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/gatesel/gatesel/selector/gitrepo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMalformedTreeInDiff: a tree of the change whose bytes stop parsing
// after a well-formed first entry is damage naming the tree and its path,
// never a diff of the entries before the damage: a directory compared
// entry by entry (b) and one added whole (d), git refusing both too.
func TestMalformedTreeInDiff(t *testing.T) {
	for _, dir := range []string{"b", "d"} {
		t.Run(dir, func(t *testing.T) {
			g := fidelityRepo(t)
			tree := g.Git("rev-parse", "topic:"+dir)
			blob := g.Git("rev-parse", "topic:"+dir+"/"+map[string]string{"b": "y.txt", "d": "new.txt"}[dir])
			h, err := hex.DecodeString(blob)
			require.NoError(t, err)
			// A first entry that sorts before the real one (a change of its
			// own), then an entry cut in its hash.
			body := append([]byte("100644 a.txt\x00"), h...)
			body = append(body, "100644 z.txt\x00abc"...)
			p := filepath.Join(g.Dir, ".git/objects", tree[:2], tree[2:])
			require.NoError(t, os.Chmod(p, 0o644))
			require.NoError(t, os.WriteFile(p, zlibBytes(t, append(fmt.Appendf(nil, "tree %d\x00", len(body)), body...)), 0o644))
			_, gitErr := g.GitErr("diff", "--name-only", "main...topic")
			require.Error(t, gitErr, "git refuses it too")

			d, err := gitOpen(g).Diff(context.Background(), "main", "topic")
			assert.Nil(t, d)
			var de *gitrepo.DamagedError
			require.ErrorAs(t, err, &de, "%v", err)
			assert.EqualError(t, err, "repository damaged: read tree "+tree+" ("+dir+"): object "+tree+": malformed tree")
		})
	}
}
