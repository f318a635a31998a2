//go:build (linux && !amd64 && !arm64) || darwin || freebsd || netbsd

package gitrepo

import "syscall"

// lstatSys is syscall.Lstat of the NUL-terminated path in buf.
func lstatSys(buf []byte, s *syscall.Stat_t) error {
	for {
		err := syscall.Lstat(string(buf[:len(buf)-1]), s)
		if err != syscall.EINTR {
			return err
		}
	}
}
