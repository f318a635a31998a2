package infer

import (
	"bytes"
	"errors"
	"fmt"
	"go/scanner"
	"go/token"
	"io"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
)

// goImport is one import path of a Go file, at the position of its string.
type goImport struct {
	path      string
	line, col int
}

// errIncomplete: the bytes given end before the import block does.
var errIncomplete = errors.New("incomplete")

// scanImports reads the package clause and the import declarations at the
// start of a Go source file, as go/parser's ImportsOnly mode does (the
// same scanner, go/scanner, and the same grammar: "package" name, then
// any number of `import spec` or `import ( spec; ... )` declarations,
// each spec an optional name or "." and a string), and stops at the first
// token after them. src is the whole file when whole is true, else a
// prefix of it: errIncomplete then says that the prefix ends before the
// import block is known to end (a token, a comment or an error reaching
// its last byte), and the caller reads more. A syntax error before the
// end of the import block is an error positioned in the file.
func scanImports(name string, src []byte, whole bool) ([]goImport, error) {
	if imps, ok := fastImports(src, whole); ok {
		return imps, nil
	}
	fset := token.NewFileSet()
	file := fset.AddFile(name, -1, len(src))
	var first *scanner.Error
	var s scanner.Scanner
	s.Init(file, src, func(pos token.Position, msg string) {
		if first == nil {
			first = &scanner.Error{Pos: pos, Msg: msg}
		}
	}, 0)
	var tok token.Token
	var lit string
	var pos token.Pos
	next := func() error {
		pos, tok, lit = s.Scan()
		n := len(lit)
		if n == 0 {
			n = len(tok.String())
		}
		if !whole && (first != nil || tok == token.EOF || file.Offset(pos)+n >= len(src)) {
			return errIncomplete // this token, or what follows it, may be cut
		}
		if first != nil {
			return &Error{File: name, Line: first.Pos.Line, Col: first.Pos.Column, Err: errors.New(first.Msg)}
		}
		return nil
	}
	fail := func(want string) error {
		p := file.Position(pos)
		found := tok.String()
		if lit != "" && tok != token.SEMICOLON {
			found = lit
		} else if tok == token.SEMICOLON && lit == "\n" {
			found = "newline"
		}
		return &Error{File: name, Line: p.Line, Col: p.Column, Err: fmt.Errorf("expected %s, found %s", want, found)}
	}
	// semi accepts the end of a declaration or spec as go/parser's
	// expectSemi does: ";", or nothing before a ')' or '}'.
	semi := func() error {
		if tok == token.SEMICOLON {
			return next()
		}
		if tok == token.RPAREN || tok == token.RBRACE {
			return nil
		}
		return fail("';'")
	}
	if err := next(); err != nil {
		return nil, err
	}
	if tok != token.PACKAGE {
		return nil, fail("'package'")
	}
	if err := next(); err != nil {
		return nil, err
	}
	if tok != token.IDENT {
		return nil, fail("package name")
	}
	if err := next(); err != nil {
		return nil, err
	}
	if err := semi(); err != nil {
		return nil, err
	}
	var out []goImport
	spec := func() error {
		if tok == token.IDENT || tok == token.PERIOD {
			if err := next(); err != nil {
				return err
			}
		}
		if tok != token.STRING {
			return fail("import path")
		}
		p, err := strconv.Unquote(lit)
		if err != nil {
			return fail("import path")
		}
		at := file.Position(pos)
		out = append(out, goImport{path: p, line: at.Line, col: at.Column})
		if err := next(); err != nil {
			return err
		}
		return semi()
	}
	for tok == token.IMPORT {
		if err := next(); err != nil {
			return nil, err
		}
		if tok != token.LPAREN {
			if err := spec(); err != nil {
				return nil, err
			}
			continue
		}
		if err := next(); err != nil {
			return nil, err
		}
		for tok != token.RPAREN {
			if err := spec(); err != nil {
				return nil, err
			}
		}
		if err := next(); err != nil {
			return nil, err
		}
		if err := semi(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// fastImports reads the import block of src as scanImports does, without
// go/scanner's allocations, for what almost every file holds: ASCII
// comments (no //line directive), ASCII identifiers, import paths in
// quotes without escapes (or in back quotes without a carriage return),
// and a declaration or the end of the file after the imports. ok is
// false for anything else, for any syntax error and for a prefix (whole
// false) that ends before the import block does: scanImports then reads
// src with go/scanner, which decides. FuzzScanImports checks the two
// against go/parser.
func fastImports(src []byte, whole bool) (imps []goImport, ok bool) {
	i, line, lineStart := 0, 1, 0
	if len(src) > 0 && src[0] >= 0x80 {
		return nil, false // a byte order mark, or an error
	}
	// skip skips white space and comments; nl reports a newline crossed
	skip := func() (nl, ok bool) {
		for i < len(src) {
			switch c := src[i]; {
			case c == '\n':
				nl, line, lineStart = true, line+1, i+1
				i++
			case c == ' ' || c == '\t' || c == '\r':
				i++
			case c == '/' && i+1 < len(src) && (src[i+1] == '/' || src[i+1] == '*'):
				block := src[i+1] == '*'
				if bytes.HasPrefix(src[i+2:], []byte("line ")) {
					return false, false // a line directive moves positions
				}
				j := i + 2
				for ; j < len(src) && (block || src[j] != '\n'); j++ {
					if src[j] >= 0x80 || src[j] == 0 {
						return false, false
					}
					if block && src[j] == '*' && j+1 < len(src) && src[j+1] == '/' {
						break
					}
					if src[j] == '\n' {
						nl, line, lineStart = true, line+1, j+1
					}
				}
				if j >= len(src)-1 && (block || !whole) {
					return false, false // unterminated, or may go on
				}
				if i = j; block {
					i = j + 2
				}
			default:
				return nl, true
			}
		}
		return nl, whole
	}
	ident := func() (string, bool) {
		j := i
		for ; j < len(src); j++ {
			c := src[j]
			if !(c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || j > i && '0' <= c && c <= '9') {
				break
			}
		}
		if j == i || j == len(src) && !whole || j < len(src) && (src[j] >= 0x80 || src[j] == 0) {
			return "", false
		}
		w := string(src[i:j])
		i = j
		return w, true
	}
	// semi ends a clause, a declaration or a spec (go/parser's expectSemi)
	semi := func() bool {
		nl, ok := skip()
		switch {
		case !ok:
			return false
		case nl || i == len(src):
			return true
		case src[i] == ';':
			i++
			return true
		}
		return src[i] == ')' || src[i] == '}'
	}
	spec := func() bool {
		if _, ok := skip(); !ok || i == len(src) {
			return false
		}
		named := false // a name ends its line with a semicolon (the scanner's rule)
		if c := src[i]; c == '.' {
			if i+1 < len(src) && '0' <= src[i+1] && src[i+1] <= '9' {
				return false
			}
			i++
		} else if c != '"' && c != '`' {
			if w, ok := ident(); !ok || token.Lookup(w).IsKeyword() {
				return false
			}
			named = true
		}
		if nl, ok := skip(); !ok || named && nl || i == len(src) || src[i] != '"' && src[i] != '`' {
			return false
		}
		q, start, sline, scol := src[i], i+1, line, i-lineStart+1
		j := start
		for ; j < len(src) && src[j] != q; j++ {
			c := src[j]
			if c >= 0x80 || c == 0 || q == '"' && (c < 0x20 || c == '\\') || q == '`' && c == '\r' {
				return false
			}
			if c == '\n' {
				line, lineStart = line+1, j+1
			}
		}
		if j == len(src) {
			return false
		}
		imps = append(imps, goImport{path: string(src[start:j]), line: sline, col: scol})
		i = j + 1
		return semi()
	}
	if _, ok := skip(); !ok {
		return nil, false
	}
	if w, ok := ident(); !ok || w != "package" {
		return nil, false
	}
	if _, ok := skip(); !ok {
		return nil, false
	}
	if w, ok := ident(); !ok || token.Lookup(w).IsKeyword() || !semi() {
		return nil, false
	}
	for {
		if _, ok := skip(); !ok {
			return nil, false
		}
		if i == len(src) {
			return imps, true // whole: the file ends after its imports
		}
		if c := src[i]; !(c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return nil, false
		}
		if w, ok := ident(); !ok {
			return nil, false
		} else if w != "import" {
			return imps, true // the first declaration after the imports
		}
		if _, ok := skip(); !ok || i == len(src) {
			return nil, false
		}
		if src[i] != '(' {
			if !spec() {
				return nil, false
			}
			continue
		}
		i++
		for {
			if _, ok := skip(); !ok || i == len(src) {
				return nil, false
			}
			if src[i] == ')' {
				i++
				break
			}
			if !spec() {
				return nil, false
			}
		}
		if !semi() {
			return nil, false
		}
	}
}

// headChunk is what readImports reads first: the import block of almost
// every Go file ends within it.
const headChunk = 8 << 10

// readImports reads the import paths of the Go file name from rd, only as
// far as its import block goes: headChunk bytes, then more only while
// scanImports needs them. buf is scratch space, reused between calls.
func readImports(name string, rd io.Reader, buf *[]byte) ([]goImport, error) {
	b := (*buf)[:0]
	if cap(b) < headChunk {
		b = make([]byte, 0, headChunk)
	}
	defer func() { *buf = b[:0] }()
	for {
		if len(b) == cap(b) {
			b = slices.Grow(b, len(b))
		}
		n, err := io.ReadAtLeast(rd, b[len(b):cap(b)], cap(b)-len(b))
		b = b[:len(b)+n]
		eof := errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
		if err != nil && !eof {
			return nil, err
		}
		if len(b) > MaxManifestSize {
			return nil, tooLarge(name)
		}
		imps, err := scanImports(name, b, eof)
		if err != errIncomplete {
			return imps, err
		}
	}
}

// skippedGoDir reports whether the go tool leaves out a directory of this
// name from a module's packages: testdata, vendor, and names starting
// with '_' or '.'.
func skippedGoDir(name string) bool {
	return name == "testdata" || name == "vendor" || strings.HasPrefix(name, "_") || strings.HasPrefix(name, ".")
}

// goSourceFile reports whether the go tool reads a file of this name as
// Go source of its directory's package: *.go, not starting with '_' or
// '.'.
func goSourceFile(name string) bool {
	return strings.HasSuffix(name, ".go") && !strings.HasPrefix(name, "_") && !strings.HasPrefix(name, ".")
}

// goFile is a Go source file of a workspace module.
type goFile struct {
	path    string
	mod     int  // index in the members
	regular bool // a walk found a regular file below real directories
}

// listedGoFiles assigns the listing's Go files to the workspace modules
// ms: a file belongs to the module of the nearest directory above it
// that holds a go.mod (listed, or a module of ms), when that is a module
// of ms and no directory between them is one the go tool skips.
func listedGoFiles(listing []string, ms []*member) []goFile {
	modDirs := map[string]int{} // directory -> member, -1 for a go.mod outside the workspace
	for _, p := range listing {
		if path.Base(p) == "go.mod" {
			modDirs[path.Dir(p)] = -1
		}
	}
	for i, m := range ms {
		modDirs[m.dir] = i
	}
	var out []goFile
	for _, p := range listing {
		if !goSourceFile(path.Base(p)) {
			continue
		}
		d := path.Dir(p)
		for {
			if i, ok := modDirs[d]; ok {
				if i >= 0 {
					out = append(out, goFile{path: p, mod: i})
				}
				break
			}
			if d == "." || skippedGoDir(path.Base(d)) {
				break
			}
			d = path.Dir(d)
		}
	}
	slices.SortFunc(out, func(a, b goFile) int { return strings.Compare(a.path, b.path) })
	return out
}

// walkedGoFiles walks each workspace module's directory for its Go files,
// not into the directories the go tool skips nor into a directory that
// holds a go.mod (another module), nor through links to directories.
func walkedGoFiles(r *reader, ms []*member) ([]goFile, error) {
	var out []goFile
	var walk func(dir string, mod int, root bool) error
	walk = func(dir string, mod int, root bool) error {
		if err := r.ctx.Err(); err != nil {
			return err
		}
		entries, err := fs.ReadDir(r.fsys, dir)
		if err != nil {
			if root && errors.Is(err, fs.ErrNotExist) {
				return nil // a module that go.mod's reading has reported already
			}
			return errorf(dir, 0, "read directory: %v", err)
		}
		if !root && slices.ContainsFunc(entries, func(e fs.DirEntry) bool { return e.Name() == "go.mod" }) {
			return nil // another module
		}
		for _, e := range entries {
			p := join(dir, e.Name())
			switch {
			case e.IsDir():
				if !skippedGoDir(e.Name()) {
					if err := walk(p, mod, false); err != nil {
						return err
					}
				}
			case goSourceFile(e.Name()) && (e.Type().IsRegular() || e.Type()&fs.ModeSymlink != 0):
				out = append(out, goFile{path: p, mod: mod, regular: e.Type().IsRegular()})
			}
		}
		return nil
	}
	for i, m := range ms {
		if err := walk(m.dir, i, true); err != nil {
			return nil, err
		}
	}
	slices.SortFunc(out, func(a, b goFile) int { return strings.Compare(a.path, b.path) })
	return out, nil
}

// goImportDeps adds to each workspace module ms[i] a dependency on every
// other workspace module whose packages its Go files import (see
// inferGo for the rule).
func goImportDeps(r *reader, ms []*member) error {
	var files []goFile
	if r.listing != nil {
		files = listedGoFiles(r.listing, ms)
	} else {
		var err error
		if files, err = walkedGoFiles(r, ms); err != nil {
			return err
		}
	}
	byPath := map[string][]int{}
	for i, m := range ms {
		byPath[m.id] = append(byPath[m.id], i)
	}
	pkgDirs := map[string]int{}
	for _, f := range files {
		pkgDirs[path.Dir(f.path)] = f.mod
	}
	var nl *noLinksDir
	if o, ok := r.fsys.(interface{ OSDir() string }); ok && r.safeDefault && r.listing != nil {
		nl = openNoLinksDir(o.OSDir())
		defer nl.close()
	}
	seen := make([]map[int]bool, len(ms))
	add := func(from, to int, pos Pos) {
		if from == to || seen[from][to] {
			return
		}
		if seen[from] == nil {
			seen[from] = map[int]bool{}
		}
		seen[from][to] = true
		ms[from].deps = append(ms[from].deps, dep{dir: ms[to].dir, pos: pos})
	}
	// a revision's tree names its blobs: a blob read once is not read
	// again (generated and copied files), and may come from the work tree
	wt, blobs := r.workTreeBlobs()
	defer wt.close()
	byBlob := map[string][]goImport{}
	provided := map[string][]int{} // providers by import path
	var buf []byte
	for n, f := range files {
		if n%256 == 0 {
			if err := r.ctx.Err(); err != nil {
				return err
			}
		}
		blob := ""
		if blobs != nil && f.regular {
			blob, _ = blobs.GitBlob(f.path)
		}
		imps, found := byBlob[blob]
		var err error
		switch {
		case found && blob != "": // the same bytes as a file before
		case wt != nil && blob != "":
			if data, ok := wt.blob(f.path, blob, &buf); ok {
				found = true
				imps, err = scanImports(f.path, data, true)
				break
			}
			fallthrough
		default:
			imps, found, err = r.goFileImports(nl, f, &buf)
		}
		if !found {
			continue
		}
		if blob != "" && err == nil {
			byBlob[blob] = imps
		}
		if err != nil {
			// fail safe: a file whose imports cannot be read may import
			// any module of the workspace
			pos := Pos{File: f.path, Line: 1} // a read error: the file
			var pe *Error
			if errors.As(err, &pe) {
				pos.Line, pos.Col = max(pe.Line, 1), pe.Col
			}
			for j := range ms {
				add(f.mod, j, pos)
			}
			continue
		}
		for _, imp := range imps {
			pos := Pos{File: f.path, Line: imp.line, Col: imp.col}
			js, ok := provided[imp.path]
			if !ok {
				js = providers(imp.path, byPath, pkgDirs, ms)
				provided[imp.path] = js
			}
			for _, j := range js {
				add(f.mod, j, pos)
			}
		}
	}
	return nil
}

// providers are the workspace modules that provide the package of import
// path ip: each module whose path is a prefix of ip (at an element
// boundary) and whose Go files include the package's directory; when
// none has that directory, the module of the longest such prefix (the
// package may be generated before the build).
func providers(ip string, byPath map[string][]int, pkgDirs map[string]int, ms []*member) []int {
	var out []int
	longest := -1
	for p := ip; ; {
		for _, j := range byPath[p] {
			if longest < 0 {
				longest = j
			}
			if k, ok := pkgDirs[join(ms[j].dir, strings.TrimPrefix(strings.TrimPrefix(ip, p), "/"))]; ok && k == j {
				out = append(out, j)
			}
		}
		i := strings.LastIndexByte(p, '/')
		if i < 0 {
			break
		}
		p = p[:i]
	}
	if len(out) == 0 && longest >= 0 {
		out = append(out, longest)
	}
	return out
}

// goFileImports reads the imports of one listed or walked Go file: found
// is false when it is no longer there (a listed file deleted from the
// work tree) or is a directory. A regular file below real directories is
// read only as far as its import block; a link is read whole through the
// link-safe reader, which follows it only inside the repository. A file
// the walk found regular is opened without an Lstat (a revision's tree
// would inflate the object for its size).
func (r *reader) goFileImports(nl *noLinksDir, gf goFile, buf *[]byte) (imps []goImport, found bool, err error) {
	name := gf.path
	open := func() ([]goImport, bool, error) {
		f, err := r.fsys.Open(name)
		if err != nil {
			return nil, true, err
		}
		defer f.Close()
		imps, err := readImports(name, f, buf)
		return imps, true, err
	}
	if gf.regular && r.safeDefault {
		return open()
	}
	if nl != nil {
		imps, found, err := nl.readImports(name, buf)
		if found || err != nil {
			return imps, true, err
		}
		// not a regular file below real directories: a link, or gone
	}
	if r.safeDefault {
		st, ok := r.belowRealDirs(name)
		if ok && st.Mode().IsRegular() {
			return open()
		}
		if ok && st.IsDir() {
			return nil, false, nil
		}
	}
	data, err := r.read(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, true, err
	}
	imps, err = scanImports(name, data, true)
	return imps, true, err
}
