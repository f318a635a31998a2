//go:build unix

package odb

import "syscall"

// mmapFile maps the open file fd read-only; ok is false when it cannot be
// mapped. unmap releases the mapping.
func mmapFile(fd uintptr) (data []byte, unmap func(), ok bool) {
	var st syscall.Stat_t
	if err := syscall.Fstat(int(fd), &st); err != nil || st.Size <= 0 || st.Size != int64(int(st.Size)) {
		return nil, nil, false
	}
	data, err := syscall.Mmap(int(fd), 0, int(st.Size), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, nil, false
	}
	return data, func() { _ = syscall.Munmap(data) }, true
}
