package gitrepo

import "io/fs"

// fileStat is the part of a file's stat data git compares with an index
// entry (ie_match_stat), read into a value the caller reuses: git keeps a
// struct stat on its stack, and an os.FileInfo for each of a large
// repository's files was a quarter of `select --uncommitted`'s
// allocations.
type fileStat struct {
	kind         fs.FileMode // fs.ModeDir, fs.ModeSymlink, 0 (a regular file) or fs.ModeIrregular
	exec         bool        // the owner's executable bit, the one git looks at
	size         int64
	mtime, ctime timespec
	ino          uint32
	uid, gid     uint32
	full         bool // ctime, ino, uid and gid are known (not on every platform)
}

// timespec is a time as stat gives it.
type timespec struct {
	sec  int64
	nsec int64
}

// lstater lstats paths below a directory without allocating: each path is
// written into one buffer after the directory's (lstatPath, per
// platform, reads it from there). Not safe for concurrent use.
type lstater struct {
	buf  []byte // the directory, a separator, the path, a NUL
	root int    // the length of the directory and separator
}

func newLstater(root string) *lstater {
	b := append(make([]byte, 0, len(root)+256), root...)
	b = append(b, '/')
	return &lstater{buf: b, root: len(b)}
}

// lstat reads the stat data of name (slash-separated, relative to the
// directory) into st, without following a final symbolic link.
func (l *lstater) lstat(name string, st *fileStat) error {
	l.buf = append(append(l.buf[:l.root], name...), 0)
	return lstatPath(l.buf, st)
}

// path is the last path lstat read, as a string (it allocates: for the
// rare file whose content is read, and for errors).
func (l *lstater) path() string { return string(l.buf[:len(l.buf)-1]) }
