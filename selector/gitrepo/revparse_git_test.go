package gitrepo_test

import (
	"context"
	"crypto/sha1"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/gatesel/gatesel/internal/gittest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// gitRevParseCommit is `git rev-parse --verify -q REV^{commit}`: the commit, or
// "" when git refuses the revision.
func gitRevParseCommit(g *gittest.Repo, rev string) string {
	g.T.Helper()
	out, err := g.GitErr("rev-parse", "--verify", "-q", rev+"^{commit}")
	if err != nil {
		return ""
	}
	return out
}

// checkRevLikeGit resolves rev with a fresh Repo and compares with git: the
// same commit, or an error when git refuses.
func checkRevLikeGit(t *testing.T, g *gittest.Repo, rev string) {
	t.Helper()
	want := gitRevParseCommit(g, rev)
	got, err := gitOpen(g).Resolve(context.Background(), rev)
	if want == "" {
		assert.Error(t, err, "git refuses %q, gatesel resolved it to %s", rev, got.Commit)
		return
	}
	if assert.NoError(t, err, "git resolves %q to %s", rev, want) {
		assert.Equal(t, want, got.Commit, "rev %q", rev)
	}
}

// TestRefBeforeShortHash: git looks a name up as a ref before
// it reads it as a short hash (get_oid_1: get_oid_basic, then
// get_short_oid), so a branch whose name is a hash prefix of another commit
// is that branch.
func TestRefBeforeShortHash(t *testing.T) {
	g := gittest.New(t)
	c1 := g.Commit("one", map[string]string{"a": "1"})
	c2 := g.Commit("two", map[string]string{"a": "2"})
	g.Git("branch", c2[:7], c1) // a branch named like c2's short hash, at c1
	require.Equal(t, c1, gitRevParseCommit(g, c2[:7]))
	checkRevLikeGit(t, g, c2[:7])
	checkRevLikeGit(t, g, c2[:7]+"~0")
}

// TestRefBeforeAmbiguousShortHash: a branch named like a short
// hash that is ambiguous among commits is still the branch for git.
func TestRefBeforeAmbiguousShortHash(t *testing.T) {
	g := gittest.New(t)
	// Find two commits (two children of a root) whose hashes share 4 digits.
	root := g.Commit("root", map[string]string{"a": "0"})
	seen := map[string]string{}
	var prefix string
	for i := 0; prefix == "" && i < 2000; i++ {
		c := g.Git("commit-tree", "-p", root, "-m", fmt.Sprint("c", i), root+"^{tree}")
		if _, ok := seen[c[:4]]; ok {
			prefix = c[:4]
		}
		seen[c[:4]] = c
	}
	require.NotEmpty(t, prefix)
	g.Git("branch", prefix, root)
	require.Equal(t, root, gitRevParseCommit(g, prefix))
	checkRevLikeGit(t, g, prefix)
}

// TestFetchHead: FETCH_HEAD holds "HASH<TAB>...<TAB>description"
// lines; git resolves FETCH_HEAD to the first line's hash (the common CI
// idiom `git fetch origin main && … --base FETCH_HEAD`).
func TestFetchHead(t *testing.T) {
	up := gittest.New(t)
	c1 := up.Commit("one", map[string]string{"a": "1"})
	g := gittest.New(t)
	g.Commit("local", map[string]string{"b": "1"})
	g.Git("fetch", "-q", up.Dir, "main")
	require.Equal(t, c1, gitRevParseCommit(g, "FETCH_HEAD"))
	checkRevLikeGit(t, g, "FETCH_HEAD")
}

// TestSymrefWithoutSpace: git reads "ref:" followed by optional
// blanks as a symbolic ref (parse_loose_ref_contents).
func TestSymrefWithoutSpace(t *testing.T) {
	g := gittest.New(t)
	g.Commit("one", map[string]string{"a": "1"})
	require.NoError(t, os.WriteFile(filepath.Join(g.Dir, ".git/refs/heads/alias"), []byte("ref:refs/heads/main\n"), 0o644))
	require.NotEmpty(t, gitRevParseCommit(g, "alias"))
	checkRevLikeGit(t, g, "alias")
}

// TestMalformedRefNamesRefused: names that git's check_refname_format
// refuses (an empty component, a component starting with a dot, a leading
// slash) are refused, not opened as paths the OS would normalise into
// another ref.
func TestMalformedRefNamesRefused(t *testing.T) {
	g := gittest.New(t)
	g.Commit("one", map[string]string{"a": "1"})
	for _, rev := range []string{"refs/heads//main", "heads//main", "/main", "refs/heads/./main", "./main"} {
		t.Run(rev, func(t *testing.T) { checkRevLikeGit(t, g, rev) })
	}
}

// TestBrokenLooseRefNotPacked: a loose ref that is not a valid
// ref (an empty file after a crash) shadows its packed entry: the ref is
// broken, as for git, and the stale packed value is not read.
func TestBrokenLooseRefNotPacked(t *testing.T) {
	g := gittest.New(t)
	g.Commit("one", map[string]string{"a": "1"})
	g.Git("branch", "topic")
	g.Git("pack-refs", "--all")
	g.Commit("two", map[string]string{"a": "2"})
	g.Git("update-ref", "refs/heads/topic", "HEAD") // loose topic now shadows the packed one
	require.NoError(t, os.WriteFile(filepath.Join(g.Dir, ".git/refs/heads/topic"), nil, 0o644))
	require.Empty(t, gitRevParseCommit(g, "topic"), "git refuses the broken ref")
	checkRevLikeGit(t, g, "topic")
	_, err := gitOpen(g).Resolve(context.Background(), "topic")
	assert.EqualError(t, err, `resolve revision topic: broken ref refs/heads/topic: it holds "" (git reports it too; fix or delete the ref file)`)
}

// TestShortHashCommitAndItsTag: a short hash that is the prefix of a
// commit and of an annotated tag of that commit is ambiguous for git (two
// committish objects).
func TestShortHashCommitAndItsTag(t *testing.T) {
	g := gittest.New(t)
	c := g.Commit("one", map[string]string{"a": "1"})
	var body string
	for i := 0; ; i++ {
		body = fmt.Sprintf("object %s\ntype commit\ntag t%d\ntagger T <t@example.com> 1700000000 +0000\n\nm\n", c, i)
		sum := sha1.Sum([]byte(fmt.Sprintf("tag %d\x00%s", len(body), body)))
		if fmt.Sprintf("%x", sum[:2]) == c[:4] {
			break
		}
	}
	tag, err := g.GitIn(g.Dir, body, "hash-object", "-t", "tag", "-w", "--stdin")
	require.NoError(t, err)
	require.Equal(t, c[:4], tag[:4])
	require.Empty(t, gitRevParseCommit(g, c[:4]), "git: short object ID is ambiguous")
	checkRevLikeGit(t, g, c[:4])
}

// TestHexNamedTagBeforeShortHash: a tag named 2024 (or a branch named
// cafe, dead, beef, 1234…) is a hex word; a commit whose hash starts with
// those digits (about one chance in two in a repository of 45,000 commits)
// does not take the name from the tag.
func TestHexNamedTagBeforeShortHash(t *testing.T) {
	g := gittest.New(t)
	c1 := g.Commit("one", map[string]string{"a": "1"})
	g.Git("tag", "-a", "-m", "the 2024 release", "2024", c1)
	tree := g.Git("rev-parse", c1+"^{tree}")
	var body string
	for i := 0; ; i++ { // an unrelated commit whose hash starts with 2024
		body = fmt.Sprintf("tree %s\nparent %s\nauthor A <a@example.com> 1700000000 +0000\ncommitter C <c@example.com> 1700000000 +0000\n\nwip %d\n", tree, c1, i)
		sum := sha1.Sum([]byte(fmt.Sprintf("commit %d\x00%s", len(body), body)))
		if fmt.Sprintf("%x", sum[:2]) == "2024" {
			break
		}
	}
	other, err := g.GitIn(g.Dir, body, "hash-object", "-t", "commit", "-w", "--stdin")
	require.NoError(t, err)
	g.Git("update-ref", "refs/heads/wip", other[:40])
	require.Equal(t, c1, gitRevParseCommit(g, "2024"))
	checkRevLikeGit(t, g, "2024")
}
