package gittest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// Histories shared by the tests of several packages.

// PackedHistory builds a history whose files change a little in every commit
// (so that the pack holds delta chains), with a tag and a symbolic link.
func PackedHistory(t testing.TB) *Repo {
	g := New(t)
	var body strings.Builder
	for i := range 200 {
		fmt.Fprintf(&body, "line %d of a file long enough to be stored as a delta\n", i)
	}
	for i := range 12 {
		files := map[string]string{}
		for d := range 4 {
			files[fmt.Sprintf("svc/d%d/f%d.txt", d, i%3)] = body.String() + fmt.Sprintf("commit %d\n", i)
		}
		g.Commit(fmt.Sprintf("commit %d", i), files)
	}
	require.NoError(t, os.Symlink("svc/d0/f0.txt", filepath.Join(g.Dir, "link")))
	g.Commit("link", nil)
	g.Git("tag", "-a", "-m", "release", "v1")
	return g
}

// GraphHistory writes a history with merges, an octopus merge of four
// parents (the EDGE chunk) and commit dates past 2^32 seconds (the 33rd
// and 34th bits), and its commit-graph.
func GraphHistory(t testing.TB) *Repo {
	g := New(t)
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
			h = commit(fmt.Sprintf("b%d", b), 1_700_000_100+int64(b*10+i), h)
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
