package selector

import (
	"bytes"
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/gatesel/gatesel/internal/poserr"
)

// filesParser reads one change list; see ReadFiles.
type filesParser struct {
	name      string
	format    FilesFormat
	maxPaths  int
	n         int  // paths read
	stopped   bool // a bound was reached: read no further
	truncated bool // a name-status record misses its paths at the end
	out       []Change
	warnings  []string
	errs      poserr.List
}

// field is one line or one field of a change list, with its position:
// the line and column it starts at (a column of 0 is the whole line) and,
// in NUL-separated input, its entry number.
type field struct {
	s         string
	line, col int
	entry     int
}

// where prefixes a message about f.
func (f field) where() string {
	if f.entry > 0 {
		return "entry " + strconv.Itoa(f.entry) + ": "
	}
	return ""
}

func (p *filesParser) errorf(f field, format string, args ...any) {
	p.add(&FilesError{File: p.name, Line: f.line, Col: f.col, Err: fmt.Errorf(f.where()+format, args...)})
}

// add records err, and stops the reading after maxErrors.
func (p *filesParser) add(err error) {
	if p.stopped {
		return
	}
	p.errs.Add(err)
	if p.errs.Len() >= maxErrors {
		p.errs.Add(&FilesError{File: p.name, Err: fmt.Errorf("too many errors, stopped after %d", maxErrors)})
		p.stopped = true
	}
}

