package gitrepo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"time"

	"github.com/gatesel/gatesel/selector/gitrepo/internal/odb"
)

// TreeFS returns the files of a commit's tree as a read-only fs.FS (also
// fs.ReadDirFS, fs.ReadFileFS and fs.StatFS), e.g. to read the policy files
// of the base revision. commit is any revision Resolve accepts. Symbolic
// links read as their target; a submodule is an empty directory.
func (r *Repo) TreeFS(ctx context.Context, commit string) (fs.FS, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil, ErrClosed
	}
	h, err := r.resolve(commit, RoleRevision)
	if err != nil {
		return nil, err
	}
	t, err := r.commitTree(h)
	if err != nil {
		return nil, r.classify(err)
	}
	return &treeFS{r: r, root: t}, nil
}

// errNotDir: a path's parent is not a directory of the tree.
var errNotDir = errors.New("not a directory")

type treeFS struct {
	r    *Repo
	root *odb.Tree
	// dirs caches the trees read by directory path: without it (as with
	// go-git's Tree.FindEntry) every lookup decodes each directory on the
	// way again, which made a glob over services/* quadratic.
	dirs map[string]*odb.Tree
}

// dir returns the tree of directory p ("." is the root).
func (t *treeFS) dir(p string) (*odb.Tree, error) {
	if p == "." {
		return t.root, nil
	}
	if tree, ok := t.dirs[p]; ok {
		return tree, nil
	}
	parent, err := t.dir(path.Dir(p))
	if err != nil {
		return nil, err
	}
	e := parent.Find(path.Base(p))
	if e == nil || e.Mode != odb.Dir {
		return nil, errNotDir
	}
	tree, err := t.r.store.Tree(e.Hash)
	if err != nil {
		return nil, fmt.Errorf("read tree %s (%s): %w", e.Hash, p, err)
	}
	if t.dirs == nil {
		t.dirs = map[string]*odb.Tree{}
	}
	t.dirs[p] = tree
	return tree, nil
}

// entry finds name; a nil entry is the root.
func (t *treeFS) entry(op, name string) (*odb.TreeEntry, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	if name == "." {
		return nil, nil
	}
	var e *odb.TreeEntry
	tree, err := t.dir(path.Dir(name))
	if err == nil {
		if e = tree.Find(path.Base(name)); e == nil {
			err = fs.ErrNotExist
		}
	}
	switch {
	case errors.Is(err, errNotDir) || errors.Is(err, fs.ErrNotExist):
		return nil, &fs.PathError{Op: op, Path: name, Err: fs.ErrNotExist}
	case err != nil:
		// A tree that cannot be read is not a file that does not exist:
		// a policy file would silently vanish (a partial clone, damage).
		return nil, &fs.PathError{Op: op, Path: name, Err: t.r.classify(err)}
	}
	return e, nil
}

func (t *treeFS) Open(name string) (fs.File, error) {
	t.r.mu.Lock()
	defer t.r.mu.Unlock()
	if t.r.closed {
		return nil, ErrClosed
	}
	e, err := t.entry("open", name)
	if err != nil {
		return nil, err
	}
	if e == nil || !e.Mode.IsFile() {
		entries, err := t.readDir(e)
		if err != nil {
			return nil, &fs.PathError{Op: "open", Path: name, Err: err}
		}
		return &treeDir{info: t.info(path.Base(name), e), entries: entries}, nil
	}
	data, err := t.read(e)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return &treeFile{info: treeInfo{name: e.Name, mode: e.Mode, size: int64(len(data))}, Reader: bytes.NewReader(data)}, nil
}

func (t *treeFS) ReadFile(name string) ([]byte, error) {
	t.r.mu.Lock()
	defer t.r.mu.Unlock()
	if t.r.closed {
		return nil, ErrClosed
	}
	e, err := t.entry("readfile", name)
	if err == nil && (e == nil || !e.Mode.IsFile()) {
		err = &fs.PathError{Op: "readfile", Path: name, Err: errors.New("is a directory")}
	}
	if err != nil {
		return nil, err
	}
	data, err := t.read(e)
	if err != nil {
		return nil, &fs.PathError{Op: "readfile", Path: name, Err: err}
	}
	return data, nil
}

func (t *treeFS) ReadDir(name string) ([]fs.DirEntry, error) {
	t.r.mu.Lock()
	defer t.r.mu.Unlock()
	if t.r.closed {
		return nil, ErrClosed
	}
	e, err := t.entry("readdir", name)
	if err == nil && e != nil && e.Mode.IsFile() {
		err = &fs.PathError{Op: "readdir", Path: name, Err: errors.New("not a directory")}
	}
	if err != nil {
		return nil, err
	}
	entries, err := t.readDir(e)
	if err != nil {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: err}
	}
	return entries, nil
}

func (t *treeFS) Stat(name string) (fs.FileInfo, error) {
	t.r.mu.Lock()
	defer t.r.mu.Unlock()
	if t.r.closed {
		return nil, ErrClosed
	}
	e, err := t.entry("stat", name)
	if err != nil {
		return nil, err
	}
	return t.info(path.Base(name), e), nil
}

