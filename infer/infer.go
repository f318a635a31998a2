package infer

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/gatesel/gatesel/internal/poserr"
	"github.com/gatesel/gatesel/internal/safefs"
)

// Ecosystem is a package manager whose workspace Infer reads.
type Ecosystem string

// The ecosystems, in the order Infer reads them.
const (
	Go    Ecosystem = "go"
	NPM   Ecosystem = "npm"
	Cargo Ecosystem = "cargo"
	UV    Ecosystem = "uv"
)

// Ecosystems lists every ecosystem, in order.
var Ecosystems = []Ecosystem{Go, NPM, Cargo, UV}

// MaxManifestSize bounds one manifest or lockfile read by Infer and the
// lockfile comparisons.
const MaxManifestSize = 64 << 20

// Error is a problem at a position in a manifest (file:line:col).
type Error = poserr.Error

// Pos is a position in a manifest; Col 0 means the whole line.
type Pos struct {
	File      string
	Line, Col int
}

func (p Pos) String() string {
	if p.Col == 0 {
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Edge is a dependency of one inferred service on another, with the place
// in the dependent's manifest that declares it.
type Edge struct {
	To  string // the service depended on
	Pos Pos
}

// Service is one module, workspace package, crate or project.
type Service struct {
	Name      string    // see Infer for the naming rule
	Ecosystem Ecosystem //
	Dir       string    // repository-relative directory, "." for the root
	Manifest  string    // go.mod, package.json, Cargo.toml or pyproject.toml, repository-relative
	ID        string    // module path, package name, crate name or project name
	DependsOn []Edge    // sorted by To, one edge per service

	// Requires are the npm package's dependencies on packages outside the
	// workspace (name -> version range), for lockfiles that do not record
	// their importers (yarn v1); nil for other ecosystems.
	Requires map[string]string
}

// Paths are the service's path globs: everything below its directory.
func (s *Service) Paths() []string {
	if s.Dir == "." {
		return []string{"**"}
	}
	return []string{s.Dir + "/**"}
}

// Internal are the globs whose changes do not propagate to dependents:
// Go's _test.go files and testdata directories; none elsewhere.
func (s *Service) Internal() []string {
	if s.Ecosystem != Go {
		return nil
	}
	p := s.Dir + "/"
	if s.Dir == "." {
		p = ""
	}
	return []string{p + "**/*_test.go", p + "**/testdata/**"}
}

// Result is the inferred graph of a repository.
type Result struct {
	Services  []*Service           // sorted by name
	Manifests []string             // every manifest read (go.work, go.mod, package.json, ...), sorted
	Roots     map[Ecosystem]string // the workspace root's manifest per ecosystem found ("go.work" or "", "package.json", ...)
}

// Service returns the service named name, or nil.
func (r *Result) Service(name string) *Service {
	i, ok := slices.BinarySearchFunc(r.Services, name, func(s *Service, n string) int { return cmp.Compare(s.Name, n) })
	if !ok {
		return nil
	}
	return r.Services[i]
}

// Options configure Infer.
type Options struct {
	// Ecosystems to read; nil reads every one.
	Ecosystems []Ecosystem
	// ReadFile reads a repository-relative slash path; nil reads it
	// through internal/safefs with MaxManifestSize: a manifest that is a
	// link leaving the repository is an error, never read.
	ReadFile func(name string) ([]byte, error)
}

// member is a service before it is named.
type member struct {
	eco      Ecosystem
	dir      string
	manifest string
	id       string
	deps     []dep // raw references, resolved to members once all are known
	requires map[string]string
	specs    map[string]string // npm: every dependency's spec, first section wins
	nx       *nxProject        // npm: the package as Nx names and tags it
}

func (m *member) requiresSpec(name string) string { return m.specs[name] }

// dep is one reference from a manifest: to a member id, or to a member
// directory (a local path: a Go replace, a Cargo or uv path).
type dep struct {
	id, dir string
	pos     Pos
	alias   bool // the package an alias names (aliasOf): an edge if a workspace package, else nothing
}

// reader reads manifests and remembers which.
type reader struct {
	fsys  fs.FS
	read  func(string) ([]byte, error)
	files []string
	// safeDefault: read is the default link-safe reader, which plainFile
	// may bypass for plain files
	safeDefault bool
	// walked holds the manifests (by every name an ecosystem reads) that a
	// walk of the whole tree found, when one was needed (Go without
	// go.work), or that the file system's listing holds (a ListFS):
	// regular files reached through real directories, read without
	// resolving links again, and matched against workspace globs instead
	// of globbing the tree a second time. nil without a walk or listing.
	walked map[string]bool
	ctx    context.Context
	ecos   []Ecosystem // the ecosystems read: a listing reads their manifests only
	// listing is a ListFS's list of every file, nil without one: in
	// go.work mode the Go files are taken from it.
	listing []string
	// listed holds the manifests a ListFS listed and readNoLinks read
	// already, until readFile takes them.
	listed map[string][]byte
	// realDirs are the directories known to be real (no link), so that a
	// manifest below them that is a regular file is read directly.
	realDirs map[string]bool
}

func (r *reader) readFile(name string) ([]byte, error) {
	data, err := r.listed[name], error(nil)
	if data != nil {
		// read when listed
	} else if r.walked[name] || r.plainFile(name) {
		data, err = readRegular(r.fsys, name)
	} else {
		data, err = r.read(name) // links, errors: the link-safe reader decides
	}
	if err == nil {
		r.files = append(r.files, name)
	}
	return data, err
}

// plainFile reports whether name is a regular file below real
// directories only, Lstat-ing each directory once per Infer. It is false
// whenever a link or an error is met: the caller then reads through the
// link-safe reader, which follows links inside the repository and reports
// errors. Only for the default reader (a custom ReadFile decides alone).
func (r *reader) plainFile(name string) bool {
	if !r.safeDefault {
		return false
	}
	st, ok := r.belowRealDirs(name)
	return ok && st.Mode().IsRegular() && st.Size() <= MaxManifestSize
}

// belowRealDirs Lstat-s name, when its directories are real ones (no
// link), Lstat-ing each directory once per Infer.
func (r *reader) belowRealDirs(name string) (fs.FileInfo, bool) {
	if r.realDirs == nil {
		r.realDirs = map[string]bool{".": true}
	}
	for i := 0; i < len(name); i++ {
		if name[i] != '/' {
			continue
		}
		d := name[:i]
		if r.realDirs[d] {
			continue
		}
		st, err := fs.Lstat(r.fsys, d)
		if err != nil || !st.IsDir() {
			return nil, false
		}
		r.realDirs[d] = true
	}
	st, err := fs.Lstat(r.fsys, name)
	return st, err == nil
}

// readRegular reads a file the walk found to be a regular file below real
// directories, within MaxManifestSize.
func readRegular(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxManifestSize+1))
	if err == nil && len(data) > MaxManifestSize {
		err = tooLarge(name)
	}
	return data, err
}

