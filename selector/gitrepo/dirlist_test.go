package gitrepo

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReadDirIsOsReadDir: readDir lists what os.ReadDir lists, names and
// kinds, for a directory larger than one read of the system's listing
// (1,000 long names), with a subdirectory and a link, into a list reused
// from a larger directory to a smaller one.
func TestReadDirIsOsReadDir(t *testing.T) {
	big, small := t.TempDir(), t.TempDir()
	for i := range 1000 {
		name := fmt.Sprintf("%04d-%s", i, strings.Repeat("n", 60))
		require.NoError(t, os.WriteFile(filepath.Join(big, name), nil, 0o644))
	}
	require.NoError(t, os.Mkdir(filepath.Join(big, "sub"), 0o755))
	require.NoError(t, os.Symlink("sub", filepath.Join(big, "link")))
	require.NoError(t, os.WriteFile(filepath.Join(small, ".gitignore"), nil, 0o644))
	require.NoError(t, os.Mkdir(filepath.Join(small, ".git"), 0o755))
	var l dirList
	for _, dir := range []string{big, small} {
		require.NoError(t, readDir(append([]byte(dir), 0), &l))
		entries, err := os.ReadDir(dir)
		require.NoError(t, err)
		var want, got []string
		for _, e := range entries {
			want = append(want, fmt.Sprintf("%s %v", e.Name(), kindOf(e.Type())))
		}
		for i, e := range l.ents {
			got = append(got, fmt.Sprintf("%s %v", l.name(i), e.kind))
		}
		sort.Strings(got)
		assert.Equal(t, want, got, dir)
	}
	assert.GreaterOrEqual(t, l.find(".gitignore"), 0)
	assert.GreaterOrEqual(t, l.find(".git"), 0)
	assert.Equal(t, -1, l.find("sub"))
	err := readDir(append([]byte(filepath.Join(big, "missing")), 0), &l)
	assert.ErrorIs(t, err, os.ErrNotExist)
}
