//go:build !linux && !darwin && !freebsd && !netbsd

package gitrepo

import (
	"os"
	"path/filepath"
)

// lstatPath lstats the NUL-terminated path in buf through os.Lstat: this
// platform gives no stat data beyond the type, size and mtime, which are
// all that is compared, as git for Windows does.
func lstatPath(buf []byte, st *fileStat) error {
	fi, err := os.Lstat(filepath.FromSlash(string(buf[:len(buf)-1])))
	if err != nil {
		return err
	}
	m := fi.Mode()
	st.kind = kindOf(m)
	st.exec = m&0o100 != 0
	st.size = fi.Size()
	t := fi.ModTime()
	st.mtime = timespec{t.Unix(), int64(t.Nanosecond())}
	st.full = false
	return nil
}
