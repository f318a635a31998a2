package gitrepo

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"github.com/gatesel/gatesel/selector/gitrepo/internal/odb"
)

// submodule compares a gitlink entry with its directory as git status
// does: deleted when the directory is gone, a type change when a file is
// there, modified when the checked-out commit is not the recorded one or
// the submodule has changes of its own. A directory that is not a
// repository (a submodule not checked out) is unchanged, as in git. A
// submodule that cannot be read is reported modified: more, never less.
func (c *entryCheck) submodule(ctx context.Context, e *odb.Entry) Status {
	full := filepath.Join(c.root, filepath.FromSlash(e.Name))
	if c.underSymlink(e.Name) {
		return Deleted
	}
	fi, err := os.Lstat(full)
	switch {
	case errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR):
		return Deleted
	case err != nil:
		return Modified
	case !fi.IsDir():
		return TypeChg
	}
	if _, err := os.Lstat(filepath.Join(full, ".git")); err != nil {
		return "" // not checked out
	}
	sub, err := Open(ctx, full)
	if err != nil {
		return Modified
	}
	defer sub.Close()
	sub.env = c.env
	head, err := sub.resolveName("HEAD")
	if err != nil {
		return "" // git: a HEAD it cannot resolve matches (resolve_gitlink_ref fails)
	}
	if head != e.Hash {
		return Modified
	}
	changes, err := sub.Uncommitted(ctx)
	if err != nil || len(changes) > 0 {
		return Modified // modified or untracked content, as git status reports it
	}
	return ""
}

// isRepository reports whether dir is the work tree of a repository whose
// HEAD resolves (git's resolve_gitlink_ref on a directory).
func isRepository(dir string) bool {
	if _, err := os.Lstat(filepath.Join(dir, ".git")); err != nil {
		return false
	}
	sub, err := Open(context.Background(), dir)
	if err != nil {
		return false
	}
	defer sub.Close()
	_, err = sub.resolveName("HEAD")
	return err == nil
}
