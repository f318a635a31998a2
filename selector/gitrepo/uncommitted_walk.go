package gitrepo

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/gatesel/gatesel/selector/gitrepo/internal/ignore"
	"github.com/gatesel/gatesel/selector/gitrepo/internal/odb"
)

// untracked walks the work tree for files not in the index, as git's
// read_directory does: ignored directories and submodules are not
// entered, a directory holding .git (a nested repository) is listed as one
// path, and a directory where a tracked file was is entered like any
// other.
type untracked struct {
	root     string
	entries  []odb.Entry     // the index, sorted by path: what is tracked
	gitlinks map[string]bool // the submodules'
	changes  map[string]Status
	rel      []byte     // a path being looked up, reused
	lists    []*dirList // the listing of each depth being walked, reused
	path     []byte     // the directory being listed, NUL-terminated, reused
}

// walk lists the untracked files of directory dir ("" for the top),
// whose index entries are entries[lo:hi] (those under dir, found by
// binary search instead of a map of every entry's path).
func (u *untracked) walk(ctx context.Context, dir string, lo, hi int, m *ignore.Matcher) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	u.path = append(append(append(u.path[:0], u.root...), '/'), dir...)
	u.path = append(u.path, 0)
	depth := 0
	if dir != "" {
		depth = strings.Count(dir, "/") + 1
	}
	for len(u.lists) <= depth {
		u.lists = append(u.lists, &dirList{})
	}
	list := u.lists[depth] // this directory's; its subdirectories have the next ones
	if err := readDir(u.path, list); err != nil {
		return fmt.Errorf("list untracked files in %s: %w", filepath.Join(u.root, filepath.FromSlash(dir)), err)
	}
	if dir != "" && list.find(".git") >= 0 {
		u.changes[dir] = Added // a nested repository, as git status lists it
		return nil
	}
	prefix := ""
	if dir != "" {
		prefix = dir + "/"
	}
	// git opens .gitignore without following a symbolic link (open_nofollow).
	if i := list.find(".gitignore"); i >= 0 && list.ents[i].kind == 0 {
		if data, err := os.ReadFile(filepath.Join(u.root, filepath.FromSlash(prefix+".gitignore"))); err == nil {
			m = m.With(ignore.Parse(prefix+".gitignore", data, prefix))
		}
	}
	for i, e := range list.ents {
		name := list.name(i)
		if string(name) == ".git" {
			continue
		}
		if e.kind == fs.ModeDir {
			rel := prefix + string(name)
			if u.gitlinks[rel] || m.Ignored(rel, true) {
				continue // a submodule, or an ignored directory: not entered
			}
			slo, shi := u.under(lo, hi, rel)
			if err := u.walk(ctx, rel, slo, shi, m); err != nil {
				return err
			}
			continue
		}
		u.rel = append(append(u.rel[:0], prefix...), name...)
		if i := u.search(lo, hi); i < hi && u.entries[i].Name == string(u.rel) {
			continue // tracked
		}
		if rel := string(u.rel); !m.Ignored(rel, false) {
			u.changes[rel] = Added
		}
	}
	return nil
}

// search is the first of entries[lo:hi] whose path is not before u.rel.
func (u *untracked) search(lo, hi int) int {
	return lo + sort.Search(hi-lo, func(i int) bool { return u.entries[lo+i].Name >= string(u.rel) })
}

// under is the range of entries[lo:hi] below directory dir.
func (u *untracked) under(lo, hi int, dir string) (int, int) {
	u.rel = append(append(u.rel[:0], dir...), '/')
	slo := u.search(lo, hi)
	u.rel[len(u.rel)-1] = '0' // '0' follows '/': the first path after dir's
	return slo, u.search(slo, hi)
}
