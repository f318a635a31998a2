//go:build linux && (amd64 || arm64)

package gitrepo

import (
	"syscall"
	"unsafe"
)

// lstatSys is fstatat(AT_FDCWD, path, s, AT_SYMLINK_NOFOLLOW) on the
// NUL-terminated path in buf itself: syscall.Lstat would copy the path
// into a new NUL-terminated slice for every call.
func lstatSys(buf []byte, s *syscall.Stat_t) error {
	for {
		_, _, e := syscall.Syscall6(sysFstatat, atFDCWD, uintptr(unsafe.Pointer(&buf[0])), uintptr(unsafe.Pointer(s)), uintptr(atSymlinkNoFollow), 0, 0)
		switch e {
		case 0:
			return nil
		case syscall.EINTR:
			continue
		}
		return e
	}
}

const atSymlinkNoFollow = 0x100 // AT_SYMLINK_NOFOLLOW
