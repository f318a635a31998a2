//go:build !linux

package gitrepo

import (
	"os"
	"path/filepath"
)

// readDir lists the directory whose NUL-terminated path is in path into
// l through os.ReadDir.
func readDir(path []byte, l *dirList) error {
	entries, err := os.ReadDir(filepath.FromSlash(string(path[:len(path)-1])))
	if err != nil {
		return err
	}
	l.reset()
	for _, e := range entries {
		l.add([]byte(e.Name()), kindOf(e.Type()))
	}
	return nil
}
