package gitrepo_test

import (
	"context"
	"crypto/sha1"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gatesel/gatesel/internal/gittest"
	"github.com/gatesel/gatesel/selector/gitrepo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The layouts git reads and the damage it reports (issue 13): each test
// builds the layout with git, and compares with git's answer where git
// gives one.

// fidelityRepo is a small history: main with three commits, and a
// branch topic off its second.
func fidelityRepo(t *testing.T) *gittest.Repo {
	g := gittest.New(t)
	g.Commit("one", map[string]string{"a/x.txt": "1\n", "b/y.txt": "1\n", "c.txt": "1\n"})
	g.Commit("two", map[string]string{"a/x.txt": "2\n"})
	g.Git("checkout", "-q", "-b", "topic")
	g.Commit("topic", map[string]string{"b/y.txt": "topic\n", "d/new.txt": "new\n"})
	g.Git("checkout", "-q", "main")
	g.Commit("three", map[string]string{"c.txt": "3\n", "a/x.txt": "-"})
	return g
}

// at is the repository of the test g made in another directory.
func at(g *gittest.Repo, dir string) *gittest.Repo {
	return &gittest.Repo{T: g.T, Dir: dir, Clock: g.Clock + 100}
}

// sameAsGit checks Diff against git diff --name-status --no-renames for
// the pairs, and the merge base against git merge-base.
func sameAsGit(t *testing.T, g *gittest.Repo, pairs ...[2]string) {
	t.Helper()
	r := gitOpen(g)
	for _, p := range pairs {
		d, err := r.Diff(context.Background(), p[0], p[1])
		require.NoError(t, err, "%s...%s", p[0], p[1])
		assert.Equal(t, gitNameStatus(g, p[0], p[1]), d.Changes, "%s...%s", p[0], p[1])
		assert.Equal(t, g.Git("merge-base", p[0], p[1]), d.MergeBase, "%s...%s", p[0], p[1])
	}
}

var fidelityPairs = [][2]string{{"main", "topic"}, {"topic", "main"}, {"main~2", "main"}, {"main~1", "topic"}}

// TestAlternates (13.5): a clone that borrows objects from another
// (git clone --shared, --reference, and an alternate of an alternate,
// by a relative path) reads every revision as git does.
func TestAlternates(t *testing.T) {
	src := fidelityRepo(t)
	src.Git("gc", "-q")
	dir := t.TempDir()
	shared := filepath.Join(dir, "shared")
	src.Git("clone", "-q", "--shared", src.Dir, shared)
	sh := at(src, shared)
	sh.Git("branch", "-q", "topic", "origin/topic")
	sameAsGit(t, sh, fidelityPairs...)

	// The reference clone borrows from the shared clone, which borrows
	// from the source: two levels, the second written relative.
	sh.Git("checkout", "-q", "topic")
	sh.Commit("only in the shared clone", map[string]string{"e.txt": "e\n"})
	ref := filepath.Join(dir, "ref")
	src.Git("clone", "-q", "--reference", shared, src.Dir, ref)
	rel, err := filepath.Rel(filepath.Join(ref, ".git", "objects"), filepath.Join(shared, ".git", "objects"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(ref, ".git", "objects", "info", "alternates"), []byte("# a comment\n\n"+rel+"\n"), 0o644))
	rg := at(src, ref)
	rg.Git("repack", "-a", "-d", "-l", "-q") // -l: drop what the alternates have
	rg.Git("fsck", "--no-dangling")
	loose, err := filepath.Glob(filepath.Join(ref, ".git", "objects", "??", "*"))
	require.NoError(t, err)
	packs, err := filepath.Glob(filepath.Join(ref, ".git", "objects", "pack", "*.pack"))
	require.NoError(t, err)
	require.Empty(t, append(loose, packs...), "every object is borrowed, from two levels")
	rg.Git("branch", "-q", "topic", "origin/topic")
	sameAsGit(t, rg, fidelityPairs...)
	rg.Git("fetch", "-q", shared, "topic:shared-topic")
	sameAsGit(t, rg, append(fidelityPairs, [2]string{"main", "shared-topic"})...)
}

// TestPackIndexV1 (13.10): a pack whose index is version 1 (old
// repositories; git index-pack --index-version=1) reads as git reads it.
func TestPackIndexV1(t *testing.T) {
	g := fidelityRepo(t)
	g.Git("repack", "-a", "-d", "-q")
	packs, err := filepath.Glob(filepath.Join(g.Dir, ".git/objects/pack/*.pack"))
	require.NoError(t, err)
	require.Len(t, packs, 1)
	idx := strings.TrimSuffix(packs[0], ".pack") + ".idx"
	require.NoError(t, os.Remove(idx))
	g.Git("index-pack", "--index-version=1", "-o", idx, packs[0])
	data, err := os.ReadFile(idx)
	require.NoError(t, err)
	require.NotEqual(t, "\xfftOc", string(data[:4]), "a version 1 index has no magic")
	g.Git("fsck", "--no-dangling")
	sameAsGit(t, g, fidelityPairs...)
	r := gitOpen(g)
	short := g.Git("rev-parse", "--short=7", "topic")
	rev, err := r.Resolve(context.Background(), short)
	require.NoError(t, err)
	assert.Equal(t, g.Git("rev-parse", "topic"), rev.Commit)
}

// TestDamagedPackIndex (13.2, 13.3): an index whose fan-out claims 2^31
// objects, or whose sizes do not hold, is damage: exit 1 "repository
// damaged" naming the file, never an allocation of what it claims, never
// missing history.
func TestDamagedPackIndex(t *testing.T) {
	for _, tt := range []struct {
		name   string
		damage func(data []byte) []byte
		want   string
	}{
		{"fan-out of 2^31 objects", func(data []byte) []byte {
			for i := 200; i < 256; i++ {
				binary.BigEndian.PutUint32(data[8+4*i:], 1<<31)
			}
			return data
		}, "an index of 2147483648 objects cannot be"},
		{"fan-out going down", func(data []byte) []byte {
			binary.BigEndian.PutUint32(data[8+4*100:], 1<<30)
			return data
		}, "the fan-out table goes down"},
		{"cut short", func(data []byte) []byte { return data[:len(data)-30] }, "cannot be"},
		{"version 3", func(data []byte) []byte { data[7] = 3; return data }, "version 3"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			g := fidelityRepo(t)
			g.Git("repack", "-a", "-d", "-q")
			g.Git("prune-packed")
			idxs, err := filepath.Glob(filepath.Join(g.Dir, ".git/objects/pack/*.idx"))
			require.NoError(t, err)
			require.Len(t, idxs, 1)
			data, err := os.ReadFile(idxs[0])
			require.NoError(t, err)
			require.NoError(t, os.Chmod(idxs[0], 0o644))
			require.NoError(t, os.WriteFile(idxs[0], tt.damage(data), 0o644))
			_, gitErr := g.GitErr("rev-parse", "--verify", "main~1^{commit}")
			require.Error(t, gitErr, "git refuses the index too")

			r := gitOpen(g)
			_, err = r.Diff(context.Background(), "main~1", "main")
			var de *gitrepo.DamagedError
			require.ErrorAs(t, err, &de, "%v", err)
			assert.Contains(t, err.Error(), "repository damaged: ")
			assert.Contains(t, err.Error(), filepath.Base(idxs[0]))
			assert.Contains(t, err.Error(), tt.want)
			var he *gitrepo.HistoryError
			assert.False(t, errors.As(err, &he), "not missing history: %v", err)
		})
	}
}

