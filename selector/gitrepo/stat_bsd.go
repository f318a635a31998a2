//go:build darwin || freebsd || netbsd

package gitrepo

import "syscall"

func statTimes(s *syscall.Stat_t) (mtime, ctime timespec) {
	return timespec{int64(s.Mtimespec.Sec), int64(s.Mtimespec.Nsec)}, timespec{int64(s.Ctimespec.Sec), int64(s.Ctimespec.Nsec)}
}
