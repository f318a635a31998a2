//go:build linux || darwin || freebsd || netbsd

package gitrepo

import (
	"io/fs"
	"syscall"
)

// lstatPath lstats the NUL-terminated path in buf.
func lstatPath(buf []byte, st *fileStat) error {
	var s syscall.Stat_t
	if err := lstatSys(buf, &s); err != nil {
		return err
	}
	switch s.Mode & syscall.S_IFMT {
	case syscall.S_IFREG:
		st.kind = 0
	case syscall.S_IFDIR:
		st.kind = fs.ModeDir
	case syscall.S_IFLNK:
		st.kind = fs.ModeSymlink
	default:
		st.kind = fs.ModeIrregular
	}
	st.exec = s.Mode&0o100 != 0
	st.size = s.Size
	st.ino, st.uid, st.gid, st.full = uint32(s.Ino), s.Uid, s.Gid, true
	st.mtime, st.ctime = statTimes(&s)
	return nil
}