// TestCorruptHeadCommit (13.3): a head commit whose object is damaged is
// damage, not "revision not found" (exit 3) nor "the histories are
// unrelated": with a commit-graph or without, loose or packed.
func TestCorruptHeadCommit(t *testing.T) {
	for _, tt := range []struct {
		name    string
		corrupt func(t *testing.T, g *gittest.Repo, head string)
	}{
		{"garbage loose object", func(t *testing.T, g *gittest.Repo, head string) {
			p := filepath.Join(g.Dir, ".git/objects", head[:2], head[2:])
			require.NoError(t, os.Chmod(p, 0o644))
			require.NoError(t, os.WriteFile(p, []byte("garbage"), 0o644))
		}},
		{"a commit without a tree line, with a commit-graph", func(t *testing.T, g *gittest.Repo, head string) {
			// A well-formed loose object of type commit whose content is not
			// a commit: without the tree check it read as a root commit.
			g.Git("commit-graph", "write", "--reachable")
			p := filepath.Join(g.Dir, ".git/objects", head[:2], head[2:])
			require.NoError(t, os.Chmod(p, 0o644))
			require.NoError(t, os.WriteFile(p, zlibBytes(t, []byte("commit 8\x00garbage\n")), 0o644))
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			g := fidelityRepo(t)
			head := g.Git("rev-parse", "topic")
			tt.corrupt(t, g, head)
			_, gitErr := g.GitErr("diff", "--name-only", "main...topic")
			require.Error(t, gitErr, "git refuses it too")
			r := gitOpen(g)
			_, err := r.Diff(context.Background(), "main", "topic")
			var de *gitrepo.DamagedError
			require.ErrorAs(t, err, &de, "%v", err)
			assert.NotContains(t, err.Error(), "unrelated")
			assert.NotContains(t, err.Error(), "revision not found")
			assert.ErrorIs(t, err, err) // keeps its chain
		})
	}
}

