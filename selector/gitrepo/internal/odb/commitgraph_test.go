package odb

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/gatesel/gatesel/internal/gittest"
	cgraph "github.com/go-git/go-git/v5/plumbing/format/commitgraph/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sameGraphs compares graphFile with go-git's reader at every position.
func sameGraphs(t *testing.T, data []byte) {
	ours, err := parseCommitGraph(data)
	require.NoError(t, err)
	idx, err := cgraph.OpenFileIndex(memReaderAt{bytes.NewReader(data)})
	require.NoError(t, err)
	theirs := goGitGraph{idx}
	require.Equal(t, len(theirs.Hashes()), ours.n)
	for pos := range ours.n {
		h := ours.HashAt(pos)
		require.Equal(t, theirs.HashAt(pos), h)
		p, ok := ours.Position(h)
		require.True(t, ok)
		require.Equal(t, pos, p)
		a, err := ours.CommitAt(pos)
		require.NoError(t, err)
		b, err := theirs.CommitAt(pos)
		require.NoError(t, err)
		require.Equal(t, b, a, "commit %s", h)
	}
	var missing [20]byte
	missing[0], missing[19] = 0xff, 0xff
	_, ok := ours.Position(missing)
	assert.False(t, ok)
}

// TestCommitGraphAgreesWithGoGit: the commit-graph reader gives go-git's
// answers on a history with an octopus merge and 34-bit dates, and on the
// clone of GATESEL_BENCH_REPO when set.
func TestCommitGraphAgreesWithGoGit(t *testing.T) {
	g := gittest.GraphHistory(t)
	data, err := os.ReadFile(filepath.Join(g.Dir, ".git/objects/info/commit-graph"))
	require.NoError(t, err)
	sameGraphs(t, data)
	ours, err := parseCommitGraph(data)
	require.NoError(t, err)
	octopus, late := false, false
	for pos := range ours.n {
		e, err := ours.CommitAt(pos)
		require.NoError(t, err)
		octopus = octopus || len(e.Parents) == 4
		late = late || e.When > 1<<33
	}
	assert.True(t, octopus && late, "the history has an octopus merge and a date past 2^33")
	cg, release := openDB(t, g).OpenCommitGraph()
	_, isOurs := cg.(*graphFile)
	assert.True(t, isOurs, "the file is read with graphFile")
	require.NotNil(t, release, "the file is mapped")
	release()
	release() // twice is safe

	if repo := os.Getenv("GATESEL_BENCH_REPO"); repo != "" {
		data, err := os.ReadFile(filepath.Join(repo, ".git/objects/info/commit-graph"))
		if err == nil {
			sameGraphs(t, data)
		}
	}
}

// TestCommitGraphChain: a split chain of commit-graph files is read by
// go-git's reader.
func TestCommitGraphChain(t *testing.T) {
	g := gittest.GraphHistory(t)
	require.NoError(t, os.Remove(filepath.Join(g.Dir, ".git/objects/info/commit-graph")))
	g.Git("commit-graph", "write", "--reachable", "--split")
	g.Commit("one more", map[string]string{"x": "1"})
	g.Git("commit-graph", "write", "--reachable", "--split")
	cg, release := openDB(t, g).OpenCommitGraph()
	_, isGoGit := cg.(goGitGraph)
	require.True(t, isGoGit, "a chain is read by go-git")
	assert.Nil(t, release, "nothing is mapped")
}

// TestCommitGraphDamaged: a damaged file is refused or read without a
// panic; positions and parents never leave the file.
func TestCommitGraphDamaged(t *testing.T) {
	g := gittest.GraphHistory(t)
	data, err := os.ReadFile(filepath.Join(g.Dir, ".git/objects/info/commit-graph"))
	require.NoError(t, err)
	r := rand.New(rand.NewPCG(5, 8))
	for i := range 3000 {
		bad := bytes.Clone(data)
		switch i % 3 {
		case 0:
			bad = bad[:r.IntN(len(bad))]
		default:
			for range 1 + r.IntN(4) {
				bad[r.IntN(len(bad))] = byte(r.IntN(256))
			}
		}
		gf, err := parseCommitGraph(bad)
		if err != nil {
			continue
		}
		for pos := range gf.n {
			e, err := gf.CommitAt(pos)
			if err != nil {
				continue
			}
			for _, p := range e.Parents {
				require.Less(t, p, gf.n)
			}
			gf.Position(gf.HashAt(pos))
		}
		_, err = gf.CommitAt(gf.n)
		require.Error(t, err)
	}
}
