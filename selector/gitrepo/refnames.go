package gitrepo

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// refNamespaces are the refs RefNames lists, with the prefix that their
// short names drop, in git's order of preference.
var refNamespaces = []string{"refs/heads/", "refs/tags/", "refs/remotes/"}

// RefNames lists the short names of the repository's branches, tags and
// remote branches (main, v1.2, origin/main), loose and packed, sorted and
// without duplicates: the revisions a shell completes. A name that is a
// branch and a tag is listed once; a name git refuses is left out. It reads the ref names only, never the
// objects they point to.
func (r *Repo) RefNames(ctx context.Context) ([]string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil, ErrClosed
	}
	var names []string
	for _, ns := range refNamespaces {
		root := filepath.Join(r.commonDir, filepath.FromSlash(ns))
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if os.IsNotExist(err) {
					return nil
				}
				return err
			}
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if d.Type().IsRegular() {
				rel, err := filepath.Rel(root, p)
				if err != nil {
					return err
				}
				if name := filepath.ToSlash(rel); revisionName(ns + name) {
					names = append(names, name)
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	for _, full := range r.packed.names() {
		for _, ns := range refNamespaces {
			if name, ok := strings.CutPrefix(full, ns); ok && revisionName(full) {
				names = append(names, name)
			}
		}
	}
	slices.Sort(names)
	return slices.Compact(names), nil
}

// revisionName reports whether the ref name is one git accepts (and
// Resolve reads): a file named otherwise below refs/ (a new line, a
// blank, a control character in its name) is never offered to a shell.
func revisionName(name string) bool {
	return validRefName(name) && !strings.ContainsAny(name, "~^:\\*?[ ") && !strings.Contains(name, "@{") &&
		!strings.ContainsFunc(name, func(c rune) bool { return c < 0x20 || c == 0x7f })
}
