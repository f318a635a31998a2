package odb

import (
	"strconv"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/stretchr/testify/require"
)

func treeBytes(entries ...string) []byte {
	var b strings.Builder
	for i, e := range entries {
		b.WriteString(e)
		b.WriteByte(0)
		b.WriteString(strings.Repeat(string(rune('a'+i%26)), 20))
	}
	return []byte(b.String())
}

// goGitTree is go-git's decoding of data as a tree.
func goGitTree(data []byte) (*object.Tree, error) {
	o := &plumbing.MemoryObject{}
	o.SetType(plumbing.TreeObject)
	o.Write(data)
	return object.DecodeTree(nil, o)
}

// checkDecodeTree: DecodeTree either declines (the tree is then an error)
// or gives go-git's entries.
func checkDecodeTree(t *testing.T, data []byte) bool {
	got, ok := DecodeTree(data)
	if !ok {
		return false
	}
	want, err := goGitTree(data)
	require.NoError(t, err, "%q", data)
	if len(want.Entries) == 0 {
		require.Empty(t, got)
		return true
	}
	// Names and hashes are go-git's; modes git's canonical ones, which
	// differ from go-git's for a file executable by its group or others
	// only (go-git: executable; git: not).
	gotGoGit := make([]object.TreeEntry, len(got))
	for i, e := range got {
		gotGoGit[i] = object.TreeEntry{Name: e.Name, Mode: e.Mode, Hash: e.Hash}
		if w := want.Entries[i]; w.Mode == filemode.Executable && e.Mode == filemode.Regular {
			require.Zero(t, rawModes(data)[i]&0o100, "%q: entry %d executable by its owner", data, i)
			gotGoGit[i].Mode = filemode.Executable
		}
	}
	require.Equal(t, want.Entries, gotGoGit, "%q", data)
	return true
}

// rawModes are the modes of a well-formed tree's entries as written.
func rawModes(data []byte) []uint64 {
	var out []uint64
	for len(data) > 0 {
		mode, rest, _ := strings.Cut(string(data), " ")
		m, _ := strconv.ParseUint(mode, 8, 32)
		out = append(out, m)
		_, rest, _ = strings.Cut(rest, "\x00")
		data = []byte(rest[20:])
	}
	return out
}

func TestDecodeTree(t *testing.T) {
	for _, c := range []struct {
		data []byte
		ok   bool
	}{
		{nil, true},
		{treeBytes("100644 a.go", "100755 run", "40000 dir", "120000 link", "160000 sub"), true},
		{treeBytes("100664 old", "100700 odd", "40755 d", "0 zero", "170000 x", "100654 grp", "100645 oth", "100744 own"), true}, // canonical modes
		{treeBytes("100644 é name\twith tab"), true},
		{treeBytes("100644 a")[:30], false},  // truncated hash
		{[]byte("100644 a"), false},          // no name terminator
		{[]byte("100644"), false},            // no mode terminator
		{treeBytes("10064x a"), false},       // bad mode
		{treeBytes(" a"), false},             // empty mode
		{treeBytes("100644 "), false},        // empty name
		{treeBytes("777777777777 a"), false}, // mode too long
		{treeBytes("77777777777 a"), false},  // mode over 32 bits
	} {
		require.Equal(t, c.ok, checkDecodeTree(t, c.data), "%q", c.data)
	}
}

func FuzzDecodeTree(f *testing.F) {
	f.Add(treeBytes("100644 a.go", "40000 dir"))
	f.Add(treeBytes("100664 x", "160000 sub"))
	f.Add([]byte("100644 a"))
	f.Fuzz(func(t *testing.T, data []byte) { checkDecodeTree(t, data) })
}
