package gitrepo

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/gatesel/gatesel/internal/gittest"
	"github.com/gatesel/gatesel/selector/gitrepo/internal/odb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPackedResolve: revisions resolve through the pack reader (odb)
// as git resolves them.
func TestPackedResolve(t *testing.T) {
	g := gittest.PackedHistory(t)
	g.Git("repack", "-a", "-d", "-f", "-q")
	head := g.Git("rev-parse", "HEAD")
	r := gitOpen(g)
	for rev, want := range map[string]string{
		"HEAD":       head,
		head[:10]:    head,
		"v1":         head,
		"main~3":     g.Git("rev-parse", "main~3"),
		"v1^":        g.Git("rev-parse", "v1^"),
		"main~2^1~1": g.Git("rev-parse", "main~2^1~1"),
		"main^0":     head,
	} {
		got, err := r.resolve(rev, "revision")
		require.NoError(t, err, rev)
		assert.Equal(t, want, got.String(), rev)
	}
	_, err := r.resolve("main~100", "revision")
	assert.ErrorIs(t, err, ErrNoBase)
	_, err = r.resolve("main^2", "revision")
	assert.ErrorIs(t, err, ErrNoBase)
}

func TestSplitAncestry(t *testing.T) {
	tests := []struct {
		rev   string
		name  string
		steps []ancestryStep
		ok    bool
	}{
		{"main", "", nil, false},
		{"main~", "main", []ancestryStep{{'~', 1}}, true},
		{"main~2000", "main", []ancestryStep{{'~', 2000}}, true},
		{"origin/main^2~3^", "origin/main", []ancestryStep{{'^', 2}, {'~', 3}, {'^', 1}}, true},
		{"v1.2^0", "v1.2", []ancestryStep{{'^', 0}}, true},
		{"HEAD^{commit}", "", nil, false},
		{"HEAD^{/fix}~2", "", nil, false},
		{"~3", "", nil, false},
		{"release-2024", "", nil, false},
		{"a~99999999999999999999", "", nil, false},
	}
	for _, tt := range tests {
		name, steps, ok := splitAncestry(tt.rev)
		assert.Equal(t, tt.ok, ok, tt.rev)
		assert.Equal(t, tt.name, name, tt.rev)
		assert.Equal(t, tt.steps, steps, tt.rev)
	}
}

// TestNamesAgreeWithGit: names resolve to git rev-parse's commits — loose
// and packed refs, tags, symbolic refs, git's expansion rules, short hashes —
// and what git does not find, or gatesel does not read, is an error.
func TestNamesAgreeWithGit(t *testing.T) {
	g := gittest.PackedHistory(t)
	first := g.Git("rev-list", "--max-parents=0", "HEAD")
	g.Git("branch", "old", first)
	g.Git("tag", "light", "main~2")
	g.Git("update-ref", "refs/remotes/origin/main", "main~1")
	g.Git("symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/main")
	g.Git("pack-refs", "--all")
	g.Git("branch", "loose", "main~3")    // a loose ref next to the packed ones
	g.Git("branch", "team/one", "main~4") // refs/heads/team is a directory
	g.Git("tag", "-a", "-m", "tag of a tag", "v1-again", "v1")
	g.Git("update-ref", "refs/tags/main", first)
	r := gitOpen(g)
	v1 := g.Git("rev-parse", "v1")
	for _, name := range []string{"HEAD", "@", "main", "old", "light", "v1", "v1-again", "origin/main", "origin", "origin/HEAD",
		"loose", "team/one", "refs/heads/old", "heads/old", "tags/v1", "remotes/origin/main", "refs/tags/main",
		v1, g.Git("rev-parse", "old"), first[:7], strings.ToUpper(first[:9]), v1[:6],
		"main^{commit}", "v1^{}", "v1~2^{commit}", "@~1"} {
		want := g.Git("rev-parse", "--verify", "--end-of-options", name+"^{commit}")
		got, err := r.resolveRevision(name)
		require.NoError(t, err, name)
		assert.Equal(t, want, got.String(), name)
	}
	tree := g.Git("rev-parse", "HEAD^{tree}")
	for _, name := range []string{"nope", "config", "refs", "description", "heads", tree, tree[:10], "team"} {
		_, err := g.GitErr("rev-parse", "--verify", "--end-of-options", name+"^{commit}")
		require.Error(t, err, "git resolves %s", name)
		_, err = r.resolveRevision(name)
		assert.ErrorIs(t, err, odb.ErrReferenceNotFound, name)
	}
	for _, name := range []string{"main@{1}", "@{upstream}", "HEAD:svc", ":/commit", "HEAD^{/commit 3}", "HEAD^{tree}",
		"main..old", "ma*n", "a b", "a\tb", "~1", "^main", "", "main~1^{/x}~2"} {
		_, err := r.resolveRevision(name)
		assert.ErrorIs(t, err, errRevSyntax, name)
	}
}

