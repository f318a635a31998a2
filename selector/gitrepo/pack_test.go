package gitrepo

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/gatesel/gatesel/internal/gittest"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// packedRepo builds a history whose files change a little in every commit
// (so that the pack holds delta chains), with a tag and a symbolic link.
func packedRepo(t *testing.T) *gittest.Repo {
	g := gittest.New(t)
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

// gitObjects reads every object of the repository with git cat-file --batch.
func gitObjects(t *testing.T, dir string) map[plumbing.Hash]cached {
	cmd := exec.Command("git", "cat-file", "--batch-all-objects", "--batch", "--unordered")
	cmd.Dir = dir
	cmd.Env = gittest.Env(0)
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	objs := map[plumbing.Hash]cached{}
	br := bufio.NewReader(out)
	for {
		line, err := br.ReadString('\n')
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		f := strings.Fields(line) // <hash> <type> <size>
		require.Len(t, f, 3, line)
		size, err := strconv.Atoi(f[2])
		require.NoError(t, err)
		data := make([]byte, size+1) // the content and a newline
		_, err = io.ReadFull(br, data)
		require.NoError(t, err)
		typ, err := plumbing.ParseObjectType(f[1])
		require.NoError(t, err)
		objs[plumbing.NewHash(f[0])] = cached{typ, data[:size]}
	}
	require.NoError(t, cmd.Wait())
	return objs
}

// TestPackStoreReadsEveryObject: every object of a repacked repository
// reads through the pack reader with git's type and content, whatever the
// pack's form: offset deltas, reference deltas, 64-bit offsets.
func TestPackStoreReadsEveryObject(t *testing.T) {
	tests := []struct {
		name   string
		repack func(g *gittest.Repo)
	}{
		{"offset deltas", func(g *gittest.Repo) { g.Git("repack", "-a", "-d", "-f", "-q") }},
		{"reference deltas", func(g *gittest.Repo) {
			g.Git("-c", "repack.useDeltaBaseOffset=false", "repack", "-a", "-d", "-f", "-q")
		}},
		{"64-bit offsets", func(g *gittest.Repo) {
			g.Git("repack", "-a", "-d", "-f", "-q")
			packs, err := filepath.Glob(filepath.Join(g.Dir, ".git/objects/pack/*.pack"))
			require.NoError(t, err)
			require.Len(t, packs, 1)
			idx := strings.TrimSuffix(packs[0], ".pack") + ".idx"
			require.NoError(t, os.Remove(idx))
			// Every object past offset 256 goes to the large-offset table.
			g.Git("index-pack", "--index-version=2,256", "-o", idx, packs[0])
		}},
		{"two packs and loose objects", func(g *gittest.Repo) {
			g.Git("repack", "-a", "-d", "-f", "-q")
			g.Commit("after the pack", map[string]string{"svc/d0/f0.txt": "new\n", "late.txt": "late\n"})
			g.Git("repack", "-d", "-q") // the new objects in a second pack
			g.Commit("loose", map[string]string{"loose.txt": "loose\n"})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := packedRepo(t)
			tt.repack(g)
			want := gitObjects(t, g.Dir)
			r := gitOpen(g)
			ps, ok := r.store.(*packStore)
			require.True(t, ok, "OpenRepo reads packs through packStore")
			ps.load()
			require.NotEmpty(t, ps.packs)
			assert.False(t, ps.skipped)
			for h, w := range want {
				o, err := r.store.EncodedObject(plumbing.AnyObject, h)
				require.NoError(t, err, h.String())
				assert.Equal(t, h, o.Hash())
				assert.Equal(t, w.t, o.Type(), h.String())
				rd, err := o.Reader()
				require.NoError(t, err)
				got, err := io.ReadAll(rd)
				require.NoError(t, err)
				assert.Equal(t, string(w.data), string(got), h.String())
				// The same answer from an object of the wrong type is "not found".
				other := plumbing.BlobObject
				if w.t == plumbing.BlobObject {
					other = plumbing.TreeObject
				}
				_, err = r.store.EncodedObject(other, h)
				assert.ErrorIs(t, err, plumbing.ErrObjectNotFound)
			}
		})
	}
}

// TestPackStoreLookups: presence, absence, sizes and short hashes.
func TestPackStoreLookups(t *testing.T) {
	g := packedRepo(t)
	g.Git("repack", "-a", "-d", "-f", "-q")
	head := g.Git("rev-parse", "HEAD")
	r := gitOpen(g)
	s := r.store.(*packStore)

	require.NoError(t, s.HasEncodedObject(plumbing.NewHash(head)))
	missing := plumbing.NewHash(strings.Repeat("0", 39) + "1")
	assert.ErrorIs(t, s.HasEncodedObject(missing), plumbing.ErrObjectNotFound)
	_, err := s.EncodedObject(plumbing.AnyObject, missing)
	assert.ErrorIs(t, err, plumbing.ErrObjectNotFound)

	size, err := s.EncodedObjectSize(plumbing.NewHash(head))
	require.NoError(t, err)
	wantSize, err := strconv.ParseInt(g.Git("cat-file", "-s", head), 10, 64)
	require.NoError(t, err)
	assert.Equal(t, wantSize, size)

	hh := plumbing.NewHash(head)
	hs, err := s.HashesWithPrefix(hh[:4])
	require.NoError(t, err)
	assert.Contains(t, hs, plumbing.NewHash(head))

	// Revisions through go-git, on top of the pack reader.
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
	_, err = r.resolve("main~100", "revision")
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

// TestPackIndexRejectsGarbage: a damaged index is refused, never a panic;
// the pack is then left to go-git.
func TestPackIndexRejectsGarbage(t *testing.T) {
	g := packedRepo(t)
	g.Git("repack", "-a", "-d", "-f", "-q")
	idxs, err := filepath.Glob(filepath.Join(g.Dir, ".git/objects/pack/*.idx"))
	require.NoError(t, err)
	require.Len(t, idxs, 1)
	data, err := os.ReadFile(idxs[0])
	require.NoError(t, err)
	_, err = parsePackIndex(data)
	require.NoError(t, err)
	for _, bad := range [][]byte{nil, data[:100], append([]byte{0, 0, 0, 0}, data[4:]...), data[:len(data)-41]} {
		_, err := parsePackIndex(bad)
		assert.ErrorIs(t, err, errIndexFormat)
	}
	// A fan-out table that goes down.
	bad := append([]byte(nil), data...)
	bad[8+4*10+3]++
	bad[8+4*11] = 0
	bad[8+4*11+1] = 0
	bad[8+4*11+2] = 0
	bad[8+4*11+3] = 0
	_, err = parsePackIndex(bad)
	assert.ErrorIs(t, err, errIndexFormat)
}

// TestNamesAgreeWithGit: names resolve to git rev-parse's commits — loose
// and packed refs, tags, symbolic refs, git's expansion rules, short hashes —
// and what git does not find, or gatesel does not read, is an error.
func TestNamesAgreeWithGit(t *testing.T) {
	g := packedRepo(t)
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
		assert.ErrorIs(t, err, plumbing.ErrReferenceNotFound, name)
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
	assert.EqualError(t, err, fmt.Sprintf("resolve revision %q: short hash is ambiguous: %s names %d commits or tags (fix: pass the commit's full hash, e.g. --base $(git rev-parse %s))",
		ambiguous, ambiguous, len(byPrefix[ambiguous]), ambiguous))
}

// TestPackedRefs: lookups in a packed-refs file as git writes it (sorted,
// with peeled lines) and in one that is not sorted, with a duplicate.
func TestPackedRefs(t *testing.T) {
	h := func(c byte) string { return strings.Repeat(string(c), 40) }
	for name, data := range map[string]string{
		"sorted": "# pack-refs with: peeled fully-peeled sorted \n" +
			h('1') + " refs/heads/a\n" + h('2') + " refs/heads/a-b\n" + h('3') + " refs/heads/a/b\n" +
			h('4') + " refs/tags/v1\n^" + h('5') + "\n" + h('6') + " refs/tags/v2",
		"unsorted": h('4') + " refs/tags/v1\n^" + h('5') + "\n" + h('3') + " refs/heads/a/b\n" + h('9') + " refs/heads/a\n" +
			h('2') + " refs/heads/a-b\n" + h('6') + " refs/tags/v2\n" + h('1') + " refs/heads/a\n\n",
	} {
		t.Run(name, func(t *testing.T) {
			g := gittest.New(t)
			g.Commit("one", nil)
			require.NoError(t, os.WriteFile(filepath.Join(g.Dir, ".git", "packed-refs"), []byte(data), 0o644))
			r := gitOpen(g)
			p := r.readPackedRefs()
			for ref, want := range map[string]string{"refs/heads/a": h('1'), "refs/heads/a-b": h('2'), "refs/heads/a/b": h('3'),
				"refs/tags/v1": h('4'), "refs/tags/v2": h('6')} {
				got, ok := p.lookup(ref)
				assert.True(t, ok, ref)
				assert.Equal(t, want, got.String(), ref)
			}
			for _, ref := range []string{"refs/heads/", "refs/heads/b", "refs", "", "refs/tags/v3", "refs/heads/a/"} {
				_, ok := p.lookup(ref)
				assert.False(t, ok, ref)
			}
		})
	}
}
