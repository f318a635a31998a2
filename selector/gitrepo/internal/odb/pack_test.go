package odb

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gatesel/gatesel/internal/gittest"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

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
			g := gittest.PackedHistory(t)
			tt.repack(g)
			want := gitObjects(t, g.Dir)
			ps := openDB(t, g)
			ps.load()
			require.NotEmpty(t, ps.packs)
			assert.NoError(t, ps.damage())
			for h, w := range want {
				typ, got, err := ps.ReadAny(h)
				require.NoError(t, err, h.String())
				assert.Equal(t, w.t, typ, h.String())
				assert.Equal(t, string(w.data), string(got), h.String())
				// The same answer from an object of the wrong type is "not found".
				other := plumbing.BlobObject
				if w.t == plumbing.BlobObject {
					other = plumbing.TreeObject
				}
				_, err = ps.ReadObject(other, h)
				assert.ErrorIs(t, err, plumbing.ErrObjectNotFound)
			}
		})
	}
}

// TestPackStoreLookups: absence, an object's type and size, and short hashes.
func TestPackStoreLookups(t *testing.T) {
	g := gittest.PackedHistory(t)
	g.Git("repack", "-a", "-d", "-f", "-q")
	head := g.Git("rev-parse", "HEAD")
	s := openDB(t, g)

	missing := plumbing.NewHash(strings.Repeat("0", 39) + "1")
	_, _, err := s.ReadAny(missing)
	assert.ErrorIs(t, err, plumbing.ErrObjectNotFound)

	typ, data, err := s.ReadAny(plumbing.NewHash(head))
	require.NoError(t, err)
	assert.Equal(t, plumbing.CommitObject, typ)
	wantSize, err := strconv.ParseInt(g.Git("cat-file", "-s", head), 10, 64)
	require.NoError(t, err)
	assert.Equal(t, wantSize, int64(len(data)))

	hh := plumbing.NewHash(head)
	hs, err := s.HashesWithPrefix(hh[:4])
	require.NoError(t, err)
	assert.Contains(t, hs, plumbing.NewHash(head))
}

// TestPackIndexRejectsGarbage: a damaged index is refused, never a panic;
// the pack is then left to go-git.
func TestPackIndexRejectsGarbage(t *testing.T) {
	g := gittest.PackedHistory(t)
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

// TestPackIndexLargeOffsetPastTable: an index entry that points past the
// large-offset table is a damaged index, as git's "offset beyond end of
// pack index" (git cat-file fails, exit 128), never an object "not found"
// that a caller could take for history to fetch. Found by FuzzPackIndex.
func TestPackIndexLargeOffsetPastTable(t *testing.T) {
	g := gittest.PackedHistory(t)
	g.Git("repack", "-a", "-d", "-f", "-q")
	head := plumbing.NewHash(g.Git("rev-parse", "HEAD"))
	idxs, err := filepath.Glob(filepath.Join(g.Dir, ".git/objects/pack/*.idx"))
	require.NoError(t, err)
	require.Len(t, idxs, 1)
	data, err := os.ReadFile(idxs[0])
	require.NoError(t, err)
	ix, err := parsePackIndex(data)
	require.NoError(t, err)
	require.Empty(t, ix.off64, "a small pack has no large offsets")
	i, ok := ix.search(head)
	require.True(t, ok)
	// The entry's 32-bit offset now names large offset 5 of none.
	at := 8 + 256*4 + 24*ix.count + 4*i
	copy(data[at:], []byte{0x80, 0, 0, 5})
	require.NoError(t, os.Chmod(idxs[0], 0o644))
	require.NoError(t, os.WriteFile(idxs[0], data, 0o644))

	cmd := exec.Command("git", "cat-file", "-p", "HEAD")
	cmd.Dir, cmd.Env = g.Dir, gittest.Env(0)
	out, err := cmd.CombinedOutput()
	require.Error(t, err, "git reads the damaged index: %s", out)
	assert.Contains(t, string(out), "offset beyond end of pack index")

	s := openDB(t, g)
	_, _, err = s.ReadAny(head)
	var ce *CorruptError
	require.ErrorAs(t, err, &ce)
	assert.ErrorIs(t, err, errLargeOffset)
	assert.NotErrorIs(t, err, plumbing.ErrObjectNotFound)
	assert.Equal(t, filepath.Base(idxs[0]), filepath.Base(ce.File))
}

// openDB opens the object database of the test repository, closed when
// the test ends.
func openDB(t *testing.T, g *gittest.Repo) *DB {
	t.Helper()
	db, _, _, err := Open(g.Dir, false)
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, db.Close()) })
	return db
}

