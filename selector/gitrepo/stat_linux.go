//go:build linux

package gitrepo

import "syscall"

func statTimes(s *syscall.Stat_t) (mtime, ctime timespec) {
	return timespec{int64(s.Mtim.Sec), int64(s.Mtim.Nsec)}, timespec{int64(s.Ctim.Sec), int64(s.Ctim.Nsec)}
}
