package gitrepo

import (
	"bytes"
	"encoding/binary"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"unsafe"
)

// readDir lists the directory whose NUL-terminated path is in path into
// l with getdents64, the way os.ReadDir does, without a DirEntry for each
// entry (nor a copy of the path). An entry whose type the file system
// does not give (DT_UNKNOWN) is lstat'ed, as os.ReadDir does.
func readDir(path []byte, l *dirList) error {
	dir := path[:len(path)-1]
	fd, err := openDir(path)
	if err != nil {
		return &fs.PathError{Op: "open", Path: string(dir), Err: err}
	}
	defer syscall.Close(fd)
	l.reset()
	if l.buf == nil {
		l.buf = make([]byte, 16<<10)
	}
	for {
		n, err := syscall.Getdents(fd, l.buf)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return &fs.PathError{Op: "readdirent", Path: string(dir), Err: err}
		}
		if n <= 0 {
			return nil
		}
		if err := l.parse(dir, l.buf[:n]); err != nil {
			return err
		}
	}
}

// parse adds the linux_dirent64 records of b: inode (8 bytes), offset
// (8), record length (2), type (1), the name and a NUL.
func (l *dirList) parse(dir []byte, b []byte) error {
	for len(b) >= 19 {
		reclen := int(binary.NativeEndian.Uint16(b[16:]))
		if reclen < 19 || reclen > len(b) {
			return &fs.PathError{Op: "readdirent", Path: string(dir), Err: syscall.EIO}
		}
		name, typ := b[19:reclen], b[18]
		if i := bytes.IndexByte(name, 0); i >= 0 {
			name = name[:i]
		}
		b = b[reclen:]
		if string(name) == "." || string(name) == ".." || len(name) == 0 {
			continue
		}
		var kind fs.FileMode
		switch typ {
		case syscall.DT_REG:
			kind = 0
		case syscall.DT_DIR:
			kind = fs.ModeDir
		case syscall.DT_LNK:
			kind = fs.ModeSymlink
		case syscall.DT_UNKNOWN:
			fi, err := os.Lstat(filepath.Join(string(dir), string(name)))
			if err != nil {
				continue // gone since it was listed, as os.ReadDir skips it
			}
			kind = kindOf(fi.Mode())
		default:
			kind = fs.ModeIrregular
		}
		l.add(name, kind)
	}
	return nil
}

// openDir is open(path, O_RDONLY|O_DIRECTORY|O_CLOEXEC) (openat from the
// working directory) on the NUL-terminated path itself.
func openDir(path []byte) (int, error) {
	for {
		fd, _, e := syscall.Syscall6(syscall.SYS_OPENAT, atFDCWD, uintptr(unsafe.Pointer(&path[0])), syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0, 0, 0)
		switch e {
		case 0:
			return int(fd), nil
		case syscall.EINTR:
			continue
		}
		return -1, e
	}
}

// atFDCWD is AT_FDCWD (-100): a path relative to the working directory.
const atFDCWD = ^uintptr(99)
