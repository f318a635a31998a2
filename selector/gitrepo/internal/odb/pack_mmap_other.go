//go:build !unix

package odb

// mmapFile is not available here: the files are read instead.
func mmapFile(uintptr) ([]byte, func(), bool) { return nil, nil, false }