// TestPacksOpenedWhenSearched: packs are searched newest first and their
// indexes opened when a search reaches them, as git opens them: an object
// of the newest pack opens that pack alone, one of an older pack the packs
// before it. A pack whose index or pack file cannot be read is passed over
// (for the loose copy of its object) and is damage only for an object
// found nowhere else. Close leaves the packs never opened unopened.
func TestPacksOpenedWhenSearched(t *testing.T) {
	g := gittest.PackedHistory(t)
	g.Git("repack", "-a", "-d", "-q")
	g.Commit("second pack", map[string]string{"second.txt": "second\n"})
	g.Git("repack", "-d", "-q")
	g.Commit("third pack", map[string]string{"third.txt": "third\n"})
	g.Git("repack", "-d", "-q")
	idx, err := filepath.Glob(filepath.Join(g.Dir, ".git/objects/pack/*.idx"))
	require.NoError(t, err)
	require.Len(t, idx, 3)
	// Each pack's age is the order of its objects: the one with
	// third.txt is the newest, the full pack the oldest.
	age := map[string]int{}
	for _, name := range idx {
		out := g.Git("verify-pack", "-v", name)
		switch {
		case strings.Contains(out, g.Git("rev-parse", "HEAD:third.txt")):
			age[name] = 0
		case strings.Contains(out, g.Git("rev-parse", "HEAD:second.txt")):
			age[name] = 1
		default:
			age[name] = 2
		}
	}
	for name, a := range age {
		when := time.Now().Add(-time.Duration(a) * time.Hour)
		require.NoError(t, os.Chtimes(strings.TrimSuffix(name, ".idx")+".pack", when, when))
	}
	opened := func(packs []*packFile) (n []int) {
		for _, f := range packs {
			if f.p != nil {
				n = append(n, age[f.base+".idx"])
			}
		}
		return n
	}

	db := openDB(t, g)
	_, _, err = db.ReadAny(plumbing.NewHash(g.Git("rev-parse", "HEAD:third.txt")))
	require.NoError(t, err)
	assert.Equal(t, []int{0}, opened(db.packs), "the newest pack alone")
	_, _, err = db.ReadAny(plumbing.NewHash(g.Git("rev-parse", "HEAD:second.txt")))
	require.NoError(t, err)
	packs := db.packs
	assert.Equal(t, []int{0, 1}, opened(packs))
	require.NoError(t, db.Close())
	assert.Equal(t, []int{0, 1}, opened(packs), "Close opens nothing")
	_, _, err = db.ReadAny(plumbing.NewHash(g.Git("rev-parse", "HEAD:third.txt")))
	assert.ErrorIs(t, err, ErrClosed)

	second, third := g.Git("rev-parse", "HEAD:second.txt"), g.Git("rev-parse", "HEAD:third.txt")
	secondCommit := g.Git("rev-parse", "HEAD~1")
	old := g.Git("rev-parse", "HEAD~2:"+strings.Fields(g.Git("ls-tree", "--name-only", "HEAD~2"))[0])
	for _, file := range []string{".idx", ".pack"} {
		t.Run("damaged "+file, func(t *testing.T) {
			c := &gittest.Repo{T: t, Dir: t.TempDir()}
			require.NoError(t, os.CopyFS(c.Dir, os.DirFS(g.Dir)))
			for name, a := range age {
				base := filepath.Join(c.Dir, strings.TrimPrefix(strings.TrimSuffix(name, ".idx"), g.Dir))
				when := time.Now().Add(-time.Duration(a) * time.Hour)
				require.NoError(t, os.Chtimes(base+".pack", when, when))
				if a == 1 {
					require.NoError(t, os.Chmod(base+file, 0o644))
					require.NoError(t, os.Truncate(base+file, 100))
				}
			}
			g := c
			// second.txt's blob, loose too.
			var z bytes.Buffer
			zw := zlib.NewWriter(&z)
			_, err := zw.Write([]byte("blob 7\x00second\n"))
			require.NoError(t, err)
			require.NoError(t, zw.Close())
			require.NoError(t, os.MkdirAll(filepath.Join(g.Dir, ".git/objects", second[:2]), 0o755))
			require.NoError(t, os.WriteFile(filepath.Join(g.Dir, ".git/objects", second[:2], second[2:]), z.Bytes(), 0o444))
			db := openDB(t, g)
			_, _, err = db.ReadAny(plumbing.NewHash(third))
			require.NoError(t, err, "the damaged pack is not reached")
			_, _, err = db.ReadAny(plumbing.NewHash(old))
			require.NoError(t, err, "found in the oldest pack, past the damaged one")
			_, data, err := db.ReadAny(plumbing.NewHash(second))
			require.NoError(t, err, "the damaged pack passed over for the loose copy, as git's is_pack_valid")
			assert.Equal(t, "second\n", string(data))
			_, _, err = db.ReadAny(plumbing.NewHash(secondCommit))
			var ce *CorruptError
			require.ErrorAs(t, err, &ce, "in the damaged pack alone: damage, not missing")
			assert.Contains(t, ce.Error(), file)
		})
	}
}
