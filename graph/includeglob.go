package graph

import (
	"errors"
	"io/fs"
	"path"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
)

// globFiles expands an include glob g (valid, cleaned) to the files it
// matches, as doublestar.Glob(fsys, g, WithFilesOnly(), WithNoFollow())
// does, in any order.
//
// The common include, "services/*/gates.yaml", ends in a literal name
// below wildcard directories. doublestar lists every matching directory to
// find that name in it (2,000 directory reads for 2,000 services, a quarter
// of loading a large policy); globFiles checks the name with one Lstat per
// directory instead, and lists a directory only where the name exists, to
// keep doublestar's exact test (an entry of that exact name that is not a
// directory, which a case-insensitive file system would not give Lstat).
// File systems without Lstat (fs.ReadLinkFS) take doublestar's way.
func globFiles(fsys fs.FS, g string) ([]string, error) {
	opts := []doublestar.GlobOption{doublestar.WithFilesOnly(), doublestar.WithNoFollow()}
	i := strings.LastIndexByte(g, '/')
	if _, ok := fsys.(fs.ReadLinkFS); !ok || i < 0 || !hasMeta(g[:i]) || hasMeta(g[i+1:]) || g[i+1:] == "" || g[i+1:] == "**" {
		return doublestar.Glob(fsys, g, opts...)
	}
	dirs, base := g[:i], g[i+1:]
	var out []string
	err := doublestar.GlobWalk(fsys, dirs, func(p string, d fs.DirEntry) error {
		if !d.IsDir() {
			return nil
		}
		ok, err := hasEntry(fsys, p, base)
		if ok {
			out = append(out, path.Join(p, base))
		}
		return err
	}, doublestar.WithNoFollow())
	return out, err
}

// hasEntry reports whether directory dir lists name as something other
// than a directory (a symbolic link is not followed). A directory that
// cannot be read is an error, never "no fragment here": a fragment
// skipped in silence would drop its gates.
func hasEntry(fsys fs.FS, dir, name string) (bool, error) {
	if _, err := fs.Lstat(fsys, path.Join(dir, name)); errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return false, err
	}
	for _, e := range entries {
		if e.Name() == name {
			return !e.IsDir(), nil
		}
	}
	return false, nil
}
