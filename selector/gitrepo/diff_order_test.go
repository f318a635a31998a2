package gitrepo

import (
	"strings"
	"testing"

	"github.com/gatesel/gatesel/selector/gitrepo/internal/odb"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/stretchr/testify/require"
)

// TestCompareEntries checks the allocation-free order against the sort
// keys themselves, on names around "/" in byte order ('-' and '.' sort
// before it, '0' after), prefixes, and files and directories of one name.
func TestCompareEntries(t *testing.T) {
	names := []string{"", "a", "a-b", "a.b", "a0", "ab", "a/", "b", "é", "a\x00"}
	var entries []odb.RawEntry
	for _, n := range names {
		for _, m := range []filemode.FileMode{filemode.Regular, filemode.Dir, filemode.Symlink} {
			entries = append(entries, odb.RawEntry{Name: []byte(n), Mode: m})
		}
	}
	for _, a := range entries {
		for _, b := range entries {
			want := strings.Compare(sortKey(a), sortKey(b))
			require.Equal(t, want, compareEntries(&a, &b), "%q (%o) vs %q (%o)", a.Name, a.Mode, b.Name, b.Mode)
		}
	}
	a := odb.RawEntry{Name: []byte("a"), Mode: filemode.Dir}
	b := odb.RawEntry{Name: []byte("a-b"), Mode: filemode.Regular}
	require.Equal(t, 1, compareEntries(&a, &b)) // "a/" sorts after "a-b"
}

// sortKey is git's sort key of a tree entry: directories sort as "name/".
func sortKey(e odb.RawEntry) string {
	if e.Mode == filemode.Dir {
		return string(e.Name) + "/"
	}
	return string(e.Name)
}
