//go:build unix

package gitrepo

import "syscall"

// cpuTime is the process's user and system time so far, in nanoseconds:
// on a busy machine a steadier measure of work than the wall clock.
func cpuTime() int64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