// TestGraftsRefused (13.9): git 2.39 applies info/grafts to every walk,
// merge bases included, even with GIT_NO_REPLACE_OBJECTS=1; gatesel does
// not, so it refuses the repository by name.
func TestGraftsRefused(t *testing.T) {
	g := fidelityRepo(t)
	// topic's commit grafted onto the root: git's merge base moves.
	topic, root := g.Git("rev-parse", "topic"), g.Git("rev-list", "--max-parents=0", "main")
	require.NoError(t, os.WriteFile(filepath.Join(g.Dir, ".git/info/grafts"), []byte(topic+" "+root+"\n"), 0o644))
	assert.Equal(t, root, g.Git("-c", "advice.graftFileDeprecated=false", "merge-base", "main", "topic"), "git applies the graft")
	t.Setenv("GIT_NO_REPLACE_OBJECTS", "1")
	_, err := gitrepo.Open(context.Background(), g.Dir)
	var ue *gitrepo.UnreadableError
	require.ErrorAs(t, err, &ue)
	assert.Equal(t, filepath.Join(g.Dir, ".git/info/grafts"), ue.Grafts)
	assert.Contains(t, err.Error(), "it has grafts ("+ue.Grafts+")")

	// An empty file, or comments only, grafts nothing.
	require.NoError(t, os.WriteFile(filepath.Join(g.Dir, ".git/info/grafts"), []byte("# none\n\n"), 0o644))
	gitOpen(g)
}

// TestRevisionNamesAsGit (13.10): git describe names (v1-1-gHASH) and the
// refs of other worktrees (main-worktree/HEAD, worktrees/NAME/HEAD)
// resolve to git's commits.
func TestRevisionNamesAsGit(t *testing.T) {
	g := fidelityRepo(t)
	g.Git("tag", "-a", "-m", "v1", "v1", "main~1")
	linked := filepath.Join(t.TempDir(), "linked")
	g.Git("worktree", "add", "-q", linked, "topic")
	lg := at(g, linked)
	describe := g.Git("describe", "--long", "main")
	require.Regexp(t, `^v1-1-g[0-9a-f]+$`, describe)
	for _, w := range []*gittest.Repo{g, lg} {
		r := gitOpen(w)
		for _, rev := range []string{describe, "v1-0-g" + g.Git("rev-parse", "--short", "main~1"), "main-worktree/HEAD", "worktrees/linked/HEAD", "main-worktree/HEAD~1"} {
			got, err := r.Resolve(context.Background(), rev)
			require.NoError(t, err, rev)
			assert.Equal(t, w.Git("rev-parse", "--verify", rev+"^{commit}"), got.Commit, rev)
		}
		_, err := r.Resolve(context.Background(), "v1-1-gzzzz")
		var he *gitrepo.HistoryError
		require.ErrorAs(t, err, &he)
		_, gitErr := w.GitErr("rev-parse", "--verify", "v1-1-gzzzz")
		require.Error(t, gitErr)
	}
}

// TestSymrefLeavingTheRepository (12.7): a HEAD that names a ref outside
// the git directory (ref: refs/heads/../../../../SECRET) is refused as git
// refuses it, and the file outside is never read: its content is in no
// error.
func TestSymrefLeavingTheRepository(t *testing.T) {
	g := fidelityRepo(t)
	outside := filepath.Join(t.TempDir(), "passwd")
	require.NoError(t, os.WriteFile(outside, []byte("root:x:0:0:the first line of a secret\n"), 0o644))
	rel, err := filepath.Rel(filepath.Join(g.Dir, ".git", "refs", "heads"), outside)
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(rel, "../"))
	r := gitOpen(g)
	require.NoError(t, os.WriteFile(filepath.Join(g.Dir, ".git", "HEAD"), []byte("ref: refs/heads/"+rel+"\n"), 0o644))
	_, gitErr := g.GitErr("rev-parse", "HEAD")
	require.Error(t, gitErr, "git refuses it")
	for _, rev := range []string{"HEAD", "HEAD~1"} {
		_, err = r.Resolve(context.Background(), rev)
		require.Error(t, err)
		assert.NotContains(t, err.Error(), "root:x", rev)
		assert.NotContains(t, err.Error(), "first line", rev)
		assert.Contains(t, err.Error(), "not a valid ref name", rev)
	}
	_, err = r.Uncommitted(context.Background())
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "root:x")
}

