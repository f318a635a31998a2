package graph

import (
	"errors"
	"io/fs"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/require"
)

// unreadableDirFS is a MapFS where one directory cannot be listed.
type unreadableDirFS struct {
	fstest.MapFS
	dir string
}

func (f unreadableDirFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if name == f.dir {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: errors.New("permission denied")}
	}
	return f.MapFS.ReadDir(name)
}

// TestIncludeUnreadableDirectoryFails: a fragment directory that cannot be
// listed fails the load; it was taken as "no fragment here", dropping the
// fragment's services and their gates in silence.
func TestIncludeUnreadableDirectoryFails(t *testing.T) {
	fsys := unreadableDirFS{MapFS: fstest.MapFS{
		"gates.yaml":            {Data: []byte("version: 1\ninclude: [\"services/*/gates.yaml\"]\ngates: {unit: {}}\n")},
		"services/a/gates.yaml": {Data: []byte("services:\n  a: {paths: [\"**\"], gates: [unit]}\n")},
		"services/b/gates.yaml": {Data: []byte("services:\n  b: {paths: [\"**\"], gates: [unit]}\n")},
		"services/c/readme.txt": {Data: []byte("no fragment\n")},
	}, dir: "services/b"}
	var _ fs.ReadLinkFS = fsys // the fast path of globFiles is taken
	_, _, err := Load(fsys, "gates.yaml")
	require.Error(t, err)
	require.Contains(t, err.Error(), "permission denied")
}
