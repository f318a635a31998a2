//go:build linux

package infer

import (
	"errors"
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

// read reads name below the directory with one openat2 that refuses every
// link on the way (RESOLVE_NO_SYMLINKS) and any path leaving it
// (RESOLVE_BENEATH), and O_NONBLOCK so that a FIFO cannot block. found is
// false, with no error, when name is absent, a link, below a link or not
// a regular file: what a walk of the tree would not collect. A regular
// file over MaxManifestSize is found, with the error a read gives it.
func (d *noLinksDir) read(name string) (data []byte, found bool, err error) {
	how := &unix.OpenHow{
		Flags:   unix.O_RDONLY | unix.O_CLOEXEC | unix.O_NOFOLLOW | unix.O_NONBLOCK,
		Resolve: unix.RESOLVE_BENEATH | unix.RESOLVE_NO_SYMLINKS | unix.RESOLVE_NO_MAGICLINKS,
	}
	var fd int
	for {
		fd, err = unix.Openat2(d.fd, name, how)
		if err != unix.EINTR {
			break
		}
	}
	switch {
	case errors.Is(err, unix.ENOENT), errors.Is(err, unix.ENOTDIR), errors.Is(err, unix.ELOOP), errors.Is(err, unix.EXDEV):
		return nil, false, nil // absent, below a file, a link, or leaving the directory
	case err != nil:
		return nil, false, err
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return nil, false, err
	}
	if st.Mode&unix.S_IFMT != unix.S_IFREG {
		return nil, false, nil
	}
	if st.Size > MaxManifestSize {
		return nil, true, tooLarge(name)
	}
	buf := make([]byte, 0, st.Size+1)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := unix.Read(fd, buf[len(buf):cap(buf)])
		if err == unix.EINTR || err == unix.EAGAIN {
			continue
		}
		if err != nil {
			return nil, true, &fs.PathError{Op: "read", Path: name, Err: err}
		}
		if n == 0 {
			return buf, true, nil
		}
		buf = buf[:len(buf)+n]
		if len(buf) > MaxManifestSize {
			return nil, true, tooLarge(name)
		}
	}
}