func (t *treeFS) info(name string, e *odb.TreeEntry) treeInfo {
	if e == nil {
		return treeInfo{name: ".", mode: odb.Dir}
	}
	i := treeInfo{name: name, mode: e.Mode, size: -1}
	if e.Mode.IsFile() {
		if data, err := t.r.store.ReadObject(odb.BlobObject, e.Hash); err == nil {
			i.size = int64(len(data))
		}
	}
	return i
}

// read returns a copy of the blob e: fs.ReadFile's caller may change it.
func (t *treeFS) read(e *odb.TreeEntry) ([]byte, error) {
	data, err := t.r.store.ReadObject(odb.BlobObject, e.Hash)
	if err != nil {
		return nil, t.r.classify(fmt.Errorf("read blob %s: %w", e.Hash, err))
	}
	return bytes.Clone(data), nil
}

// readDir lists the directory e (nil: the root), sorted by name.
func (t *treeFS) readDir(e *odb.TreeEntry) ([]fs.DirEntry, error) {
	tree := t.root
	if e != nil {
		if e.Mode == odb.Submodule {
			return nil, nil
		}
		var err error
		if tree, err = t.r.store.Tree(e.Hash); err != nil {
			return nil, t.r.classify(fmt.Errorf("read tree %s: %w", e.Hash, err))
		}
	}
	out := make([]fs.DirEntry, 0, len(tree.Entries))
	for i := range tree.Entries {
		out = append(out, treeDirEntry{t: t, e: &tree.Entries[i]})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}

type treeInfo struct {
	name string
	mode odb.FileMode
	size int64
}

func (i treeInfo) Name() string       { return i.name }
func (i treeInfo) Size() int64        { return max(i.size, 0) }
func (i treeInfo) ModTime() time.Time { return time.Time{} }
func (i treeInfo) IsDir() bool        { return !i.mode.IsFile() }
func (i treeInfo) Sys() any           { return nil }
func (i treeInfo) Mode() fs.FileMode {
	switch i.mode {
	case odb.Dir, odb.Submodule:
		return fs.ModeDir | 0o555
	case odb.Symlink:
		return fs.ModeSymlink | 0o444
	case odb.Executable:
		return 0o555
	}
	return 0o444
}

type treeDirEntry struct {
	t *treeFS
	e *odb.TreeEntry
}

func (d treeDirEntry) Name() string      { return d.e.Name }
func (d treeDirEntry) IsDir() bool       { return !d.e.Mode.IsFile() }
func (d treeDirEntry) Type() fs.FileMode { return treeInfo{mode: d.e.Mode}.Mode().Type() }
func (d treeDirEntry) Info() (fs.FileInfo, error) {
	d.t.r.mu.Lock()
	defer d.t.r.mu.Unlock()
	if d.t.r.closed {
		return nil, ErrClosed
	}
	return d.t.info(d.e.Name, d.e), nil
}

type treeFile struct {
	info treeInfo
	*bytes.Reader
}

func (f *treeFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *treeFile) Close() error               { return nil }

type treeDir struct {
	info    treeInfo
	entries []fs.DirEntry
}

func (d *treeDir) Stat() (fs.FileInfo, error) { return d.info, nil }
func (d *treeDir) Close() error               { return nil }
func (d *treeDir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.info.name, Err: errors.New("is a directory")}
}
func (d *treeDir) ReadDir(n int) ([]fs.DirEntry, error) {
	if n <= 0 {
		out := d.entries
		d.entries = nil
		return out, nil
	}
	if len(d.entries) == 0 {
		return nil, io.EOF
	}
	n = min(n, len(d.entries))
	out := d.entries[:n]
	d.entries = d.entries[n:]
	return out, nil
}

// GitBlob returns the object name (40 hex digits) of the blob of the
// regular or executable file name, without reading it; ok is false for
// anything else (a directory, a link, a submodule, a missing path, a tree
// that cannot be read). Inference reads a Go file of a base revision from
// the work tree instead when the bytes there hash to it (infer's
// workTreeBlobs).
func (t *treeFS) GitBlob(name string) (string, bool) {
	t.r.mu.Lock()
	defer t.r.mu.Unlock()
	if t.r.closed {
		return "", false
	}
	e, err := t.entry("stat", name)
	if err != nil || e == nil || (e.Mode != odb.Regular && e.Mode != odb.Executable) {
		return "", false
	}
	return e.Hash.String(), true
}

// GitTree returns the object name of the tree of directory name ("." the
// root), reached through directories only; ok is false for anything else
// (a link, a file, a submodule, a missing path, a tree that cannot be
// read). The policy cache takes an include glob's directory of the same
// tree as the same fragments (graph.LoadCached).
func (t *treeFS) GitTree(name string) (string, bool) {
	t.r.mu.Lock()
	defer t.r.mu.Unlock()
	if t.r.closed {
		return "", false
	}
	e, err := t.entry("stat", name)
	switch {
	case err != nil:
		return "", false
	case e == nil: // the root
		return t.root.Hash.String(), true
	case e.Mode != odb.Dir:
		return "", false
	}
	return e.Hash.String(), true
}
