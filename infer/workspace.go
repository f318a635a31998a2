package infer

import (
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
)

// expandMembers applies a workspace's member globs, in order: a pattern
// adds the directories it matches that hold the manifest file; a pattern
// starting with "!" removes the directories it matches from those found so
// far; exclude removes at the end. Directories under node_modules and
// hidden ones are never members, unless anyDir: cargo's globs match them
// too. dir is the workspace root, the patterns are relative to it; the
// result is repository-relative and sorted.
func expandMembers(r *reader, dir, manifest string, patterns, exclude []string, anyDir bool) ([]string, error) {
	fsys := r.fsys
	var found []string
	for _, p := range patterns {
		neg := strings.HasPrefix(p, "!")
		p = strings.TrimPrefix(p, "!")
		p = path.Clean(path.Join(dir, strings.TrimSuffix(p, "/")))
		if !inside(p) || !doublestar.ValidatePattern(p) {
			continue // a pattern outside the repository can match none of its files
		}
		if neg {
			found = slices.DeleteFunc(found, func(d string) bool { ok, _ := doublestar.Match(p, d); return ok })
			continue
		}
		var matches []string
		if p == "." {
			matches = []string{manifest}
			if _, err := fs.Stat(fsys, manifest); err != nil {
				matches = nil
			}
		} else if r.walked != nil && (!anyDir || r.listing != nil) {
			// a listing holds every Cargo.toml; a walk none in hidden directories
			matches = walkedMatches(r.walked, p+"/"+manifest)
		} else {
			var err error
			matches, err = doublestar.Glob(fsys, p+"/"+manifest, doublestar.WithFilesOnly(), doublestar.WithNoFollow())
			if err != nil {
				return nil, err
			}
		}
		for _, m := range matches {
			d := path.Dir(m)
			if (!anyDir && !walkable(d)) || slices.Contains(found, d) {
				continue
			}
			found = append(found, d)
		}
	}
	for _, x := range exclude {
		x = path.Clean(path.Join(dir, strings.TrimSuffix(x, "/")))
		found = slices.DeleteFunc(found, func(d string) bool {
			ok, _ := doublestar.Match(x, d)
			return ok || strings.HasPrefix(d, x+"/")
		})
	}
	slices.Sort(found)
	return found, nil
}

// walkedMatches are the walked files that match a glob, sorted.
func walkedMatches(walked map[string]bool, glob string) []string {
	var out []string
	for p := range walked {
		if doublestar.MatchUnvalidated(glob, p) {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out
}
