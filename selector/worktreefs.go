package selector

import (
	"context"
	"io/fs"
	"os"

	"github.com/gatesel/gatesel/selector/gitrepo"
)

// worktreeFS is the work tree (os.DirFS) with the git index that tracks
// it: inference (infer.ListFS) lists the manifests from the index instead
// of walking every directory, and reads them from the work tree, so a
// developer's edits count. Untracked manifests are not read: CI's
// checkouts have none, and a module is a service once git tracks it.
// Every other read goes to the work tree unchanged.
type worktreeFS struct {
	dir  fs.FS
	root string
	repo *gitrepo.Repo
}

func newWorktreeFS(root string, repo *gitrepo.Repo) *worktreeFS {
	return &worktreeFS{dir: os.DirFS(root), root: root, repo: repo}
}

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
	GitTree(dir string) (string, bool) // the policy cache's (graph.LoadCached)
}

// besideWorkTree is a revision's tree that names the repository's work
// tree: inference reads a Go file of the tree from the work tree when the
// file there is the tree's blob (its git hash says so), instead of
// inflating it (see infer's workTreeBlobs). The base revision's graph of
// a change that edits a manifest shares almost all its Go files with the
// checked-out head.
type besideWorkTree struct {
	revisionTree
	root string
}

func (t besideWorkTree) WorkTree() string { return t.root }

// treeFS is the tree of commit, beside the work tree when there is one.
func (c *computation) treeFS(ctx context.Context, commit string) (fs.FS, error) {
	fsys, err := c.repo.TreeFS(ctx, commit)
	if t, ok := fsys.(revisionTree); ok && err == nil && c.root != "" {
		return besideWorkTree{t, c.root}, nil
	}
	return fsys, err
}
