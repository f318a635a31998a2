package gitrepo

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gatesel/gatesel/internal/gittest"
	cgraph "github.com/go-git/go-git/v5/plumbing/format/commitgraph/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// graphHistory writes a history with merges, an octopus merge of four
// parents (the EDGE chunk) and commit dates past 2^32 seconds (the 33rd
// and 34th bits), and its commit-graph.
func graphHistory(t *testing.T) *gittest.Repo {
	g := gittest.New(t)
	var s strings.Builder
	mark := 0
	commit := func(branch string, date int64, parents ...int) int {
		mark++
		fmt.Fprintf(&s, "commit refs/heads/%s\nmark :%d\ncommitter C <c@example.com> %d +0000\ndata 0\n", branch, mark, date)
		for i, p := range parents {
			if i == 0 {
				fmt.Fprintf(&s, "from :%d\n", p)
			} else {
				fmt.Fprintf(&s, "merge :%d\n", p)
			}
		}
		fmt.Fprintf(&s, "M 644 inline f%d\ndata 2\n%02d\n\n", mark%7, mark%100)
		return mark
	}
	root := commit("main", 1_700_000_000)
	tip := root
	var heads []int
	for b := range 3 {
		h := root
		for i := range 5 {
			if i == 0 {
				h = commit(fmt.Sprintf("b%d", b), 1_700_000_100+int64(b*10+i), h)
			} else {
				h = commit(fmt.Sprintf("b%d", b), 1_700_000_100+int64(b*10+i), h)
			}
		}
		heads = append(heads, h)
	}
	tip = commit("main", 1_700_001_000, append([]int{tip}, heads...)...) // octopus
	for i := range 20 {
		tip = commit("main", 5_000_000_000+int64(i)*3_000_000_000, tip) // past 2^32 and 2^33
	}
	side := commit("side", 1_700_002_000, heads[0])
	commit("main", 17_000_000_000, tip, side)
	g.FastImport(s.String())
	g.Git("tag", "oct", "main~21")
	g.Git("commit-graph", "write", "--reachable")
	return g
}

// sameGraphs compares graphFile with go-git's reader at every position.
func sameGraphs(t *testing.T, data []byte) {
	ours, err := parseCommitGraph(data)
	require.NoError(t, err)
	idx, err := cgraph.OpenFileIndex(memReaderAt{bytes.NewReader(data)})
	require.NoError(t, err)
	theirs := goGitGraph{idx}
	require.Equal(t, len(theirs.Hashes()), ours.n)
	for pos := range ours.n {
		h := ours.hashAt(pos)
		require.Equal(t, theirs.hashAt(pos), h)
		p, ok := ours.position(h)
		require.True(t, ok)
		require.Equal(t, pos, p)
		a, err := ours.commitAt(pos)
		require.NoError(t, err)
		b, err := theirs.commitAt(pos)
		require.NoError(t, err)
		require.Equal(t, b, a, "commit %s", h)
	}
	var missing [20]byte
	missing[0], missing[19] = 0xff, 0xff
	_, ok := ours.position(missing)
	assert.False(t, ok)
}

// TestCommitGraphAgreesWithGoGit: the commit-graph reader gives go-git's
// answers on a history with an octopus merge and 34-bit dates, and on the
// clone of GATESEL_BENCH_REPO when set.
func TestCommitGraphAgreesWithGoGit(t *testing.T) {
	g := graphHistory(t)
	data, err := os.ReadFile(filepath.Join(g.Dir, ".git/objects/info/commit-graph"))
	require.NoError(t, err)
	sameGraphs(t, data)
	ours, err := parseCommitGraph(data)
	require.NoError(t, err)
	octopus, late := false, false
	for pos := range ours.n {
		e, err := ours.commitAt(pos)
		require.NoError(t, err)
		octopus = octopus || len(e.parents) == 4
		late = late || e.when > 1<<33
	}
	assert.True(t, octopus && late, "the history has an octopus merge and a date past 2^33")
	_, isOurs := gitOpen(g).walk.commitGraph().(*graphFile)
	assert.True(t, isOurs, "the walk reads the file with graphFile")

	if repo := os.Getenv("GATESEL_BENCH_REPO"); repo != "" {
		data, err := os.ReadFile(filepath.Join(repo, ".git/objects/info/commit-graph"))
		if err == nil {
			sameGraphs(t, data)
		}
	}
}

// TestCommitGraphMergeBases: merge bases and ancestors through the
// commit-graph are git's, with a single file and with a split chain
// (go-git's reader).
func TestCommitGraphMergeBases(t *testing.T) {
	g := graphHistory(t)
	pairs := [][2]string{{"main", "side"}, {"b0", "b1"}, {"main~3", "b2"}, {"side", "b2~2"}, {"oct^2", "oct^4"}, {"side~1", "oct^3~1"}}
	check := func(t *testing.T) {
		r := gitOpen(g)
		for _, p := range pairs {
			want := g.Git("merge-base", "--all", p[0], p[1])
			a, err := r.resolve(p[0], "revision")
			require.NoError(t, err)
			b, err := r.resolve(p[1], "revision")
			require.NoError(t, err)
			bases, _, err := r.walk.mergeBases(a, b)
			require.NoError(t, err)
			var got []string
			for _, h := range bases {
				got = append(got, h.String())
			}
			assert.ElementsMatch(t, strings.Fields(want), got, "%s %s", p[0], p[1])
		}
		for _, rev := range []string{"oct~1", "oct^4", "oct^3~2", "side~4", "main~21"} {
			got, err := r.resolve(rev, "revision")
			require.NoError(t, err, rev)
			assert.Equal(t, g.Git("rev-parse", rev), got.String(), rev)
		}
	}
	t.Run("file", check)
	require.NoError(t, os.Remove(filepath.Join(g.Dir, ".git/objects/info/commit-graph")))
	g.Git("commit-graph", "write", "--reachable", "--split")
	g.Commit("one more", map[string]string{"x": "1"})
	g.Git("commit-graph", "write", "--reachable", "--split")
	t.Run("chain", func(t *testing.T) {
		_, isGoGit := gitOpen(g).walk.commitGraph().(goGitGraph)
		require.True(t, isGoGit, "a chain is read by go-git")
		check(t)
	})
}

// TestCommitGraphDamaged: a damaged file is refused or read without a
// panic; positions and parents never leave the file.
func TestCommitGraphDamaged(t *testing.T) {
	g := graphHistory(t)
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
			e, err := gf.commitAt(pos)
			if err != nil {
				continue
			}
			for _, p := range e.parents {
				require.Less(t, p, gf.n)
			}
			gf.position(gf.hashAt(pos))
		}
		_, err = gf.commitAt(gf.n)
		require.Error(t, err)
	}
}
