package odb

import (
	"fmt"
	"os"
	"syscall"
	"time"
)

// fileIdentity is the device, inode, size, modification and change times
// of f (nanoseconds), the identity graphStamps records, and its change
// time.
func fileIdentity(f *os.File) (string, time.Time, bool) {
	var st syscall.Stat_t
	if err := syscall.Fstat(int(f.Fd()), &st); err != nil {
		return "", time.Time{}, false
	}
	id := fmt.Sprintf("%d %d %d %d.%09d %d.%09d", st.Dev, st.Ino, st.Size, st.Mtim.Sec, st.Mtim.Nsec, st.Ctim.Sec, st.Ctim.Nsec)
	return id, time.Unix(int64(st.Ctim.Sec), int64(st.Ctim.Nsec)), true
}
