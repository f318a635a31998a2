package infer

import (
	"context"
	"io/fs"
	"path"
	"slices"
	"strings"
)

// A ListFS is a file system that can list its files without reading every
// directory: a work tree with the git index that tracks it, or a
// revision's tree. Infer then takes the manifests from the listing instead
// of walking the tree (for Go without go.work) or globbing it (for
// workspace members): the same files, found with one read of the index.
//
// A ListFS that also has a method OSDir() string, the operating system's
// directory it reads (os.DirFS(OSDir())), has its listed manifests read
// with one openat2 each on Linux, which refuses links on the way, in
// place of an Lstat of every directory and file and a read.
//
// ListFiles returns repository-relative slash paths, in any order. A
// listed path that is no regular file below real directories in the file
// system (deleted from the work tree, replaced by a link or a directory)
// is skipped, as a walk would skip it; a file the listing lacks (an
// untracked one) is not read.
type ListFS interface {
	fs.FS
	ListFiles(ctx context.Context) ([]string, error)
}

// listManifests fills r.walked from the file system's listing: the files
// named like a manifest, not under node_modules or a hidden directory
// (but every Cargo.toml: cargo's member globs match those directories),
// that are regular files below real directories (Lstat-ed here, so that
// they are read without resolving links again, as walked ones are).
func listManifests(ctx context.Context, r *reader, l ListFS) error {
	files, err := l.ListFiles(ctx)
	if err != nil {
		return errorf(".", 0, "list the repository's files: %v", err)
	}
	var nl *noLinksDir
	if o, ok := l.(interface{ OSDir() string }); ok && r.safeDefault {
		nl = openNoLinksDir(o.OSDir())
		defer nl.close()
	}
	r.walked, r.listed, r.listing = map[string]bool{}, map[string][]byte{}, files
	for _, p := range files {
		if eco, ok := manifestFiles[path.Base(p)]; !ok || !slices.Contains(r.ecos, eco) || (eco != Cargo && !walkable(path.Dir(p))) || r.walked[p] {
			continue
		}
		if nl == nil {
			if st, ok := r.belowRealDirs(p); ok && st.Mode().IsRegular() {
				r.walked[p] = true // one over MaxManifestSize is an error when read, as walked ones
			}
			continue
		}
		data, found, err := nl.read(p)
		if found {
			r.walked[p] = true
		}
		if err == nil && found {
			r.listed[p] = data
		} // else readFile reads it again, for its error
	}
	return nil
}

// walkable reports whether a walk from the root enters directory d: not
// node_modules, not a hidden directory, at any depth. Only such a
// directory holds a workspace member.
func walkable(d string) bool {
	if d == "." {
		return true
	}
	for e := range strings.SplitSeq(d, "/") {
		if e == "node_modules" || strings.HasPrefix(e, ".") {
			return false
		}
	}
	return true
}
