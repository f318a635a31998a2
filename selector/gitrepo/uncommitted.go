package gitrepo

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/gatesel/gatesel/selector/gitrepo/internal/odb"
	"golang.org/x/sync/errgroup"
)

// Uncommitted lists the changes of the work tree relative to HEAD, for a
// developer's preview: staged changes (HEAD against the index), unstaged
// changes (the index against the files, submodules included) and
// untracked files that are not ignored. Sorted by path, each once: the
// paths git status --porcelain lists.
//
// It follows git's rules (read-cache.c, dir.c) where they decide what is
// listed:
//   - a file is read only when its stat data (size, mtime, ctime, inode,
//     owner; core.trustCtime and core.checkStat as configured) differs from
//     the index, or it is racy (modified in the second the index was
//     written, or later); an entry marked assume-unchanged or skip-worktree
//     is trusted; core.fileMode=false ignores the executable bit;
//   - a path under a symbolic link is deleted (git does not follow links
//     inside the work tree); a directory where a file was is a deletion,
//     and its files are untracked;
//   - a submodule is modified when its checked-out commit moved or it has
//     changes of its own (its own Uncommitted);
//   - ignore rules are git's own: .gitignore files, .git/info/exclude and
//     the user's excludes file (core.excludesFile, else
//     $XDG_CONFIG_HOME/git/ignore or ~/.config/git/ignore), matched as
//     git's wildmatch does, and ignored directories are not entered.
//
// Content filters (core.autocrlf, clean filters such as Git LFS) are not
// applied, and submodule.<name>.ignore is not read, so a file they would
// hide may be reported as modified: the preview then selects more, never
// less.
func (r *Repo) Uncommitted(ctx context.Context) ([]Change, error) {
	if r.root == "" {
		return nil, errors.New("list uncommitted changes: a bare repository has no work tree")
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil, ErrClosed
	}
	set, err := r.worktreeSettings()
	if err != nil {
		return nil, fmt.Errorf("list uncommitted changes: %w", err)
	}
	// The index file is read once: its entries, the assume-unchanged bits
	// go-git drops and the cache-tree come from the same bytes.
	chk := &entryCheck{root: r.root, env: r.env, set: set, stat: newLstater(r.root)}
	var entries []odb.Entry
	var cache *odb.CacheTree
	name := filepath.Join(r.gitDir, "index")
	fi, statErr := os.Stat(name)
	data, readErr := os.ReadFile(name)
	switch {
	case errors.Is(readErr, fs.ErrNotExist): // none: an empty index, as git reads it
	case readErr != nil:
		return nil, fmt.Errorf("read the index: %w", readErr)
	default:
		if entries, err = odb.DecodeEntries(data); err != nil {
			return nil, fmt.Errorf("read the index: %w", err)
		}
	}
	if statErr == nil && readErr == nil {
		chk.indexSec = fi.ModTime().Unix()
		chk.valid, _ = assumeValid(data) // unreadable flags: trust none
		if len(chk.valid) != len(entries) {
			chk.valid = nil
		}
		cache, _ = odb.ReadCacheTree(data) // damaged: every entry is compared
	}
	// Three independent reads, run concurrently as git status preloads
	// the index on several threads: HEAD against the index (the object
	// store, used by this goroutine alone), each index entry against its
	// file, and the walk for untracked files.
	changes := map[string]Status{}
	wt := make([]Status, len(entries))
	u := &untracked{root: r.root, entries: entries, gitlinks: map[string]bool{}, changes: map[string]Status{}}
	var subs []int
	for i := range entries {
		if e := &entries[i]; e.Mode == odb.Submodule {
			u.gitlinks[e.Name] = true
			subs = append(subs, i)
		}
	}
	base, err := r.baseIgnores(set)
	if err != nil {
		return nil, err
	}
	var g errgroup.Group
	g.Go(func() error { return r.stagedChanges(ctx, entries, cache, changes) })
	g.Go(func() error {
		for i := range entries {
			e := &entries[i]
			if e.Stage != 0 || e.Mode == odb.Submodule {
				continue
			}
			if i%1024 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			st, err := chk.status(i, e)
			if err != nil {
				return err
			}
			wt[i] = st
		}
		return nil
	})
	g.Go(func() error { return u.walk(ctx, "", 0, len(entries), base) })
	if err := g.Wait(); err != nil {
		return nil, err
	}
	// Submodules last: each is a repository of its own, opened in turn.
	for _, i := range subs {
		if e := &entries[i]; e.Stage == 0 {
			wt[i] = chk.submodule(ctx, e)
		}
	}
	for i := range entries {
		switch e := &entries[i]; {
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
		// A copy: an index entry's name is the index file's bytes, which
		// the caller should not keep alive.
		out = append(out, Change{Path: strings.Clone(p), Status: st})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

type headFile struct {
	path string
	hash odb.Hash
	mode odb.FileMode
}

// staged records the differences between HEAD and the index (both sorted).
func staged(head []headFile, entries []*odb.Entry, changes map[string]Status) {
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
