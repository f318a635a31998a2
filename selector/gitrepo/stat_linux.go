//go:build linux

package gitrepo

import (
	"io/fs"
	"syscall"
	"time"
)

// statData is the part of git's stat data that fs.FileInfo does not carry.
type statData struct {
	ctime         time.Time
	ino, uid, gid uint32
	ok            bool // false where the platform does not give them
}

func statOf(fi fs.FileInfo) statData {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return statData{}
	}
	return statData{
		ctime: time.Unix(int64(st.Ctim.Sec), int64(st.Ctim.Nsec)),
		ino:   uint32(st.Ino), uid: st.Uid, gid: st.Gid, ok: true,
	}
}
