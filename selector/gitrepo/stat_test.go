//go:build linux || darwin || freebsd || netbsd

package gitrepo

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLstaterIsLstat: the stat data lstater reads into a reused value is
// os.Lstat's, for each kind of file git tells apart (a named pipe is
// irregular), through a path longer than the buffer first held, and its
// errors are os.Lstat's.
func TestLstaterIsLstat(t *testing.T) {
	dir := t.TempDir()
	long := strings.Repeat("d", 200) + "/" + strings.Repeat("e", 200)
	require.NoError(t, os.MkdirAll(filepath.Join(dir, filepath.FromSlash(long)), 0o755))
	files := map[string]os.FileMode{"f.txt": 0o644, "x.sh": 0o755, long + "/deep.txt": 0o600}
	for name, perm := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, filepath.FromSlash(name)), []byte(name), perm))
		require.NoError(t, os.Chmod(filepath.Join(dir, filepath.FromSlash(name)), perm))
	}
	require.NoError(t, os.Symlink("f.txt", filepath.Join(dir, "link")))
	l := newLstater(dir)
	var st fileStat
	for _, name := range []string{"f.txt", "x.sh", long + "/deep.txt", "link", long, "f.txt", "."} {
		require.NoError(t, l.lstat(name, &st), name)
		want, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(name)))
		require.NoError(t, err)
		assert.Equal(t, filepath.Join(dir, filepath.FromSlash(name)), filepath.Clean(l.path()))
		assert.Equal(t, want.Mode().Type(), st.kind, name)
		assert.Equal(t, want.Mode()&0o100 != 0, st.exec, name)
		assert.Equal(t, want.Size(), st.size, name)
		assert.Equal(t, want.ModTime().Unix(), st.mtime.sec, name)
		assert.Equal(t, int64(want.ModTime().Nanosecond()), st.mtime.nsec, name)
		if s, ok := want.Sys().(*syscall.Stat_t); ok {
			require.True(t, st.full)
			assert.Equal(t, uint32(s.Ino), st.ino, name)
			assert.Equal(t, s.Uid, st.uid, name)
			assert.Equal(t, s.Gid, st.gid, name)
		}
	}
	require.NoError(t, syscall.Mkfifo(filepath.Join(dir, "fifo"), 0o644))
	require.NoError(t, l.lstat("fifo", &st))
	assert.Equal(t, fs.ModeIrregular, st.kind, "a named pipe is neither a file, a directory nor a link")
	for _, c := range []struct {
		name string
		want error
	}{{"missing", fs.ErrNotExist}, {"f.txt/below", syscall.ENOTDIR}, {long + "/missing/x", fs.ErrNotExist}} {
		err := l.lstat(c.name, &st)
		assert.True(t, errors.Is(err, c.want), "%s: %v", c.name, err)
		_, osErr := os.Lstat(filepath.Join(dir, filepath.FromSlash(c.name)))
		assert.True(t, errors.Is(osErr, c.want), "%s: os.Lstat: %v", c.name, osErr)
	}
}

// TestDirSymlinked: the kept leading directories answer as an lstat of
// every leading directory would, for directories asked about in any
// order (submodules are checked after the sorted entries), and a link's
// subdirectories are linked without being lstat'ed.
func TestDirSymlinked(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{"a/b/c", "a/bc", "ab", "real/x"} {
		require.NoError(t, os.MkdirAll(filepath.Join(dir, d), 0o755))
	}
	require.NoError(t, os.Symlink("real", filepath.Join(dir, "a/link")))
	require.NoError(t, os.Symlink("real", filepath.Join(dir, "top")))
	c := &entryCheck{stat: newLstater(dir)}
	for _, q := range []struct {
		dir  string
		want bool
	}{
		{"a", false}, {"a/b", false}, {"a/b/c", false}, {"a/bc", false}, {"a/link", true}, {"a/link/x", true},
		{"ab", false}, {"top/x", true}, {"top", true}, {"a/b", false}, {"a/link/x/y", true}, {"a/b/c", false},
		{"real/x", false}, {"a", false}, {"missing/d", false},
	} {
		assert.Equal(t, q.want, c.dirSymlinked(q.dir), q.dir)
		assert.Equal(t, q.dir, c.linkDirs[len(c.linkDirs)-1], "the last kept directory is the one asked about")
	}
}
