package graph

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/gatesel/gatesel/internal/safefs"
)

// Load reads the root policy file name (a slash path such as "gates.yaml")
// from fsys, the repository root, follows its include: globs, validates
// everything and returns the graph.
//
// Includes: each include: entry is a doublestar glob, relative to the
// repository root, that may not leave it (".." or an absolute path is an
// error). A literal include (no wildcard) that names no file is an error;
// a glob that matches no file only gets a warning. A file matched twice
// loads once; the root file is never loaded again as a fragment. Fragments may
// not have settings: or include: (so includes never nest and cannot cycle);
// version: is optional in a fragment and must be 1 when present. A
// fragment's relative globs (service paths and internal, trigger and
// contract paths) resolve from the fragment's directory, a leading "/"
// from the repository root; the graph holds repository-relative globs.
//
// Symbolic links: wildcards do not descend into linked directories, and
// a link is followed only while it stays inside fsys (to an absolute path,
// out through "..", or in a loop of more than 40 links is an error), and
// only regular files are read. Every link followed on the way to a policy
// file (the file's own, and those of directories on its path) and the
// target it leads to are policy files too: they are listed in Graph.Files
// after the files as named, so that a change to any of them (relinking
// docs/owners/current) counts as a change to the policy.
//
// Sizes are bounded before they cost (limits.go): a file of at most 8 MB,
// 32 MB, 50,000 files and 1,000,000 YAML nodes in all, 256 include
// entries; past a bound, loading stops with a positioned error.
//
// The error lists every problem of every file, one *Error a line; the
// *Graph is nil when there is any. Warnings are returned in both cases.
func Load(fsys fs.FS, name string) (*Graph, []Warning, error) {
	return load(fsys, name, fsys, nil, nil)
}

// LoadExternal is Load for a policy kept outside the repository (a draft
// replayed on history): gates.yaml and its includes are read from fsys,
// and the manifests of infer: from repo, the revision's own tree, never
// from the directory the policy happens to be in.
func LoadExternal(fsys fs.FS, name string, repo fs.FS) (*Graph, []Warning, error) {
	return load(fsys, name, repo, nil, nil)
}

// load is LoadExternal, calling read (when not nil) with every fragment
// it reads, in order. root is the root file's bytes and links when the
// caller read them already (LoadCached), nil to read them here.
func load(fsys fs.FS, name string, repo fs.FS, root *policyFile, read func(f policyFile)) (*Graph, []Warning, error) {
	l := &errorList{}
	name = strings.TrimPrefix(path.Clean(name), "/")
	if root == nil {
		data, res, err := safefs.ReadLinked(fsys, name, maxFileSize)
		if err != nil {
			return nil, nil, fmt.Errorf("read policy %s: %w", name, err)
		}
		root = &policyFile{name, data, res}
	}
	targets := root.res.Policy(name)[1:] // the links on the way and the file they lead to
	rf := decodeFile(name, root.data, true, l)
	files := []*rawFile{rf}
	budget := &policyBudget{}
	within := budget.take(Pos{File: name, Line: 1, Col: 1}, name, rf, len(root.data), l)
	if len(rf.includes) > maxIncludes {
		l.errorf(rf.includes[maxIncludes].pos, "include: more than %d entries", maxIncludes)
		within = false
	}
	if within {
		eachFragment(fsys, name, rf.includes, l, func(inc ref, frag string) bool {
			data, res, err := safefs.ReadLinked(fsys, frag, maxFileSize)
			if err != nil {
				l.errorf(inc.pos, "include %q: %v", inc.name, err)
				return true
			}
			if read != nil {
				read(policyFile{frag, data, res})
			}
			targets = append(targets, res.Policy(frag)[1:]...)
			f := decodeFile(frag, data, false, l)
			files = append(files, f)
			return budget.take(inc.pos, frag, f, len(data), l)
		})
	}
	var inferred *Infer
	if rf.infer != nil {
		inferred = inferServices(repo, files, l)
	}
	g, warnings, err := build(files, l)
	if g != nil {
		g.Infer = inferred
		for _, inc := range rf.includes {
			g.Include = append(g.Include, path.Clean(inc.name))
		}
		for _, t := range targets {
			if !slices.Contains(g.Files, t) {
				g.Files = append(g.Files, t)
			}
		}
	}
	return g, warnings, err
}

// policyFile is a policy file as read: its name, bytes, and where its
// links led.
type policyFile struct {
	name string
	data []byte
	res  safefs.Resolved
}

// eachFragment expands the include globs in order and calls f with each
// file they match, once, never the root file (an error at the include
// that matches it), until f returns false. Load reads the fragments this
// way, and a cache lookup checks that they are the ones it recorded.
func eachFragment(fsys fs.FS, root string, includes []ref, l *errorList, f func(inc ref, frag string) bool) {
	seen := map[string]bool{root: true}
	for _, inc := range includes {
		for _, frag := range includeFiles(fsys, inc, l) {
			if frag == root {
				l.errorf(inc.pos, "include %q matches the root file %s", inc.name, root)
				continue
			}
			if seen[frag] {
				continue
			}
			seen[frag] = true
			if !f(inc, frag) {
				return
			}
		}
	}
}

// Parse is Load for one file's bytes: name is used for positions only, and
// include: globs resolve against nothing (an include that is a literal path
// is an error, a glob a warning), so the graph holds this file alone.
func Parse(name string, data []byte) (*Graph, []Warning, error) {
	l := &errorList{}
	root := decodeFile(name, data, true, l)
	for _, inc := range root.includes {
		includeFiles(emptyFS{}, inc, l)
	}
	var inferred *Infer
	if root.infer != nil {
		inferred = inferServices(emptyFS{}, []*rawFile{root}, l)
	}
	g, warnings, err := build([]*rawFile{root}, l)
	if g != nil {
		g.Infer = inferred
	}
	return g, warnings, err
}

// includeFiles expands one include glob over fsys, sorted.
func includeFiles(fsys fs.FS, inc ref, l *errorList) []string {
	g := inc.name
	if g == "" || strings.HasPrefix(g, "/") || g == ".." || strings.HasPrefix(g, "../") || strings.Contains(g, "/../") || strings.HasSuffix(g, "/..") {
		l.errorf(inc.pos, "include %q leaves the repository", g)
		return nil
	}
	g = path.Clean(g)
	if !doublestar.ValidatePattern(g) {
		l.errorf(inc.pos, "include %q: invalid glob", inc.name)
		return nil
	}
	var matches []string
	var err error
	if !hasMeta(g) {
		// a literal path is read as named, through the links on its way
		// (safefs), the same in a work tree and in a revision's tree
		if _, rerr := safefs.ResolveLinks(fsys, g); !errors.Is(rerr, fs.ErrNotExist) {
			matches = []string{g}
		}
	} else {
		matches, err = globFiles(fsys, g)
	}
	if err != nil {
		l.errorf(inc.pos, "include %q: %v", inc.name, err)
		return nil
	}
	if len(matches) == 0 {
		if !hasMeta(g) {
			l.errorf(inc.pos, "include %q: no such file", inc.name)
		} else {
			l.warnf(WarnUnusedInclude, inc.pos, "include %q matches no file", inc.name)
		}
		return nil
	}
	sort.Strings(matches)
	return matches
}

// hasMeta reports whether a glob has a wildcard or escape.
func hasMeta(g string) bool { return strings.ContainsAny(g, `*?[{\`) }

// emptyFS has no files.
type emptyFS struct{}

func (emptyFS) Open(name string) (fs.File, error) {
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}
