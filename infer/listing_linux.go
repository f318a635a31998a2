//go:build linux

package infer

import (
	"errors"
	"io"
	"io/fs"

	"golang.org/x/sys/unix"
)

// noLinksDir is a directory of the operating system opened for
// readNoLinks.
type noLinksDir struct{ fd int }

// openNoLinksDir opens dir for readNoLinks; nil when it cannot be opened
// or the kernel has no openat2 (Linux before 5.6): the caller then Lstat-s.
func openNoLinksDir(dir string) *noLinksDir {
	fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil
	}
	probe, err := unix.Openat2(fd, ".", &unix.OpenHow{Flags: unix.O_RDONLY | unix.O_CLOEXEC | unix.O_DIRECTORY, Resolve: unix.RESOLVE_BENEATH | unix.RESOLVE_NO_SYMLINKS})
	if err != nil {
		unix.Close(fd) // no openat2 (ENOSYS), or a seccomp filter refuses it
		return nil
	}
	unix.Close(probe)
	return &noLinksDir{fd: fd}
}

func (d *noLinksDir) close() {
	if d != nil {
		unix.Close(d.fd)
	}
}

// open opens name below the directory with one openat2 (openHow: no
// link, nothing outside, no blocking on a FIFO) and returns its
// descriptor and size. found is false, with no error, when
// name is absent, a link, below a link or not a regular file: what a
// walk of the tree would not collect.
func (d *noLinksDir) open(name string) (fd int, size int64, found bool, err error) {
	fd, err = d.openat2(name)
	switch {
	case errors.Is(err, unix.ENOENT), errors.Is(err, unix.ENOTDIR), errors.Is(err, unix.ELOOP), errors.Is(err, unix.EXDEV):
		return -1, 0, false, nil // absent, below a file, a link, or leaving the directory
	case err != nil:
		return -1, 0, false, err
	}
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		unix.Close(fd)
		return -1, 0, false, err
	}
	if st.Mode&unix.S_IFMT != unix.S_IFREG {
		unix.Close(fd)
		return -1, 0, false, nil
	}
	return fd, st.Size, true, nil
}

// openHow refuses every link on the way (RESOLVE_NO_SYMLINKS) and any
// path leaving the directory (RESOLVE_BENEATH), and opens with O_NONBLOCK
// so that a FIFO cannot block.
var openHow = unix.OpenHow{
	Flags:   unix.O_RDONLY | unix.O_CLOEXEC | unix.O_NOFOLLOW | unix.O_NONBLOCK,
	Resolve: unix.RESOLVE_BENEATH | unix.RESOLVE_NO_SYMLINKS | unix.RESOLVE_NO_MAGICLINKS,
}

// openat2 opens name below the directory with openHow, retrying when
// interrupted.
func (d *noLinksDir) openat2(name string) (int, error) {
	for {
		fd, err := unix.Openat2(d.fd, name, &openHow)
		if err != unix.EINTR {
			return fd, err
		}
	}
}

// fdReader reads a descriptor, retrying when interrupted.
type fdReader struct {
	fd   int
	name string
}

func (f fdReader) Read(b []byte) (int, error) {
	for {
		n, err := unix.Read(f.fd, b)
		if err == unix.EINTR || err == unix.EAGAIN {
			continue
		}
		if err != nil {
			return 0, &fs.PathError{Op: "read", Path: f.name, Err: err}
		}
		if n == 0 && len(b) > 0 {
			return 0, io.EOF
		}
		return n, nil
	}
}

// read reads name below the directory (see open). A regular file over
// MaxManifestSize is found, with the error a read gives it.
func (d *noLinksDir) read(name string) (data []byte, found bool, err error) {
	fd, size, found, err := d.open(name)
	if !found {
		return nil, false, err
	}
	defer unix.Close(fd)
	if size > MaxManifestSize {
		return nil, true, tooLarge(name)
	}
	buf := make([]byte, 0, size+1)
	r := fdReader{fd, name}
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		if err == io.EOF {
			return buf, true, nil
		}
		if err != nil {
			return nil, true, err
		}
		buf = buf[:len(buf)+n]
		if len(buf) > MaxManifestSize {
			return nil, true, tooLarge(name)
		}
	}
}

// readImports reads the imports of the Go file name below the directory
// (see open and readImports), as far as its import block goes.
func (d *noLinksDir) readImports(name string, buf *[]byte) ([]goImport, bool, error) {
	fd, _, found, err := d.open(name)
	if !found {
		return nil, false, err
	}
	defer unix.Close(fd)
	imps, err := readImports(name, fdReader{fd, name}, buf)
	return imps, true, err
}

// readOnce reads what one read(2) of name below the directory gives, into
// buf (at least blobRead bytes of room; valid until buf is used again),
// opened as open does (openat2) but without its fstat: the caller hashes
// the bytes, and uses them only when they are the blob it wants, whatever
// the file is. ok is false when name cannot be opened or read.
func (d *noLinksDir) readOnce(name string, buf *[]byte) (data []byte, ok bool) {
	fd, err := d.openat2(name)
	if err != nil {
		return nil, false
	}
	defer unix.Close(fd)
	if cap(*buf) < blobRead {
		*buf = make([]byte, 0, blobRead)
	}
	b := (*buf)[:blobRead] // buf may have grown for a larger file before
	n, err := unix.Read(fd, b)
	for err == unix.EINTR {
		n, err = unix.Read(fd, b)
	}
	if err != nil || n < 0 {
		return nil, false
	}
	return b[:n], true
}
