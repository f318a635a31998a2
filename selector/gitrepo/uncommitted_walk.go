package gitrepo

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/gatesel/gatesel/selector/gitrepo/internal/ignore"
)

// untracked walks the work tree for files not in the index, as git's
// read_directory does: ignored directories and submodules are not
// entered, a directory holding .git (a nested repository) is listed as one
// path, and a directory where a tracked file was is entered like any
// other.
type untracked struct {
	root     string
	tracked  map[string]bool // every index entry's path
	gitlinks map[string]bool // the submodules'
	changes  map[string]Status
}

func (u *untracked) walk(ctx context.Context, dir string, m *ignore.Matcher) error {
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
	prefix := ""
	if dir != "" {
		prefix = dir + "/"
	}
	// git opens .gitignore without following a symbolic link (open_nofollow).
	if i := entryIndex(entries, ".gitignore"); i >= 0 && entries[i].Type().IsRegular() {
		if data, err := os.ReadFile(filepath.Join(full, ".gitignore")); err == nil {
			m = m.With(ignore.Parse(prefix+".gitignore", data, prefix))
		}
	}
	for _, e := range entries {
		name := e.Name()
		if name == ".git" {
			continue
		}
		rel := prefix + name
		if e.IsDir() {
			if u.gitlinks[rel] || m.Ignored(rel, true) {
				continue // a submodule, or an ignored directory: not entered
			}
			if err := u.walk(ctx, rel, m); err != nil {
				return err
			}
			continue
		}
		if !u.tracked[rel] && !m.Ignored(rel, false) {
			u.changes[rel] = Added
		}
	}
	return nil
}

// entryIndex is the position of name in a directory listing (sorted by
// name, as os.ReadDir returns it), or -1.
func entryIndex(entries []os.DirEntry, name string) int {
	i := sort.Search(len(entries), func(i int) bool { return entries[i].Name() >= name })
	if i < len(entries) && entries[i].Name() == name {
		return i
	}
	return -1
}

// hasEntryNamed reports whether a directory listing holds name.
func hasEntryNamed(entries []os.DirEntry, name string) bool { return entryIndex(entries, name) >= 0 }