// TestShortHashes: a short hash that names one commit resolves to it,
// whatever other objects share the prefix; one that names two commits is
// ambiguous, as for git.
func TestShortHashes(t *testing.T) {
	g := gittest.New(t)
	var stream strings.Builder
	for i := range 1500 {
		fmt.Fprintf(&stream, "commit refs/heads/main\ncommitter C <c@example.com> %d +0000\ndata 0\n", 1_700_000_000+i)
		fmt.Fprintf(&stream, "M 644 inline f%d\ndata %d\n%d\n\n", i%50, len(strconv.Itoa(i)), i)
	}
	_, err := g.GitIn(g.Dir, stream.String(), "fast-import", "--quiet")
	require.NoError(t, err)
	r := gitOpen(g)
	commits := strings.Fields(g.Git("rev-list", "main"))
	byPrefix := map[string][]string{}
	for _, c := range commits {
		byPrefix[c[:4]] = append(byPrefix[c[:4]], c)
	}
	others := strings.Fields(g.Git("rev-list", "--objects", "--no-object-names", "main"))
	var ambiguous, unique, shared string
	for _, o := range others {
		switch cs := byPrefix[o[:4]]; {
		case len(cs) > 1 && ambiguous == "":
			ambiguous = o[:4]
		case len(cs) == 1 && cs[0] != o && shared == "":
			shared = o[:4] // one commit and another object
		}
	}
	for p, cs := range byPrefix {
		if len(cs) == 1 && unique == "" {
			unique = p
		}
	}
	require.NotEmpty(t, ambiguous, "1,500 commits share some 4-digit prefix")
	require.NotEmpty(t, shared, "some commit shares its prefix with a tree or blob")
	for _, p := range []string{unique, shared} {
		want := g.Git("rev-parse", "--verify", p+"^{commit}")
		got, err := r.resolveRevision(p)
		require.NoError(t, err, p)
		assert.Equal(t, want, got.String(), p)
	}
	_, gitErr := g.GitErr("rev-parse", "--verify", ambiguous+"^{commit}")
	require.Error(t, gitErr)
	_, err = r.resolveRevision(ambiguous)
	assert.ErrorIs(t, err, errAmbiguous)
	_, err = r.Resolve(context.Background(), ambiguous)
	assert.EqualError(t, err, fmt.Sprintf("resolve revision %q: short hash is ambiguous: %s names %d commits or tags (fix: git rev-parse %s)",
		ambiguous, ambiguous, len(byPrefix[ambiguous]), ambiguous))
}

// TestPackedRefs: lookups in a packed-refs file as git writes it (sorted,
// with peeled lines, searched in place), in one that is not sorted, with a
// duplicate, and in sorted ones with lines git does not write (a comment,
// blanks after a name, a line without a hash), which the index answers.
func TestPackedRefs(t *testing.T) {
	h := func(c byte) string { return strings.Repeat(string(c), 40) }
	header := "# pack-refs with: peeled fully-peeled sorted \n"
	for name, data := range map[string]string{
		"sorted": header +
			h('1') + " refs/heads/a\n" + h('2') + " refs/heads/a-b\n" + h('3') + " refs/heads/a/b\n" +
			h('4') + " refs/tags/v1\n^" + h('5') + "\n" + h('6') + " refs/tags/v2",
		"unsorted": h('4') + " refs/tags/v1\n^" + h('5') + "\n" + h('3') + " refs/heads/a/b\n" + h('9') + " refs/heads/a\n" +
			h('2') + " refs/heads/a-b\n" + h('6') + " refs/tags/v2\n" + h('1') + " refs/heads/a\n\n",
		"sorted duplicate": header +
			h('9') + " refs/heads/a\n" + h('1') + " refs/heads/a\n" + h('2') + " refs/heads/a-b\n" + h('3') + " refs/heads/a/b\n" +
			h('4') + " refs/tags/v1\n^" + h('5') + "\n" + h('6') + " refs/tags/v2\n",
		"sorted with a comment": header +
			h('1') + " refs/heads/a\n" + h('2') + " refs/heads/a-b\n# a comment\n" + h('3') + " refs/heads/a/b\n" +
			h('4') + " refs/tags/v1\n^" + h('5') + "\n" + h('6') + " refs/tags/v2\n",
		"sorted with blanks": header +
			h('1') + " refs/heads/a \t\n" + h('2') + " refs/heads/a-b\r\n" + h('3') + " refs/heads/a/b\n" +
			h('4') + " refs/tags/v1\n^" + h('5') + "\n" + h('6') + " refs/tags/v2\n",
		"sorted with a bad line": header +
			h('1') + " refs/heads/a\n" + h('2') + " refs/heads/a-b\n" + h('3') + " refs/heads/a/b\n" +
			"XYZ" + h('0')[3:] + " refs/heads/bad\n" + h('4') + " refs/tags/v1\n^" + h('5') + "\n" + h('6') + " refs/tags/v2\n",
	} {
		t.Run(name, func(t *testing.T) {
			g := gittest.New(t)
			g.Commit("one", nil)
			require.NoError(t, os.WriteFile(filepath.Join(g.Dir, ".git", "packed-refs"), []byte(data), 0o644))
			r := gitOpen(g)
			p := r.readPackedRefs()
			for ref, want := range map[string]string{"refs/heads/a": h('1'), "refs/heads/a-b": h('2'), "refs/heads/a/b": h('3'),
				"refs/tags/v1": h('4'), "refs/tags/v2": h('6')} {
				got, ok, bad := p.lookup(ref)
				assert.True(t, ok, ref)
				assert.Empty(t, bad, ref)
				assert.Equal(t, want, got.String(), ref)
				if name == "sorted" || name == "sorted duplicate" {
					_, _, searched := p.search(ref)
					assert.True(t, searched, "%s: the binary search answers", ref)
				}
			}
			for _, ref := range []string{"refs/heads/", "refs/heads/b", "refs", "", "refs/tags/v3", "refs/heads/a/", "refs/heads/a ", "refs/tags/v1\n"} {
				_, ok, _ := p.lookup(ref)
				assert.False(t, ok, ref)
			}
			_, ok, bad := p.lookup("refs/heads/bad")
			assert.False(t, ok)
			if strings.Contains(name, "bad") {
				assert.Contains(t, bad, "is not a ref line")
			}
			assert.True(t, p.hasPrefix("refs/tags/"))
			assert.True(t, p.hasPrefix("refs/heads/a/"))
			assert.False(t, p.hasPrefix("refs/replace/"))
			assert.False(t, p.hasPrefix("refs/tags/v3"))
		})
	}
}

