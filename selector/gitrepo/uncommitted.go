package gitrepo

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/gatesel/gatesel/selector/gitrepo/internal/odb"
	"golang.org/x/sync/errgroup"
)

// Uncommitted lists the changes of the work tree relative to HEAD, for a
// developer's preview: staged changes (HEAD against the index), unstaged
// changes (the index against the files) and untracked files that are not
// ignored (.gitignore files, .git/info/exclude). Sorted by path, each once.
//
// It stays fast on large trees the way git status does: a file whose size
// and modification time match the index is not read; only the others (and
// files modified in the same instant as the index was written) are hashed,
// and ignored directories are not entered. Content filters (core.autocrlf,
// clean filters such as Git LFS) are not applied, so a file they would
// normalise may be reported as modified: the preview then selects more,
// never less. Submodules are not inspected.
func (r *Repo) Uncommitted(ctx context.Context) ([]Change, error) {
	if r.root == "" {
		return nil, errors.New("list uncommitted changes: a bare repository has no work tree")
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil, ErrClosed
	}
	idx, err := r.store.Index()
	if err != nil {
		return nil, fmt.Errorf("read the index: %w", err)
	}
	var indexTime time.Time
	if fi, err := r.store.StatFile("index"); err == nil {
		indexTime = fi.ModTime()
	}
	// Three independent reads, run concurrently as git status preloads
	// the index on several threads: HEAD against the index (the object
	// store, used by this goroutine alone), each index entry against its
	// file, and the walk for untracked files.
	changes := map[string]Status{}
	wt := make([]Status, len(idx.Entries))
	tracked := make(map[string]bool, len(idx.Entries))
	for _, e := range idx.Entries {
		tracked[e.Name] = true
	}
	u := &untracked{root: r.root, tracked: tracked, changes: map[string]Status{}}
	var g errgroup.Group
	g.Go(func() error {
		head, err := r.headFiles(ctx)
		if err == nil {
			staged(head, idx.Entries, changes)
		}
		return err
	})
	g.Go(func() error {
		for i, e := range idx.Entries {
			if e.Stage != 0 || e.SkipWorktree || e.Mode == odb.Submodule {
				continue
			}
			if i%1024 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			st, err := r.worktreeStatus(e, indexTime)
			if err != nil {
				return err
			}
			wt[i] = st
		}
		return nil
	})
	g.Go(func() error { return u.walk(ctx, "", r.basePatterns()) })
	if err := g.Wait(); err != nil {
		return nil, err
	}
	for i, e := range idx.Entries {
		switch {
		case e.Stage != 0: // not index.Merged, which go-git defines as 1
			changes[e.Name] = Modified // a conflict
		case wt[i] != "" && changes[e.Name] != Added:
			changes[e.Name] = wt[i]
		}
	}
	for p, st := range u.changes {
		changes[p] = st
	}
	out := make([]Change, 0, len(changes))
	for p, st := range changes {
		out = append(out, Change{Path: p, Status: st})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

type headFile struct {
	path string
	hash odb.Hash
	mode odb.FileMode
}

// headFiles lists HEAD's files sorted by path (none on an unborn branch).
func (r *Repo) headFiles(ctx context.Context) ([]headFile, error) {
	ref, err := r.store.Reference(odb.HEAD)
	if err != nil {
		return nil, fmt.Errorf("read HEAD: %w", err)
	}
	if ref.Type() == odb.SymbolicReference {
		if ref, err = r.store.Reference(ref.Target()); errors.Is(err, odb.ErrReferenceNotFound) {
			return nil, nil // unborn branch
		} else if err != nil {
			return nil, fmt.Errorf("read HEAD: %w", err)
		}
	}
	t, err := r.commitTree(ref.Hash())
	if err != nil {
		return nil, err
	}
	var out []headFile
	err = walkFiles(ctx, r.store, t, "", func(p string, e odb.TreeEntry) {
		out = append(out, headFile{p, e.Hash, e.Mode})
	})
	sort.Slice(out, func(i, j int) bool { return out[i].path < out[j].path })
	return out, err
}

// staged records the differences between HEAD and the index (both sorted).
func staged(head []headFile, entries []*odb.IndexEntry, changes map[string]Status) {
	i, j := 0, 0
	for i < len(head) || j < len(entries) {
		switch {
		case j == len(entries) || (i < len(head) && head[i].path < entries[j].Name):
			changes[head[i].path] = Deleted
			i++
		case i == len(head) || entries[j].Name < head[i].path:
			changes[entries[j].Name] = Added
			j++
		default:
			h, e := head[i], entries[j]
			if h.hash != e.Hash || h.mode != e.Mode {
				changes[h.path] = Modified
				if kind(h.mode) != kind(e.Mode) {
					changes[h.path] = TypeChg
				}
			}
			i++
			for j++; j < len(entries) && entries[j].Name == h.path; j++ { // conflict stages
			}
		}
	}
}

// worktreeStatus compares one index entry with its file: "" when unchanged.
func (r *Repo) worktreeStatus(e *odb.IndexEntry, indexTime time.Time) (Status, error) {
	full := filepath.Join(r.root, filepath.FromSlash(e.Name))
	fi, err := os.Lstat(full)
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
		return Deleted, nil
	}
	if err != nil {
		return "", fmt.Errorf("inspect %s: %w", e.Name, err)
	}
	mode := odb.Regular
	switch {
	case fi.Mode()&fs.ModeSymlink != 0:
		mode = odb.Symlink
	case fi.IsDir():
		return Deleted, nil // a directory where the file was; its files are untracked
	case fi.Mode()&0o111 != 0:
		mode = odb.Executable
	case !fi.Mode().IsRegular():
		return TypeChg, nil
	}
	if kind(mode) != kind(e.Mode) {
		return TypeChg, nil
	}
	if mode != e.Mode && e.Mode != odb.Deprecated {
		return Modified, nil
	}
	racy := !indexTime.IsZero() && !e.ModifiedAt.Before(indexTime)
	if !racy && uint32(fi.Size()) == e.Size && fi.ModTime().Equal(e.ModifiedAt) {
		return "", nil
	}
	h, err := hashFile(full, mode, fi.Size())
	if err != nil {
		return "", fmt.Errorf("hash %s: %w", e.Name, err)
	}
	if h != e.Hash {
		return Modified, nil
	}
	return "", nil
}

// hashFile computes the blob hash of a file (of its target for a link).
func hashFile(full string, mode odb.FileMode, size int64) (odb.Hash, error) {
	if mode == odb.Symlink {
		target, err := os.Readlink(full)
		if err != nil {
			return odb.ZeroHash, err
		}
		return odb.BlobHash([]byte(filepath.ToSlash(target))), nil
	}
	f, err := os.Open(full)
	if err != nil {
		return odb.ZeroHash, err
	}
	defer f.Close()
	h := odb.NewBlobHasher(size)
	n, err := io.Copy(h, f)
	if err != nil {
		return odb.ZeroHash, err
	}
	if n != size { // the file changed while read: report it changed
		return odb.ZeroHash, nil
	}
	return h.Sum(), nil
}

// basePatterns are the ignore patterns that apply everywhere:
// .git/info/exclude and the user's core.excludesFile.
func (r *Repo) basePatterns() []odb.IgnorePattern {
	var ps []odb.IgnorePattern
	if f, err := r.store.OpenFile("info/exclude"); err == nil {
		ps = append(ps, parseIgnore(f, nil)...)
		f.Close()
	}
	return ps
}

// parseIgnore reads a gitignore file whose directory is domain.
func parseIgnore(rd io.Reader, domain []string) []odb.IgnorePattern {
	var ps []odb.IgnorePattern
	sc := bufio.NewScanner(rd)
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	for sc.Scan() {
		line := strings.TrimSuffix(sc.Text(), "\r")
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		ps = append(ps, odb.ParseIgnorePattern(line, domain))
	}
	return ps
}

// untracked walks the work tree for files not in the index.
type untracked struct {
	root    string
	tracked map[string]bool
	changes map[string]Status
}

func (u *untracked) walk(ctx context.Context, dir string, patterns []odb.IgnorePattern) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	full := filepath.Join(u.root, filepath.FromSlash(dir))
	entries, err := os.ReadDir(full)
	if err != nil {
		return fmt.Errorf("list untracked files in %s: %w", full, err)
	}
	if dir != "" && hasEntryNamed(entries, ".git") {
		u.changes[dir] = Added // a nested repository, as git status lists it
		return nil
	}
	var domain []string
	if dir != "" {
		domain = strings.Split(dir, "/")
	}
	if hasEntryNamed(entries, ".gitignore") {
		if f, err := os.Open(filepath.Join(full, ".gitignore")); err == nil {
			patterns = append(patterns[:len(patterns):len(patterns)], parseIgnore(f, domain)...)
			f.Close()
		}
	}
	m := odb.NewIgnoreMatcher(patterns)
	for _, e := range entries {
		name := e.Name()
		if name == ".git" {
			continue
		}
		rel := name
		if dir != "" {
			rel = dir + "/" + name
		}
		parts := append(domain[:len(domain):len(domain)], name)
		if e.IsDir() {
			if u.tracked[rel] || m.Match(parts, true) {
				continue // a submodule, or an ignored directory: not entered
			}
			if err := u.walk(ctx, rel, patterns); err != nil {
				return err
			}
			continue
		}
		if !u.tracked[rel] && !m.Match(parts, false) {
			u.changes[rel] = Added
		}
	}
	return nil
}

// hasEntryNamed reports whether a directory listing (sorted by name, as
// os.ReadDir returns it) holds name.
func hasEntryNamed(entries []os.DirEntry, name string) bool {
	i := sort.Search(len(entries), func(i int) bool { return entries[i].Name() >= name })
	return i < len(entries) && entries[i].Name() == name
}
