package gitrepo_test

import (
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/binary"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"

	"github.com/gatesel/gatesel/internal/gittest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// setGraphTree rewrites the root tree the commit-graph file records for
// commit, and its checksum, as a damaged or forged file would say it.
func setGraphTree(t *testing.T, g *gittest.Repo, commit, tree string) {
	t.Helper()
	name := filepath.Join(g.Dir, ".git/objects/info/commit-graph")
	b, err := os.ReadFile(name)
	require.NoError(t, err)
	chunk := func(id string) []byte {
		for i := range int(b[6]) {
			e := b[8+12*i:]
			if string(e[:4]) == id {
				return b[binary.BigEndian.Uint64(e[4:]):binary.BigEndian.Uint64(e[16:])]
			}
		}
		t.Fatalf("no %s chunk", id)
		return nil
	}
	oids, cdat := chunk("OIDL"), chunk("CDAT")
	want, err := hex.DecodeString(commit)
	require.NoError(t, err)
	tr, err := hex.DecodeString(tree)
	require.NoError(t, err)
	pos := -1
	for i := 0; i < len(oids)/20; i++ {
		if bytes.Equal(oids[20*i:20*i+20], want) {
			pos = i
		}
	}
	require.GreaterOrEqual(t, pos, 0, "the commit is in the graph")
	copy(cdat[36*pos:], tr)
	sum := sha1.Sum(b[:len(b)-20])
	copy(b[len(b)-20:], sum[:])
	require.NoError(t, os.Chmod(name, 0o644))
	require.NoError(t, os.WriteFile(name, b, 0o644))
}

// TestCommitGraphTreeChecked (13.1): a commit-graph that names another
// root tree for an end point (the head, or the merge base) gave an empty
// plan where git diff, reading the commit objects, lists the change. The trees come from the commit
// objects; the graph that disagrees is ignored, with a warning, and the
// change is git's.
func TestCommitGraphTreeChecked(t *testing.T) {
	for _, end := range []string{"topic", "main~1"} { // the head, the merge base
		t.Run(end, func(t *testing.T) {
			g := fidelityRepo(t)
			g.Git("commit-graph", "write", "--reachable")
			// The end point's graph tree made the other end's: no change.
			other := map[string]string{"topic": "main~1", "main~1": "topic"}[end]
			setGraphTree(t, g, g.Git("rev-parse", end), g.Git("rev-parse", other+"^{tree}"))
			// git reads the commits (git reads the forged tree of a merge
			// base from the graph too: with it, its diff is empty).
			g.Git("config", "core.commitGraph", "false")
			want := gitNameStatus(g, "main", "topic")
			require.NotEmpty(t, want)
			g.Git("config", "core.commitGraph", "true")
			d, err := gitOpen(g).Diff(context.Background(), "main", "topic")
			require.NoError(t, err)
			assert.Equal(t, want, d.Changes)
			assert.Equal(t, g.Git("merge-base", "main", "topic"), d.MergeBase)
			require.Len(t, d.Warnings, 1)
			assert.Contains(t, d.Warnings[0], "the commit-graph is ignored: it names tree ")
		})
	}
}

// TestCommitGraphChecksum (13.1): a commit-graph whose checksum does not
// match is ignored with a warning; the history is read from the commits.
func TestCommitGraphChecksum(t *testing.T) {
	g := fidelityRepo(t)
	writeDamagedGraph(t, g)
	_, gitErr := g.GitErr("commit-graph", "verify")
	require.Error(t, gitErr, "git commit-graph verify reports it")
	d, err := gitOpen(g).Diff(context.Background(), "main", "topic")
	require.NoError(t, err)
	assert.Equal(t, gitNameStatus(g, "main", "topic"), d.Changes)
	require.Len(t, d.Warnings, 1)
	assert.Contains(t, d.Warnings[0], "the commit-graph is ignored: ")
	assert.Contains(t, d.Warnings[0], "checksum mismatch")
}

// TestCommitGraphConfiguredOff: with core.commitGraph false, git reads no
// commit-graph, and neither does gatesel: a damaged one is not even
// opened (no warning), and the history comes from the commits.
func TestCommitGraphConfiguredOff(t *testing.T) {
	g := fidelityRepo(t)
	writeDamagedGraph(t, g)
	g.Git("config", "core.commitGraph", "false")
	d, err := gitOpen(g).Diff(context.Background(), "main", "topic")
	require.NoError(t, err)
	assert.Equal(t, gitNameStatus(g, "main", "topic"), d.Changes)
	assert.Empty(t, d.Warnings)

	g.Git("config", "core.commitGraph", "true")
	d, err = gitOpen(g).Diff(context.Background(), "main", "topic")
	require.NoError(t, err)
	require.Len(t, d.Warnings, 1, "read again when it is on")
}

// writeDamagedGraph writes g's commit-graph with its checksum's last byte
// flipped.
func writeDamagedGraph(t *testing.T, g *gittest.Repo) {
	t.Helper()
	g.Git("commit-graph", "write", "--reachable")
	name := filepath.Join(g.Dir, ".git/objects/info/commit-graph")
	b, err := os.ReadFile(name)
	require.NoError(t, err)
	b[len(b)-1] ^= 0xff
	require.NoError(t, os.Chmod(name, 0o644))
	require.NoError(t, os.WriteFile(name, b, 0o644))
}
