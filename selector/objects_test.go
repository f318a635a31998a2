package selector

import (
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
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

// checkDecodeTree: decodeTree either declines (the tree is then an error)
// or gives go-git's entries.
func checkDecodeTree(t *testing.T, data []byte) bool {
	got, ok := decodeTree(data)
	if !ok {
		return false
	}
	want, err := goGitTree(data)
	require.NoError(t, err, "%q", data)
	if len(want.Entries) == 0 {
		require.Empty(t, got)
		return true
	}
	gotGoGit := make([]object.TreeEntry, len(got))
	for i, e := range got {
		gotGoGit[i] = object.TreeEntry{Name: e.Name, Mode: e.Mode, Hash: e.Hash}
	}
	require.Equal(t, want.Entries, gotGoGit, "%q", data)
	return true
}

func TestDecodeTree(t *testing.T) {
	for _, c := range []struct {
		data []byte
		ok   bool
	}{
		{nil, true},
		{treeBytes("100644 a.go", "100755 run", "40000 dir", "120000 link", "160000 sub"), true},
		{treeBytes("100664 old", "100700 odd", "40755 d", "0 zero", "170000 x"), true}, // canonical modes
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