// statusField matches the status field of a name-status line (compiled
// on first use: a package-level regexp is compiled at every start).
var statusField = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(?:[MADTUX]|[RC][0-9]{0,3})$`) })

func (p *filesParser) readLines(data []byte) {
	for ln := 1; len(data) > 0 && !p.stopped; ln++ {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		p.line(ln, string(bytes.TrimSuffix(line, []byte{'\r'})))
	}
}

// line reads one line of line-form input.
func (p *filesParser) line(ln int, line string) {
	if strings.TrimSpace(line) == "" {
		return
	}
	if i := strings.IndexByte(line, 0); i >= 0 {
		p.add(&FilesError{File: p.name, Line: ln, Col: i + 1, Err: fmt.Errorf("%w (is the input NUL-separated?)", ErrNULInLine)})
		return
	}
	if i := strings.IndexByte(line, '\r'); i >= 0 {
		p.errorf(field{line: ln, col: i + 1}, "carriage return inside a line: lines end with LF or CRLF, and a name that holds a CR must be C-quoted as git quotes it")
		return
	}
	whole := field{s: line, line: ln}
	if p.format == FilesPaths {
		p.path(field{s: line, line: ln, col: 1}, Unknown, field{})
		return
	}
	var fields []field
	col := 1
	for _, s := range strings.Split(line, "\t") {
		fields = append(fields, field{s: s, line: ln, col: col})
		col += len(s) + 1
	}
	switch {
	case len(fields) == 1 && p.format == FilesAuto:
		p.path(fields[0], Unknown, field{})
	case !statusField().MatchString(fields[0].s) && p.format == FilesNameStatus:
		p.errorf(whole, "not a name-status line (a status, a tab, the path): %q", line)
	case !statusField().MatchString(fields[0].s):
		p.errorf(whole, "neither a path nor a name-status line: %q", line)
	default:
		p.status(whole, fields[0].s, fields[1:])
	}
}

// nulScanner splits NUL-separated input into fields, keeping positions.
type nulScanner struct {
	data            []byte
	off, entry      int
	line, lineStart int
}

func newNULScanner(data []byte) *nulScanner { return &nulScanner{data: data, line: 1} }

// next returns the next field; a final NUL ends the last field, it does not
// open an empty one.
func (s *nulScanner) next() (field, bool) {
	if s.off >= len(s.data) {
		return field{}, false
	}
	raw := s.data[s.off:]
	if i := bytes.IndexByte(raw, 0); i >= 0 {
		raw = raw[:i]
	}
	s.entry++
	f := field{s: string(raw), line: s.line, col: s.off - s.lineStart + 1, entry: s.entry}
	if k := bytes.Count(raw, []byte{'\n'}); k > 0 {
		s.line += k
		s.lineStart = s.off + bytes.LastIndexByte(raw, '\n') + 1
	}
	s.off += len(raw) + 1
	return f, true
}

func (p *filesParser) readNUL(data []byte) {
	first, ok := newNULScanner(data).next()
	switch {
	case !ok:
		return
	case p.format == FilesPaths || (p.format == FilesAuto && !statusField().MatchString(first.s)):
		p.readNULPaths(newNULScanner(data))
		return
	case p.format == FilesNameStatus:
		p.readNULNameStatus(newNULScanner(data))
		return
	}
	// Auto, and the first field is a status: the input may be name-status
	// or a list of paths whose first name looks like a status. Read it both
	// ways; the plain reading holds every field, so it never loses a path.
	ns := &filesParser{name: p.name, maxPaths: p.maxPaths}
	ns.readNULNameStatus(newNULScanner(data))
	plain := &filesParser{name: p.name, maxPaths: p.maxPaths}
	plain.readNULPaths(newNULScanner(data))
	switch {
	case ns.errs.Len() == 0 && plain.errs.Len() == 0:
		p.out = append(ns.out, plain.out...)
		p.warnings = append(p.warnings, fmt.Sprintf("%s reads both as NUL-separated paths and as name-status: the paths of both readings are taken (the status fields too); give its format, paths or name-status, to read it one way", p.name))
	case ns.truncated:
		// a name-status record cut short: an error, as a truncated input is
		p.errs, p.stopped = ns.errs, ns.stopped
	case plain.errs.Len() == 0:
		p.out = plain.out
		p.warnings = append(p.warnings, fmt.Sprintf("%s starts with a status field but is not name-status: read as NUL-separated paths", p.name))
	default:
		p.errs, p.stopped = plain.errs, plain.stopped
	}
}

func (p *filesParser) readNULPaths(s *nulScanner) {
	for !p.stopped {
		f, ok := s.next()
		if !ok {
			return
		}
		if f.s != "" {
			p.path(f, Unknown, field{})
		}
	}
}

func (p *filesParser) readNULNameStatus(s *nulScanner) {
	for !p.stopped {
		st, ok := s.next()
		if !ok {
			return
		}
		if !statusField().MatchString(st.s) {
			p.errorf(st, "expected a name-status status field, got %q", st.s)
			continue
		}
		n := statusPaths(st.s)
		paths := make([]field, 0, n)
		for range n {
			f, ok := s.next()
			if !ok {
				p.errorf(st, "status %s needs %d path(s), the input ends (a truncated input; a list of paths reads with the paths format)", st.s, n)
				p.truncated = true
				return
			}
			paths = append(paths, f)
		}
		p.status(st, st.s, paths)
	}
}

// statusPaths is the number of paths a status takes: two for a rename or
// copy, else one.
func statusPaths(st string) int {
	if st[0] == 'R' || st[0] == 'C' {
		return 2
	}
	return 1
}

// status records a name-status entry; at is the line (or status field).
func (p *filesParser) status(at field, st string, paths []field) {
	if want := statusPaths(st); len(paths) != want {
		p.errorf(at, "status %s needs %d path(s), got %d", st, want, len(paths))
		return
	}
	switch st[0] {
	case 'R':
		p.path(paths[1], Renamed, paths[0])
	case 'C':
		p.path(paths[1], Copied, paths[0])
	case 'M', 'U':
		p.path(paths[0], Modified, field{})
	case 'A':
		p.path(paths[0], Added, field{})
	case 'D':
		p.path(paths[0], Deleted, field{})
	case 'T':
		p.path(paths[0], TypeChg, field{})
	default: // X
		p.path(paths[0], Unknown, field{})
	}
}

// path records the change of name (from old, for a rename or copy).
func (p *filesParser) path(name field, st Status, old field) {
	cleanName, ok := p.clean(name)
	if !ok {
		return
	}
	c := Change{Path: cleanName, Status: st}
	n := 1
	if st == Renamed || st == Copied {
		if c.OldPath, ok = p.clean(old); !ok {
			return
		}
		n = 2
	}
	if p.n+n > p.maxPaths {
		p.add(&FilesError{File: p.name, Line: name.line, Err: fmt.Errorf("%w: more than %d paths", ErrFilesTooLarge, p.maxPaths)})
		p.stopped = true
		return
	}
	p.n += n
	p.out = append(p.out, c)
}

// clean unquotes and cleans one path, reporting why it is not acceptable.
func (p *filesParser) clean(f field) (string, bool) {
	raw, s := f.s, f.s
	if strings.HasPrefix(s, `"`) {
		// git quotes every name that has a '"', so a leading quote opens a
		// quoted name; one that does not close is a truncated input
		if len(s) < 2 || s[len(s)-1] != '"' {
			p.errorf(f, "unterminated quoted path: %s", raw)
			return "", false
		}
		u, err := strconv.Unquote(s)
		if err != nil {
			p.errorf(f, "invalid quoted path: %s", raw)
			return "", false
		}
		s = u
	}
	switch {
	case s == "":
		p.errorf(f, "empty path")
		return "", false
	case strings.IndexByte(s, 0) >= 0:
		p.errorf(f, "NUL byte in path: %q", s)
		return "", false
	case path.IsAbs(s):
		p.errorf(f, "path leaves the repository: %s", raw)
		return "", false
	}
	c := path.Clean(s)
	switch {
	case c == "..", strings.HasPrefix(c, "../"):
		p.errorf(f, "path leaves the repository: %s", raw)
		return "", false
	case c == ".":
		p.errorf(f, "not a file path: %s", raw)
		return "", false
	}
	return c, true
}
