package selector

import (
	"context"
	"io/fs"
	"os"

	"github.com/gatesel/gatesel/infer"
	"github.com/gatesel/gatesel/selector/gitrepo"
)

// worktreeFS is the work tree (os.DirFS) with the git index that tracks
// it: inference (infer.ListFS) lists the manifests from the index instead
// of walking every directory, and reads them from the work tree, so a
// developer's edits count. Untracked manifests are not read: CI's
// checkouts have none, and a module is a service once git tracks it.
// Every other read goes to the work tree unchanged.
type worktreeFS struct {
	dir     fs.FS
	root    string
	repo    *gitrepo.Repo
	imports *infer.ImportCache
}

func newWorktreeFS(root string, repo *gitrepo.Repo, imports *infer.ImportCache) *worktreeFS {
	return &worktreeFS{dir: os.DirFS(root), root: root, repo: repo, imports: imports}
}

// ImportCache is the run's cache of Go files' imports (infer.ImportCache):
// the base revision's graph, when a change edits a manifest, reads again
// only the Go files whose content the head's does not have.
func (w *worktreeFS) ImportCache() *infer.ImportCache { return w.imports }

// ListFiles lists the index's files.
func (w *worktreeFS) ListFiles(ctx context.Context) ([]string, error) {
	return w.repo.Tracked(ctx)
}

func (w *worktreeFS) Open(name string) (fs.File, error)          { return w.dir.Open(name) }
func (w *worktreeFS) ReadFile(name string) ([]byte, error)       { return fs.ReadFile(w.dir, name) }
func (w *worktreeFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(w.dir, name) }
func (w *worktreeFS) Stat(name string) (fs.FileInfo, error)      { return fs.Stat(w.dir, name) }
func (w *worktreeFS) Lstat(name string) (fs.FileInfo, error)     { return fs.Lstat(w.dir, name) }
func (w *worktreeFS) ReadLink(name string) (string, error)       { return fs.ReadLink(w.dir, name) }

// OSDir is the work tree's directory: infer reads the listed manifests
// from it with openat2 on Linux.
func (w *worktreeFS) OSDir() string { return w.root }

// revisionTree is what gitrepo's TreeFS returns.
type revisionTree interface {
	fs.ReadDirFS
	fs.ReadFileFS
	fs.StatFS
	fs.ReadLinkFS
	GitBlob(name string) (string, bool)
}

// cachedTree is a revision's tree that lends inference the run's import
// cache (see worktreeFS.ImportCache); its Go files are looked up by
// their blob names before any is inflated.
type cachedTree struct {
	revisionTree
	imports *infer.ImportCache
}

func (t cachedTree) ImportCache() *infer.ImportCache { return t.imports }

// treeFS is the tree of commit, with the run's import cache.
func (c *computation) treeFS(ctx context.Context, commit string) (fs.FS, error) {
	fsys, err := c.repo.TreeFS(ctx, commit)
	if t, ok := fsys.(revisionTree); ok && err == nil {
		return cachedTree{t, &c.imports}, nil
	}
	return fsys, err
}
