package odb

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gatesel/gatesel/internal/gittest"
	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5/plumbing"
	cgraph "github.com/go-git/go-git/v5/plumbing/format/commitgraph/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// goGitGraph is go-git's reader, to compare with.
type goGitGraph struct{ cgraph.Index }

func (g goGitGraph) HashAt(pos int) plumbing.Hash {
	h, _ := g.GetHashByIndex(uint32(pos))
	return h
}

func (g goGitGraph) CommitAt(pos int, _ []int) (GraphEntry, error) {
	d, err := g.GetCommitDataByIndex(uint32(pos))
	if err != nil {
		return GraphEntry{}, err
	}
	e := GraphEntry{Tree: d.TreeHash, When: d.When.Unix()}
	for _, p := range d.ParentIndexes {
		e.Parents = append(e.Parents, int(p))
	}
	return e, nil
}

type memReaderAt struct{ *bytes.Reader }

func (memReaderAt) Close() error { return nil }

// sameGraphs compares graphFile with go-git's reader at every position.
func sameGraphs(t *testing.T, data []byte) {
	f, err := parseCommitGraph(data, 0, true)
	require.NoError(t, err)
	idx, err := cgraph.OpenFileIndex(memReaderAt{bytes.NewReader(data)})
	require.NoError(t, err)
	sameAsGoGit(t, newGraph(f), goGitGraph{idx})
}

// sameAsGoGit compares the graph with go-git's at every position.
func sameAsGoGit(t *testing.T, ours *graph, theirs goGitGraph) {
	require.Equal(t, len(theirs.Hashes()), ours.n)
	for pos := range ours.n {
		h := ours.HashAt(pos)
		require.Equal(t, theirs.HashAt(pos), h)
		p, ok := ours.Position(h)
		require.True(t, ok)
		require.Equal(t, pos, p)
		a, err := ours.CommitAt(pos, nil)
		require.NoError(t, err)
		b, err := theirs.CommitAt(pos, nil)
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
	f, err := parseCommitGraph(data, 0, true)
	require.NoError(t, err)
	ours := newGraph(f)
	octopus, late := false, false
	for pos := range ours.n {
		e, err := ours.CommitAt(pos, nil)
		require.NoError(t, err)
		octopus = octopus || len(e.Parents) == 4
		late = late || e.When > 1<<33
	}
	assert.True(t, octopus && late, "the history has an octopus merge and a date past 2^33")
	cg, release, warn := openDB(t, g).OpenCommitGraph()
	require.NoError(t, warn)
	require.NotNil(t, cg)
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

// TestCommitGraphChain: a split chain of commit-graph files is read here,
// as go-git reads it.
func TestCommitGraphChain(t *testing.T) {
	g := gittest.GraphHistory(t)
	require.NoError(t, os.Remove(filepath.Join(g.Dir, ".git/objects/info/commit-graph")))
	g.Git("commit-graph", "write", "--reachable", "--split")
	g.Commit("one more", map[string]string{"x": "1"})
	g.Git("commit-graph", "write", "--reachable", "--split")
	chain, err := os.ReadFile(filepath.Join(g.Dir, ".git/objects/info/commit-graphs/commit-graph-chain"))
	require.NoError(t, err)
	require.Len(t, strings.Fields(string(chain)), 2, "two layers")
	cg, release, warn := openDB(t, g).OpenCommitGraph()
	require.NoError(t, warn)
	require.NotNil(t, release, "the files are mapped")
	defer release()
	idx, err := cgraph.OpenChainIndex(osfs.New(filepath.Join(g.Dir, ".git")))
	require.NoError(t, err)
	sameAsGoGit(t, cg.(*graph), goGitGraph{idx})
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
		f, err := parseCommitGraph(bad, 0, true)
		if err != nil {
			continue
		}
		gf := newGraph(f)
		for pos := range gf.n {
			e, err := gf.CommitAt(pos, nil)
			if err != nil {
				continue
			}
			for _, p := range e.Parents {
				require.Less(t, p, gf.n)
			}
			gf.Position(gf.HashAt(pos))
		}
		_, err = gf.CommitAt(gf.n, nil)
		require.Error(t, err)
	}
}
