package gitrepo

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/gatesel/gatesel/selector/gitrepo/internal/odb"
)

// entryCheck compares index entries with their files as git's
// ie_match_stat does (read-cache.c).
type entryCheck struct {
	root     string
	env      func(string) string // the environment submodules are read with
	set      worktreeSettings
	indexSec int64  // the index file's mtime, in seconds; 0 if unknown
	valid    []bool // the assume-unchanged bit of each entry; nil for none
	stat     *lstater
	st       fileStat // the last file stat read
	// linkDirs are the leading directories of the last path checked for
	// a symbolic link (git's has_symlink_leading_path), outermost first;
	// linkSym, whether each or a parent is one.
	linkDirs []string
	linkSym  []bool
}

// emptyBlob is the object name of the empty blob (git hash-object
// /dev/null; TestEmptyBlob checks it), written out: hashing it at start-up
// was the first use of go-git's SHA-1, a page-faulting 20 µs of every run.
var emptyBlob = odb.NewHash("e69de29bb2d1d6434b8b29ae775ad8c2e48c5391")

// status compares index entry i (stage 0, not a submodule) with its file:
// "" when unchanged.
func (c *entryCheck) status(i int, e *odb.Entry) (Status, error) {
	if e.SkipWorktree || (c.valid != nil && c.valid[i]) {
		return "", nil // git trusts the entry whatever the file says
	}
	if e.IntentToAdd {
		return Added, nil
	}
	if c.underSymlink(e.Name) {
		return Deleted, nil
	}
	st := &c.st
	err := c.stat.lstat(e.Name, st)
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
		return Deleted, nil
	}
	if err != nil {
		return "", fmt.Errorf("inspect %s: %w", e.Name, err)
	}
	if st.kind == fs.ModeDir {
		if isRepository(c.stat.path()) {
			return TypeChg, nil // git: a repository where the file was
		}
		return Deleted, nil // a directory where the file was; its files are untracked
	}
	mode := odb.Regular
	switch {
	case st.kind == fs.ModeSymlink:
		mode = odb.Symlink
	case st.kind != 0:
		return TypeChg, nil
	case st.exec: // git looks at the owner's x bit only
		mode = odb.Executable
	}
	if kind(mode) != kind(e.Mode) {
		return TypeChg, nil
	}
	if c.set.fileMode && mode != odb.Symlink && (mode == odb.Executable) != (e.Mode == odb.Executable) {
		return Modified, nil
	}
	if !c.statChanged(e, st) && !c.racy(e) {
		return "", nil
	}
	h, err := hashFile(c.stat.path(), mode, st.size)
	if err != nil {
		return "", fmt.Errorf("hash %s: %w", e.Name, err)
	}
	if h != e.Hash {
		return Modified, nil
	}
	return "", nil
}

// statChanged is git's match_stat_data and its check of a racily smudged
// entry: whether the file's stat data differs from the index's.
// Nanoseconds are compared where the index has them: git built with
// USE_NSEC compares them, and where it is not they only cause a rehash.
func (c *entryCheck) statChanged(e *odb.Entry, st *fileStat) bool {
	if uint32(st.size) != e.Size {
		return true
	}
	if e.Size == 0 && e.Hash != emptyBlob {
		return true // smudged by git as racy when it wrote the index
	}
	if st.mtime.sec != int64(e.MtimeSec) {
		return true
	}
	if !c.set.checkStat {
		return false // core.checkStat=minimal: size and mtime seconds only
	}
	if n := e.MtimeNsec; n != 0 && st.mtime.nsec != int64(n) {
		return true
	}
	if !st.full {
		return false
	}
	if c.set.trustCtime {
		if st.ctime.sec != int64(e.CtimeSec) {
			return true
		}
		if n := e.CtimeNsec; n != 0 && st.ctime.nsec != int64(n) {
			return true
		}
	}
	return st.ino != e.Inode || st.uid != e.UID || st.gid != e.GID
}

// racy reports whether the entry's mtime is not older than the index
// (git's is_racy_timestamp, in seconds as git compares without USE_NSEC):
// its stat data cannot tell an edit in that second.
func (c *entryCheck) racy(e *odb.Entry) bool {
	return c.indexSec != 0 && c.indexSec <= int64(e.MtimeSec)
}

// underSymlink reports whether a leading directory of the path is a
// symbolic link: git does not follow it, and the file is deleted.
func (c *entryCheck) underSymlink(name string) bool {
	dir, _, ok := cutLast(name)
	if !ok {
		return false
	}
	return c.dirSymlinked(dir)
}

// dirSymlinked reports whether dir or a parent is a symbolic link. The
// directories of the last path asked about are kept, outermost first, as
// git's has_symlink_leading_path keeps them: the index is sorted, so each
// directory is lstat'ed once, and no map of them is needed.
func (c *entryCheck) dirSymlinked(dir string) bool {
	k := 0 // the kept directories that lead to dir
	for k < len(c.linkDirs) {
		d := c.linkDirs[k]
		if !strings.HasPrefix(dir, d) || (len(dir) > len(d) && dir[len(d)] != '/') {
			break
		}
		k++
	}
	c.linkDirs, c.linkSym = c.linkDirs[:k], c.linkSym[:k]
	v := k > 0 && c.linkSym[k-1]
	for end := 0; k == 0 || len(c.linkDirs[k-1]) < len(dir); k++ {
		if k > 0 {
			end = len(c.linkDirs[k-1]) + 1
		}
		if i := strings.IndexByte(dir[end:], '/'); i >= 0 {
			end += i
		} else {
			end = len(dir)
		}
		d := dir[:end]
		if !v {
			var st fileStat
			v = c.stat.lstat(d, &st) == nil && st.kind == fs.ModeSymlink
		}
		c.linkDirs, c.linkSym = append(c.linkDirs, d), append(c.linkSym, v)
	}
	return v
}

// cutLast splits a path at its last slash.
func cutLast(p string) (dir, name string, ok bool) {
	i := strings.LastIndexByte(p, '/')
	if i < 0 {
		return "", p, false
	}
	return p[:i], p[i+1:], true
}

// hashFile computes the blob hash of a file (of its target for a link).
func hashFile(full string, mode odb.FileMode, size int64) (odb.Hash, error) {
	if mode == odb.Symlink {
		target, err := os.Readlink(full)
		if err != nil {
			return odb.ZeroHash, err
		}
		return odb.BlobHash([]byte(filepath.ToSlash(target))), nil
	}
	f, err := os.Open(full)
	if err != nil {
		return odb.ZeroHash, err
	}
	defer f.Close()
	h := odb.NewBlobHasher(size)
	n, err := io.Copy(h, f)
	if err != nil {
		return odb.ZeroHash, err
	}
	if n != size { // the file changed while read: report it changed
		return odb.ZeroHash, nil
	}
	return h.Sum(), nil
}
