package infer

import (
	"errors"
	"io/fs"
	"path"
	"slices"
	"strings"

	"golang.org/x/mod/modfile"
)

// inferGo finds the Go modules: go.work's use list when the root has a
// go.work, else every go.mod below the root except under vendor/,
// testdata/, node_modules/ and directories whose name starts with '.'
// (.git, .github), as the go tool skips them. A module depends on another
// module of the repository when its go.mod requires that module's path
// (whatever the version), or replaces a required module with a local
// directory that is another module (go.work's replaces count for every
// module of the workspace).
//
// In go.work mode a module also depends on every workspace module whose
// packages its Go files import, required or not: the go tool resolves
// such an import through the workspace. The rule, fail-safe where the go
// tool's view depends on the build:
//
//   - A module's Go files are the *.go files below its directory, not in
//     a directory that holds another go.mod (another module, in the
//     workspace or not), nor under testdata/, vendor/ or a directory
//     whose name starts with '_' or '.', and not themselves named '_*' or
//     '.*' (the go tool's rules). _test.go files count (go test builds
//     them: `go list -deps -test`), and so does every file whatever its
//     build constraints (//go:build, _GOOS/_GOARCH names, "ignore"): the
//     go tool sees one platform's files, a CI gate may build another's.
//   - Only the import block is read (go/scanner, go/parser's ImportsOnly
//     grammar); the rest of the file is not.
//   - An import path is provided by each workspace module whose path is
//     a prefix of it and whose Go files include that package's directory;
//     if none has the directory, by the one of the longest prefix (the
//     package may be generated before the build). A nested module wins
//     over its parent because the parent's files stop at its go.mod.
//   - A Go file whose import block does not parse, or that cannot be
//     read, gives its module an edge to every other workspace module,
//     positioned at the problem.
//
// The edge's position is the go.mod's require when there is one, else
// the first import of the module (files in path order). Without go.work
// an import needs a require, so the go.mod files give every edge.
func inferGo(r *reader) ([]*member, string, error) {
	var dirs []string
	root := ""
	var workReplaces []*modfile.Replace
	if r.exists("go.work") {
		root = "go.work"
		data, err := r.readFile("go.work")
		if err != nil {
			return nil, "", errorf("go.work", 0, "read: %v", err)
		}
		wf, err := modfile.ParseWork("go.work", data, nil)
		if err != nil {
			return nil, "", modError("go.work", err)
		}
		for _, u := range wf.Use {
			d := path.Clean(u.Path)
			if !inside(d) {
				return nil, "", errorf("go.work", u.Syntax.Start.Line, "use %s: leaves the repository", u.Path)
			}
			dirs = append(dirs, d)
		}
		workReplaces = wf.Replace
	} else {
		var err error
		if dirs, err = findGoMods(r); err != nil {
			return nil, "", err
		}
	}
	slices.Sort(dirs)
	dirs = slices.Compact(dirs)
	var ms []*member
	var errs []error
	for _, d := range dirs {
		m, err := readGoMod(r, d, workReplaces)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ms = append(ms, m)
	}
	if len(errs) == 0 && root == "go.work" {
		if err := goImportDeps(r, ms); err != nil {
			return nil, "", err
		}
	}
	return ms, root, errors.Join(errs...)
}

// manifestFiles are the file names a walk collects, and their ecosystems.
var manifestFiles = map[string]Ecosystem{"go.mod": Go, "package.json": NPM, "Cargo.toml": Cargo, "pyproject.toml": UV}

// walkManifests walks the whole tree once, not into node_modules or
// hidden directories (.git), not following links, and collects the
// regular files named like a manifest into r.walked; a ListFS's listing
// takes the place of the walk.
func walkManifests(r *reader) error {
	if r.walked != nil {
		return nil // listed already
	}
	if l, ok := r.fsys.(ListFS); ok {
		return listManifests(r.ctx, r, l)
	}
	r.walked = map[string]bool{}
	err := fs.WalkDir(r.fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != "." && (d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) {
				return fs.SkipDir
			}
			return nil
		}
		if _, ok := manifestFiles[d.Name()]; ok && d.Type().IsRegular() {
			r.walked[p] = true
		}
		return nil
	})
	if err != nil {
		return errorf(".", 0, "find go.mod files: %v", err)
	}
	return nil
}

// findGoMods lists the directories of the walked go.mod files, except
// under vendor/ and testdata/, as the go tool skips them.
func findGoMods(r *reader) ([]string, error) {
	if err := walkManifests(r); err != nil {
		return nil, err
	}
	var dirs []string
	for p := range r.walked {
		if path.Base(p) != "go.mod" {
			continue
		}
		d := path.Dir(p)
		if d != "." && slices.ContainsFunc(strings.Split(d, "/"), func(s string) bool { return s == "vendor" || s == "testdata" }) {
			continue
		}
		dirs = append(dirs, d)
	}
	return dirs, nil
}

// readGoMod reads the module in dir.
func readGoMod(r *reader, dir string, workReplaces []*modfile.Replace) (*member, error) {
	name := join(dir, "go.mod")
	data, err := r.readFile(name)
	if err != nil {
		return nil, errorf(name, 0, "read: %v", err)
	}
	f, err := modfile.Parse(name, data, nil)
	if err != nil {
		return nil, modError(name, err)
	}
	if f.Module == nil || f.Module.Mod.Path == "" {
		return nil, errorf(name, 1, "no module directive")
	}
	m := &member{eco: Go, dir: dir, manifest: name, id: f.Module.Mod.Path}
	required := map[string]bool{}
	for _, q := range f.Require {
		required[q.Mod.Path] = true
		m.deps = append(m.deps, dep{id: q.Mod.Path, pos: Pos{File: name, Line: q.Syntax.Start.Line, Col: q.Syntax.Start.LineRune}})
	}
	replace := func(rep *modfile.Replace, file string) {
		if !required[rep.Old.Path] || !modfile.IsDirectoryPath(rep.New.Path) {
			return
		}
		base := dir
		if file == "go.work" {
			base = "."
		}
		target := path.Clean(path.Join(base, rep.New.Path))
		if inside(target) {
			m.deps = append(m.deps, dep{dir: target, pos: Pos{File: file, Line: rep.Syntax.Start.Line, Col: rep.Syntax.Start.LineRune}})
		}
	}
	for _, rep := range workReplaces {
		replace(rep, "go.work")
	}
	for _, rep := range f.Replace {
		replace(rep, name)
	}
	return m, nil
}

// modError positions a modfile error.
func modError(name string, err error) error {
	var list modfile.ErrorList
	if errors.As(err, &list) && len(list) > 0 {
		var out []error
		for _, e := range list {
			out = append(out, &Error{File: name, Line: e.Pos.Line, Col: e.Pos.LineRune, Err: e.Err})
		}
		return errors.Join(out...)
	}
	return &Error{File: name, Err: err}
}
