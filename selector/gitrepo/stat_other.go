//go:build !linux && !darwin && !freebsd && !netbsd

package gitrepo

import "io/fs"

// statOf: this platform gives no stat data beyond size and mtime.
func statOf(fs.FileInfo) statData { return statData{} }
