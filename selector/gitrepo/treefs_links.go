package gitrepo

import (
	"io/fs"

	"github.com/gatesel/gatesel/selector/gitrepo/internal/odb"
)

// ReadLink returns the target of a symbolic link of the tree (the
// fs.ReadLinkFS interface), so that safefs.ReadFile can follow a policy
// file's link while it stays inside the tree, as it does in a work tree.
func (t *treeFS) ReadLink(name string) (string, error) {
	t.r.mu.Lock()
	defer t.r.mu.Unlock()
	if t.r.closed {
		return "", ErrClosed
	}
	e, err := t.entry("readlink", name)
	if err != nil {
		return "", err
	}
	if e == nil || e.Mode != odb.Symlink {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: fs.ErrInvalid}
	}
	data, err := t.read(e)
	if err != nil {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: err}
	}
	return string(data), nil
}

// Lstat is Stat, which already describes a link itself (fs.ReadLinkFS).
func (t *treeFS) Lstat(name string) (fs.FileInfo, error) { return t.Stat(name) }