// tooLarge is the error of a manifest over MaxManifestSize.
func tooLarge(name string) error {
	return &fs.PathError{Op: "read", Path: name, Err: fmt.Errorf("file is more than the limit of %d bytes", MaxManifestSize)}
}

// exists reports whether name is present in the repository.
func (r *reader) exists(name string) bool {
	_, err := fs.Stat(r.fsys, name)
	return err == nil
}

// Infer reads the workspaces of the repository fsys (its root; the work
// tree or a revision's tree) and returns its services and their
// dependencies. Every problem is reported at once, positioned in its
// manifest; the result is nil then.
//
// Naming: a service is named after the last element of its directory,
// with every character outside [A-Za-z0-9_.-] replaced by '-' and leading
// '.' and '-' dropped ("root" for the repository root, or a name left
// empty). When several services would take one name, each of them takes
// its whole directory instead, '/' replaced by '-' ("services-api",
// "tools-api"); services that still collide (one directory, several
// ecosystems) append "-" and the ecosystem ("web-go", "web-npm"), and any
// that still collide append "-2", "-3"... in the order of (directory,
// ecosystem). The rule depends only on the set of directories found, so
// the same repository always gives the same names.
func Infer(ctx context.Context, fsys fs.FS, opt Options) (*Result, error) {
	ecos := opt.Ecosystems
	if ecos == nil {
		ecos = Ecosystems
	}
	r := &reader{fsys: fsys, read: opt.ReadFile, ctx: ctx, ecos: ecos}
	if r.read == nil {
		r.safeDefault = true
		r.read = func(name string) ([]byte, error) { return safefs.ReadFile(fsys, name, MaxManifestSize) }
	}
	if _, ok := fsys.(ListFS); ok {
		if err := walkManifests(r); err != nil { // the listing, read once for every ecosystem
			return nil, err
		}
	}
	res := &Result{Roots: map[Ecosystem]string{}}
	var errs poserr.List
	var all []*member
	for _, eco := range Ecosystems {
		if !slices.Contains(ecos, eco) {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		var ms []*member
		var root string
		var err error
		switch eco {
		case Go:
			ms, root, err = inferGo(r)
		case NPM:
			ms, root, err = inferNPM(r)
		case Cargo:
			ms, root, err = inferCargo(r)
		case UV:
			ms, root, err = inferUV(r)
		}
		if err != nil {
			errs.Add(err)
			continue
		}
		if ms != nil || root != "" {
			res.Roots[eco] = root
		}
		all = append(all, ms...)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	names := nameMembers(all)
	for i, m := range all {
		res.Services = append(res.Services, &Service{Name: names[i], Ecosystem: m.eco, Dir: m.dir, Manifest: m.manifest, ID: m.id, Requires: m.requires})
	}
	resolveEdges(all, res.Services)
	slices.SortFunc(res.Services, func(a, b *Service) int { return cmp.Compare(a.Name, b.Name) })
	slices.Sort(r.files)
	res.Manifests = slices.Compact(r.files)
	return res, nil
}

// resolveEdges turns each member's references into edges between services
// of the same ecosystem: by id, or by directory.
func resolveEdges(ms []*member, svcs []*Service) {
	type key struct {
		eco Ecosystem
		s   string
	}
	byID, byDir := map[key]int{}, map[key]int{}
	for i, m := range ms {
		byID[key{m.eco, m.id}] = i
		byDir[key{m.eco, m.dir}] = i
	}
	seen := map[string]bool{}
	for i, m := range ms {
		clear(seen)
		for _, d := range m.deps {
			j, ok := byID[key{m.eco, d.id}]
			if d.dir != "" {
				j, ok = byDir[key{m.eco, d.dir}]
			}
			if !ok || j == i || seen[svcs[j].Name] {
				continue
			}
			seen[svcs[j].Name] = true
			svcs[i].DependsOn = append(svcs[i].DependsOn, Edge{To: svcs[j].Name, Pos: d.pos})
		}
		slices.SortFunc(svcs[i].DependsOn, func(a, b Edge) int { return cmp.Compare(a.To, b.To) })
	}
}

// join is path.Join for a repository-relative directory ("." for the root).
func join(dir, rel string) string {
	return path.Join(dir, rel)
}

// inside reports whether a cleaned relative path stays in the repository.
func inside(p string) bool {
	return p != ".." && !strings.HasPrefix(p, "../") && !path.IsAbs(p)
}

// lineOf is the 1-based line of the first occurrence of needle in data at
// or after byte offset from; 1 when there is none.
func lineOf(data []byte, needle string, from int) int {
	if from < 0 || from > len(data) {
		from = 0
	}
	i := bytes.Index(data[from:], []byte(needle))
	if i < 0 {
		return 1
	}
	return 1 + bytes.Count(data[:from+i], []byte("\n"))
}

// errorf is a positioned error.
func errorf(file string, line int, format string, args ...any) error {
	return &Error{File: file, Line: line, Err: fmt.Errorf(format, args...)}
}