// TestIndexPathLeavingTheRepository (12.7): an index entry git refuses
// to write (../../etc/hostname, a .git component) is refused;
// the file it names outside is never looked at.
func TestIndexPathLeavingTheRepository(t *testing.T) {
	for _, bad := range []string{"../../etc/hostname", "a/../../hostname", "x/.git/config", "x/.GIT/hooks"} {
		t.Run(bad, func(t *testing.T) {
			g := fidelityRepo(t)
			same := strings.Repeat("q", len(bad))
			g.Commit("placeholder", map[string]string{same: "x\n"})
			indexFile := filepath.Join(g.Dir, ".git", "index")
			data, err := os.ReadFile(indexFile)
			require.NoError(t, err)
			require.Equal(t, 1, strings.Count(string(data), same+"\x00"))
			data = []byte(strings.Replace(string(data), same+"\x00", bad+"\x00", 1))
			sum := sha1.Sum(data[:len(data)-20])
			copy(data[len(data)-20:], sum[:])
			require.NoError(t, os.WriteFile(indexFile, data, 0o644))
			// git never writes such an entry (git status reads it, and
			// looks outside the work tree).
			_, gitErr := g.GitErr("update-index", "--add", "--cacheinfo", "100644,"+g.Git("hash-object", "c.txt")+","+bad)
			require.Error(t, gitErr, "git refuses the path")

			r := gitOpen(g)
			_, err = r.Uncommitted(context.Background())
			require.Error(t, err)
			assert.Contains(t, err.Error(), "one git refuses")
			_, err = r.Tracked(context.Background())
			require.Error(t, err)
		})
	}
}

// TestSplitIndexRefused (13.10): a split index (git update-index
// --split-index) is refused by name, with the command that writes it
// whole, instead of go-git's "unknown extension".
func TestSplitIndexRefused(t *testing.T) {
	g := fidelityRepo(t)
	g.Git("update-index", "--split-index")
	g.Write(map[string]string{"c.txt": "dirty\n"})
	g.Git("add", "c.txt")
	r := gitOpen(g)
	_, err := r.Uncommitted(context.Background())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "the index is split")
	assert.Contains(t, err.Error(), "git update-index --no-split-index")
	_, err = r.Tracked(context.Background())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "the index is split")

	g.Git("update-index", "--no-split-index")
	files, err := gitOpen(g).Tracked(context.Background())
	require.NoError(t, err)
	assert.Equal(t, strings.Fields(g.Git("ls-files")), files)
}

// TestPackedRefsMalformedRefused (found by FuzzPackedRefs): a packed-refs
// line without a hash makes a lookup of its name an error, as git's
// ("unexpected line in packed-refs"), instead of "not found" (a
// duplicated name on the bad line hid the good one); other names read.
func TestPackedRefsMalformedRefused(t *testing.T) {
	g := fidelityRepo(t)
	g.Git("pack-refs", "--all")
	name := filepath.Join(g.Dir, ".git", "packed-refs")
	data, err := os.ReadFile(name)
	require.NoError(t, err)
	bad := append(data, []byte(strings.Repeat("0", 16)+"X"+strings.Repeat("0", 23)+" refs/heads/zzz\n")...)
	require.NoError(t, os.WriteFile(name, bad, 0o644))
	_, gitErr := g.GitErr("rev-parse", "zzz")
	require.Error(t, gitErr, "git refuses the line")
	r := gitOpen(g)
	got, err := r.Resolve(context.Background(), "topic")
	require.NoError(t, err)
	assert.Equal(t, g.Git("rev-parse", "topic"), got.Commit)
	_, err = r.Resolve(context.Background(), "zzz")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "packed-refs: line ")
	assert.Contains(t, err.Error(), "is not a ref line")
}
