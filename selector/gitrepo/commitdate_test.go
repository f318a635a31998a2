package gitrepo_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/gatesel/gatesel/internal/gittest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCommitDatesAsGit: the merge-base walk orders commits by the date git's
// parse_commit_date reads, and the order of several merge bases follows
// it. A history of commits with skewed dates and odd committer lines that
// git itself accepts (a name over a kilobyte, '>' in the name, no author
// line, negative, overflowing and trailing-garbage dates, no '>', no final
// newline) gives `git merge-base --all`'s bases in its order. (Without a
// commit-graph only: git 2.39's `commit-graph write` does not finish on a
// history with dates near 2^64; TestMergeBaseAgainstGit covers the graph.)
func TestCommitDatesAsGit(t *testing.T) {
	g := gittest.New(t)
	tree, err := g.GitIn(g.Dir, "", "hash-object", "-t", "tree", "-w", "--stdin")
	require.NoError(t, err)
	tree = tree[:40]
	rng := rand.New(rand.NewPCG(7, 8))
	header := func(i int) string {
		d := fmt.Sprint(1_600_000_000 + rng.IntN(200) - 100) // skewed: not in the order of the history
		long := strings.Repeat("n", 1500+i)
		switch i % 13 {
		case 0:
			return "author " + long + " <a> 1 +0000\ncommitter " + long + " <c> " + d + " +0000\n"
		case 1:
			return "committer C <c> " + d + " +0000\n" // no author line: date 0
		case 2:
			return "authorx A <a> 1 +0000\ncommitter C> <c> " + d + " +0000\n"
		case 3:
			return "author A <a> 1 +0000\ncommitter C <c> -" + d + " +0000\n"
		case 4:
			return "author A <a> 1 +0000\ncommitter C <c> 99999999999999999999 +0000\n"
		case 5:
			return "author A <a> 1 +0000\ncommitter C c " + d + " +0000\n"
		case 6:
			return "author A <a> 1 +0000\ncommitter C <c> \t " + d + "foo +0000\r\n"
		case 7:
			return "x-extra y\nauthor A <a> 1 +0000\ncommitter C <c> " + d + " +0000\n"
		case 8:
			return "author A <a> 1 +0000\ncommitter C <c> 18446744073709551615 +0000\n"
		case 9:
			return "author A <a> 1 +0000\ncommitter C <c>\n"
		default:
			return "author A <a> 1 +0000\ncommitter C <c> " + d + " +0000\n"
		}
	}
	var hashes []string
	for i := range 160 {
		var b strings.Builder
		fmt.Fprintf(&b, "tree %s\n", tree)
		if i > 0 {
			fmt.Fprintf(&b, "parent %s\n", hashes[max(0, i-1-rng.IntN(4))])
			if i > 3 && rng.IntN(3) == 0 {
				fmt.Fprintf(&b, "parent %s\n", hashes[rng.IntN(i)])
			}
		}
		b.WriteString(header(i))
		if i%17 != 5 { // else the header is the whole object
			b.WriteString("\nc\n")
		}
		out, err := g.GitIn(g.Dir, b.String(), "hash-object", "-t", "commit", "-w", "--literally", "--stdin")
		require.NoError(t, err)
		hashes = append(hashes, out[:40])
	}
	g.Git("update-ref", "refs/heads/main", hashes[len(hashes)-1])
	type pair struct{ a, b, want string }
	var pairs []pair
	multiple := 0
	for range 150 {
		a, b := hashes[20+rng.IntN(len(hashes)-20)], hashes[20+rng.IntN(len(hashes)-20)]
		out, err := g.GitErr("merge-base", "--all", a, b)
		require.NoError(t, err)
		pairs = append(pairs, pair{a, b, out})
		if strings.Contains(out, "\n") {
			multiple++
		}
	}
	require.Greater(t, multiple, 10, "the history has criss-cross merges")
	r := gitOpen(g)
	for _, p := range pairs {
		d, err := r.Diff(context.Background(), p.a, p.b)
		require.NoError(t, err)
		assert.Equal(t, p.want, strings.Join(mergeBases(d), "\n"), "merge-base --all %s %s", p.a, p.b)
	}
}
