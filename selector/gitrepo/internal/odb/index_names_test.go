package odb

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/internal/gittest"
)

func entryNames(idx *Index) []string {
	out := make([]string, len(idx.Entries))
	for i, e := range idx.Entries {
		out[i] = e.Name
	}
	return out
}

// TestIndexNames: the names are the decoder's, for the index files git
// writes in versions 2, 3 (an intent-to-add entry's extended flags) and 4,
// with conflict stages, a name longer than the flags' 12 bits and an
// extension other than TREE (the untracked cache).
func TestIndexNames(t *testing.T) {
	g := gittest.New(t)
	long := strings.Repeat(strings.Repeat("d", 200)+"/", 21) + "f" // 4,222 bytes: the flags hold 0xfff
	g.Commit("first", map[string]string{"a.txt": "a\n", "b/c.txt": "c\n"})
	g.Git("checkout", "-q", "-b", "side")
	g.Commit("side", map[string]string{"a.txt": "side\n"})
	g.Git("checkout", "-q", "-")
	g.Commit("main", map[string]string{"a.txt": "main\n"})
	_, _ = g.GitErr("merge", "-q", "side") // a conflict: a.txt in stages 1, 2 and 3
	require.NoError(t, os.WriteFile(filepath.Join(g.Dir, "new.txt"), []byte("n\n"), 0o644))
	g.Git("add", "-N", "new.txt")
	blob := strings.TrimSpace(g.Git("hash-object", "-w", "new.txt"))
	g.Git("update-index", "--add", "--cacheinfo", "100644,"+blob+","+long) // no such file: git has no PATH_MAX
	for _, c := range []struct {
		name string
		args []string
	}{
		{"v3", nil},
		{"v2", []string{"update-index", "--index-version=2"}},
		{"v4", []string{"update-index", "--index-version=4"}},
		{"untracked cache", []string{"-c", "core.untrackedCache=true", "update-index", "--untracked-cache"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.args != nil {
				g.Git(c.args...)
			}
			if c.name == "untracked cache" {
				g.Git("-c", "core.untrackedCache=true", "status", "-s")
			}
			data, err := os.ReadFile(filepath.Join(g.Dir, ".git", "index"))
			require.NoError(t, err)
			idx, err := DecodeIndex(data)
			require.NoError(t, err)
			db, _, _, err := Open(g.Dir, false)
			require.NoError(t, err)
			defer db.Close()
			got, err := db.IndexNames()
			require.NoError(t, err)
			assert.Equal(t, entryNames(idx), got)
			assert.Contains(t, got, long)
			assert.Equal(t, 3, strings.Count(strings.Join(got, "\n")+"\n", "a.txt\n"))
		})
	}
}