// TestPackedRefsGit: the refs of a packed-refs file git wrote, large
// enough to be mapped (3,000 branches and 1,000 annotated tags, each with
// its peeled line), are found as git finds them, names near them are not,
// and Close unmaps the file: RefNames fails after it.
func TestPackedRefsGit(t *testing.T) {
	g := gittest.New(t)
	one := g.Commit("one", nil)
	two := g.Commit("two", map[string]string{"a": "a"})
	var stdin strings.Builder
	for i := range 3000 {
		fmt.Fprintf(&stdin, "create refs/heads/b%d/x%d %s\n", i%37, i, []string{one, two}[i%2])
	}
	_, err := g.GitIn(g.Dir, stdin.String(), "update-ref", "--stdin")
	require.NoError(t, err)
	for i := range 1000 {
		g.Git("tag", "-a", "-m", "t", fmt.Sprintf("v1.%d", i), []string{one, two}[i%2])
	}
	g.Git("pack-refs", "--all")
	fi, err := os.Stat(filepath.Join(g.Dir, ".git", "packed-refs"))
	require.NoError(t, err)
	require.Greater(t, fi.Size(), int64(smallPackedRefs))

	r := gitOpen(g)
	p := r.packed
	require.True(t, p.sorted)
	require.NotNil(t, p.release, "mapped")
	refs := strings.Split(g.Git("for-each-ref", "--format=%(objectname) %(refname)"), "\n")
	require.Equal(t, 3000+1000+1, len(refs), "the branches, the tags and the first branch")
	known := map[string]bool{}
	for _, line := range refs {
		_, name, _ := strings.Cut(line, " ")
		known[name] = true
	}
	for _, line := range refs {
		want, name, _ := strings.Cut(line, " ")
		got, ok, bad := p.lookup(name)
		require.True(t, ok, name)
		require.Empty(t, bad)
		require.Equal(t, want, got.String(), name)
		_, _, searched := p.search(name)
		require.True(t, searched, "%s: the binary search answers", name)
		for _, near := range []string{name + "0", name + "/", name[:len(name)-1], name + " ", name + "\n"} {
			if !known[near] {
				_, ok, _ := p.lookup(near)
				require.False(t, ok, near)
			}
		}
	}
	assert.True(t, p.hasPrefix("refs/heads/b36/"))
	assert.False(t, p.hasPrefix("refs/heads/b37/"))
	assert.False(t, p.hasPrefix("refs/replace/"))

	names, err := r.RefNames(context.Background())
	require.NoError(t, err)
	assert.Equal(t, len(refs), len(names))
	require.NoError(t, r.Close())
	_, err = r.RefNames(context.Background())
	assert.ErrorIs(t, err, ErrClosed)
}

// TestTrimBlanks: trimBlanks is bytes.TrimRight with git's blanks.
func TestTrimBlanks(t *testing.T) {
	for _, s := range []string{"", " ", "refs/a", "refs/a \t\r", "refs/a\r\n", "\t\r ", "a b "} {
		assert.Equal(t, strings.TrimRight(s, " \t\r"), string(trimBlanks([]byte(s))), "%q", s)
	}
}
