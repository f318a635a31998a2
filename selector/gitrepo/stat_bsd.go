//go:build darwin || freebsd || netbsd

package gitrepo

import (
	"io/fs"
	"syscall"
	"time"
)

func statOf(fi fs.FileInfo) statData {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return statData{}
	}
	return statData{
		ctime: time.Unix(int64(st.Ctimespec.Sec), int64(st.Ctimespec.Nsec)),
		ino:   uint32(st.Ino), uid: st.Uid, gid: st.Gid, ok: true,
	}
}
