package odb

import (
	"bytes"
	"crypto/sha1"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gatesel/gatesel/internal/gittest"
	"github.com/go-git/go-git/v5/plumbing/format/index"
	"github.com/stretchr/testify/require"
)

// goGitIndex decodes data with go-git's decoder.
func goGitIndex(data []byte) (*Index, error) {
	idx := &Index{}
	err := index.NewDecoder(bytes.NewReader(data)).Decode(idx)
	return idx, err
}

// sameEntries checks that decodeIndex gives go-git's entries for data,
// whenever go-git decodes it.
func sameEntries(t *testing.T, data []byte) {
	t.Helper()
	want, wantErr := goGitIndex(data)
	got, err := decodeIndex(data)
	if wantErr != nil {
		return // go-git refuses it; decodeIndex may read optional extensions it refuses
	}
	require.NoError(t, err)
	require.Equal(t, want.Version, got.Version)
	require.Equal(t, len(want.Entries), len(got.Entries))
	for i := range want.Entries {
		require.Equal(t, *want.Entries[i], *got.Entries[i], "entry %d", i)
	}
	// DecodeEntries: the same checks and the same fields, in Entry.
	idx, idxErr := DecodeIndex(data)
	entries, err := DecodeEntries(data)
	require.Equal(t, idxErr, err)
	if err != nil {
		return
	}
	require.Equal(t, len(idx.Entries), len(entries))
	for i, w := range idx.Entries {
		e := entries[i]
		stamp := func(sec, nsec uint32) int64 { return int64(sec)*1e9 + int64(nsec) }
		ns := func(t time.Time) int64 {
			if t.IsZero() {
				return 0
			}
			return t.UnixNano()
		}
		require.Equal(t, ns(w.CreatedAt), stamp(e.CtimeSec, e.CtimeNsec), "entry %d", i)
		require.Equal(t, ns(w.ModifiedAt), stamp(e.MtimeSec, e.MtimeNsec), "entry %d", i)
		require.Equal(t, []any{w.Name, w.Hash, w.Mode, uint8(w.Stage), w.Dev, w.Inode, w.UID, w.GID, w.Size, w.SkipWorktree, w.IntentToAdd},
			[]any{e.Name, e.Hash, e.Mode, e.Stage, e.Dev, e.Inode, e.UID, e.GID, e.Size, e.SkipWorktree, e.IntentToAdd}, "entry %d", i)
	}
}

// TestDecodeIndexIsGoGits: versions 2, 3 and 4, long names (over 4,095
// bytes), intent-to-add and skip-worktree entries, conflict stages, and
// the index of GATESEL_BENCH_REPO when set, decode as go-git decodes them.
func TestDecodeIndexIsGoGits(t *testing.T) {
	g := gittest.New(t)
	long := ""
	for range 420 {
		long += "directory/"
	}
	g.Commit("one", map[string]string{"a.txt": "a", "d/b.txt": "b", "sk.txt": "s"})
	g.Git("update-index", "--add", "--cacheinfo", "100644,"+g.Git("rev-parse", "HEAD:a.txt")+","+long+"x.txt") // in the index only
	g.Write(map[string]string{"ita.txt": "i"})
	g.Git("add", "-N", "ita.txt")
	g.Git("update-index", "--skip-worktree", "sk.txt")
	read := func() []byte {
		data, err := os.ReadFile(filepath.Join(g.Dir, ".git", "index"))
		require.NoError(t, err)
		return data
	}
	for _, v := range []string{"2", "3", "4"} {
		g.Git("update-index", "--index-version="+v)
		sameEntries(t, read())
	}
	// conflict stages
	blob := g.Git("rev-parse", "HEAD:a.txt")
	g.GitIn(g.Dir, "100644 "+blob+" 1\tc.txt\n100644 "+blob+" 2\tc.txt\n100644 "+blob+" 3\tc.txt\n", "update-index", "--index-info")
	sameEntries(t, read())
	got, err := decodeIndex(read())
	require.NoError(t, err)
	stages := 0
	for _, e := range got.Entries {
		if e.Name == "c.txt" {
			stages++
		}
	}
	require.Equal(t, 3, stages)

	if repo := os.Getenv("GATESEL_BENCH_REPO"); repo != "" {
		if data, err := os.ReadFile(filepath.Join(repo, ".git", "index")); err == nil {
			sameEntries(t, data)
		}
	}
}

// FuzzDecodeIndexIsGoGits: any bytes decode as go-git decodes them (when
// go-git decodes them), without a panic. The trailer is made the SHA-1 of
// the rest first, or nearly every input would fail that check in both.
func FuzzDecodeIndexIsGoGits(f *testing.F) {
	g := seedRepo(f)
	for _, v := range []string{"2", "3", "4"} {
		g.Git("update-index", "--index-version="+v)
		f.Add(seedFiles(f, g, "index")[0])
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) >= 32 {
			data = bytes.Clone(data) // the fuzzer's input is not ours to change
			sum := sha1.Sum(data[:len(data)-20])
			copy(data[len(data)-20:], sum[:])
		}
		sameEntries(t, data)
	})
}
