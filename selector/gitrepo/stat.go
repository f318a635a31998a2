package gitrepo

import "time"

// statData is the part of git's stat data that fs.FileInfo does not carry.
// statOf (stat_linux.go, stat_bsd.go, stat_other.go) reads it where the
// platform gives it; elsewhere only size and mtime are compared, as git for
// Windows does.
type statData struct {
	ctime         time.Time
	ino, uid, gid uint32
	ok            bool // false where the platform does not give them
}
