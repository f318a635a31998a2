package safefs_test

import (
	"io/fs"
	"os"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/internal/safefs"
)

// TestReadFileWithoutReadLink: a file system that reports a link but
// cannot read it refuses it rather than guessing.
func TestReadFileWithoutReadLink(t *testing.T) {
	fsys := fstest.MapFS{
		"gates.yaml": {Data: []byte("version: 1\n")},
		"link.yaml":  {Data: []byte("../outside.yaml"), Mode: os.ModeSymlink},
		"in.yaml":    {Data: []byte("gates.yaml"), Mode: os.ModeSymlink},
	}
	data, err := safefs.ReadFile(fsys, "in.yaml", 100)
	require.NoError(t, err)
	assert.Equal(t, "version: 1\n", string(data))
	real, err := safefs.ResolveLinks(fsys, "in.yaml")
	require.NoError(t, err)
	assert.Equal(t, "gates.yaml", real)
	_, err = safefs.ReadFile(fsys, "link.yaml", 100)
	require.Error(t, err)
	assert.Equal(t, "read link.yaml: symbolic link link.yaml -> ../outside.yaml leaves the repository", err.Error())
	_, err = safefs.ReadFile(fsys, "gates.yaml", 5)
	require.Error(t, err)
	assert.Equal(t, "read gates.yaml: file is 11 bytes, more than the limit of 5", err.Error())
	_, err = safefs.ReadFile(noLinks{fsys}, "in.yaml", 100)
	require.Error(t, err)
	assert.Equal(t, "read in.yaml: in.yaml is a symbolic link that cannot be followed here: readlink in.yaml: invalid argument", err.Error())
	_, err = safefs.ReadFile(fsys, "../gates.yaml", 100)
	require.Error(t, err)
	assert.Equal(t, "read ../gates.yaml: not a clean path inside the repository: invalid argument", err.Error())
	assert.ErrorIs(t, err, fs.ErrInvalid)
}

// noLinks hides ReadLink (and Lstat): Stat still reports the link itself,
// as a git tree does.
type noLinks struct{ m fstest.MapFS }

func (n noLinks) Open(name string) (fs.File, error) { return n.m.Open(name) }
func (n noLinks) Stat(name string) (fs.FileInfo, error) {
	if f, ok := n.m[name]; ok && f.Mode&os.ModeSymlink != 0 {
		return n.m.Lstat(name)
	}
	return n.m.Stat(name)
}
