//go:build !linux && !darwin && !freebsd && !netbsd

package gitrepo

import (
	"io/fs"
	"time"
)

// statData is the part of git's stat data that fs.FileInfo does not carry;
// this platform does not give it, so only size and mtime are compared, as
// git for Windows does.
type statData struct {
	ctime         time.Time
	ino, uid, gid uint32
	ok            bool
}

func statOf(fs.FileInfo) statData { return statData{} }
