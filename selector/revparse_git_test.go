package selector

import (
	"context"
	"crypto/sha1"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// gitRevParseCommit is `git rev-parse --verify -q REV^{commit}`: the commit, or
// "" when git refuses the revision.
func gitRevParseCommit(g *gitRepo, rev string) string {
	g.t.Helper()
	out, err := g.gitErr("rev-parse", "--verify", "-q", rev+"^{commit}")
	if err != nil {
		return ""
	}
	return out
}

// checkRevLikeGit resolves rev with a fresh Repo and compares with git: the
// same commit, or an error when git refuses.
func checkRevLikeGit(t *testing.T, g *gitRepo, rev string) {
	t.Helper()
	want := gitRevParseCommit(g, rev)
	got, err := g.gitOpen().Resolve(context.Background(), rev)
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
	g := gitNew(t)
	c1 := g.gitCommit("one", map[string]string{"a": "1"})
	c2 := g.gitCommit("two", map[string]string{"a": "2"})
	g.git("branch", c2[:7], c1) // a branch named like c2's short hash, at c1
	require.Equal(t, c1, gitRevParseCommit(g, c2[:7]))
	checkRevLikeGit(t, g, c2[:7])
	checkRevLikeGit(t, g, c2[:7]+"~0")
}

// TestRefBeforeAmbiguousShortHash: a branch named like a short
// hash that is ambiguous among commits is still the branch for git.
func TestRefBeforeAmbiguousShortHash(t *testing.T) {
	g := gitNew(t)
	// Find two commits (two children of a root) whose hashes share 4 digits.
	root := g.gitCommit("root", map[string]string{"a": "0"})
	seen := map[string]string{}
	var prefix string
	for i := 0; prefix == "" && i < 2000; i++ {
		c := g.git("commit-tree", "-p", root, "-m", fmt.Sprint("c", i), root+"^{tree}")
		if _, ok := seen[c[:4]]; ok {
			prefix = c[:4]
		}
		seen[c[:4]] = c
	}
	require.NotEmpty(t, prefix)
	g.git("branch", prefix, root)
	require.Equal(t, root, gitRevParseCommit(g, prefix))
	checkRevLikeGit(t, g, prefix)
}

// TestFetchHead: FETCH_HEAD holds "HASH<TAB>...<TAB>description"
// lines; git resolves FETCH_HEAD to the first line's hash (the common CI
// idiom `git fetch origin main && … --base FETCH_HEAD`).
func TestFetchHead(t *testing.T) {
	up := gitNew(t)
	c1 := up.gitCommit("one", map[string]string{"a": "1"})
	g := gitNew(t)
	g.gitCommit("local", map[string]string{"b": "1"})
	g.git("fetch", "-q", up.dir, "main")
	require.Equal(t, c1, gitRevParseCommit(g, "FETCH_HEAD"))
	checkRevLikeGit(t, g, "FETCH_HEAD")
}

// TestSymrefWithoutSpace: git reads "ref:" followed by optional
// blanks as a symbolic ref (parse_loose_ref_contents).
func TestSymrefWithoutSpace(t *testing.T) {
	g := gitNew(t)
	g.gitCommit("one", map[string]string{"a": "1"})
	require.NoError(t, os.WriteFile(filepath.Join(g.dir, ".git/refs/heads/alias"), []byte("ref:refs/heads/main\n"), 0o644))
	require.NotEmpty(t, gitRevParseCommit(g, "alias"))
	checkRevLikeGit(t, g, "alias")
}

// TestMalformedRefNamesRefused: names that git's check_refname_format
// refuses (an empty component, a component starting with a dot, a leading
// slash) are refused, not opened as paths the OS would normalise into
// another ref.
func TestMalformedRefNamesRefused(t *testing.T) {
	g := gitNew(t)
	g.gitCommit("one", map[string]string{"a": "1"})
	for _, rev := range []string{"refs/heads//main", "heads//main", "/main", "refs/heads/./main", "./main"} {
		t.Run(rev, func(t *testing.T) { checkRevLikeGit(t, g, rev) })
	}
}

// TestBrokenLooseRefNotPacked: a loose ref that is not a valid
// ref (an empty file after a crash) shadows its packed entry: the ref is
// broken, as for git, and the stale packed value is not read.
func TestBrokenLooseRefNotPacked(t *testing.T) {
	g := gitNew(t)
	g.gitCommit("one", map[string]string{"a": "1"})
	g.git("branch", "topic")
	g.git("pack-refs", "--all")
	g.gitCommit("two", map[string]string{"a": "2"})
	g.git("update-ref", "refs/heads/topic", "HEAD") // loose topic now shadows the packed one
	require.NoError(t, os.WriteFile(filepath.Join(g.dir, ".git/refs/heads/topic"), nil, 0o644))
	require.Empty(t, gitRevParseCommit(g, "topic"), "git refuses the broken ref")
	checkRevLikeGit(t, g, "topic")
	_, err := g.gitOpen().Resolve(context.Background(), "topic")
	assert.EqualError(t, err, `resolve revision topic: broken ref refs/heads/topic: it holds "" (git reports it too; fix or delete the ref file)`)
}

// TestShortHashCommitAndItsTag: a short hash that is the prefix of a
// commit and of an annotated tag of that commit is ambiguous for git (two
// committish objects).
func TestShortHashCommitAndItsTag(t *testing.T) {
	g := gitNew(t)
	c := g.gitCommit("one", map[string]string{"a": "1"})
	var body string
	for i := 0; ; i++ {
		body = fmt.Sprintf("object %s\ntype commit\ntag t%d\ntagger T <t@example.com> 1700000000 +0000\n\nm\n", c, i)
		sum := sha1.Sum([]byte(fmt.Sprintf("tag %d\x00%s", len(body), body)))
		if fmt.Sprintf("%x", sum[:2]) == c[:4] {
			break
		}
	}
	tag, err := g.gitIn(g.dir, body, "hash-object", "-t", "tag", "-w", "--stdin")
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
	g := gitNew(t)
	c1 := g.gitCommit("one", map[string]string{"a": "1"})
	g.git("tag", "-a", "-m", "the 2024 release", "2024", c1)
	tree := g.git("rev-parse", c1+"^{tree}")
	var body string
	for i := 0; ; i++ { // an unrelated commit whose hash starts with 2024
		body = fmt.Sprintf("tree %s\nparent %s\nauthor A <a@example.com> 1700000000 +0000\ncommitter C <c@example.com> 1700000000 +0000\n\nwip %d\n", tree, c1, i)
		sum := sha1.Sum([]byte(fmt.Sprintf("commit %d\x00%s", len(body), body)))
		if fmt.Sprintf("%x", sum[:2]) == "2024" {
			break
		}
	}
	other, err := g.gitIn(g.dir, body, "hash-object", "-t", "commit", "-w", "--stdin")
	require.NoError(t, err)
	g.git("update-ref", "refs/heads/wip", other[:40])
	require.Equal(t, c1, gitRevParseCommit(g, "2024"))
	checkRevLikeGit(t, g, "2024")
}
