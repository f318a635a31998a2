package selector

import (
	"bytes"
	"fmt"
	"io"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/hashicorp/go-multierror"

	"github.com/gatesel/gatesel/internal/poserr"
)

// ReadFiles reads a change list (`gatesel select --files`), in one of three forms:
//
//   - one path a line;
//   - `git diff --name-status` lines: a status letter (M, A, D, T, U, X), a
//     tab and the path; or `R100<TAB>old<TAB>new` / `C75<TAB>old<TAB>new`,
//     which give Path=new, OldPath=old and Status Renamed or Copied;
//   - with nul, NUL-separated: plain paths, or the `git diff --name-status -z`
//     form (a status field, then its one or two paths) when the first field
//     is a status.
//
// Paths are cleaned (path.Clean; backslashes are kept as they are) and
// may be C-quoted as git quotes unusual names ("a\tb"; a path that starts
// with a double quote must be a complete quoted name, so that a truncated
// one is an error); blank lines are
// skipped and CRLF line ends are accepted. A plain path has Status Unknown;
// U (unmerged) reads as Modified and X as Unknown.
//
// A path that leaves the repository (absolute, or `..` after cleaning), an
// empty path, a NUL byte in line form or a line that is neither a path nor a
// name-status line is an error naming the line, e.g.
// "--files:12: path leaves the repository: ../x"; every problem of the input
// is reported, one a line. name is used only in errors.
//
// The result is sorted by path, each path once: a path given twice keeps the
// most informative status (rename or copy, then type change, addition,
// deletion, modification, unknown).
func ReadFiles(name string, r io.Reader, nul bool) ([]Change, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	p := &filesParser{name: name}
	if nul {
		p.readNUL(data)
	} else {
		p.readLines(data)
	}
	if err := p.errs.ErrorOrNil(); err != nil {
		return nil, err
	}
	return normalize(p.out), nil
}

type filesParser struct {
	name string
	out  []Change
	errs *multierror.Error
}

func (p *filesParser) errorf(pos, format string, args ...any) {
	if p.errs == nil {
		p.errs = &multierror.Error{ErrorFormat: poserr.Lines}
	}
	p.errs = multierror.Append(p.errs, fmt.Errorf("%s:%s: %s", p.name, pos, fmt.Sprintf(format, args...)))
}

// statusField matches the status field of a name-status line.
var statusField = regexp.MustCompile(`^(?:[MADTUX]|[RC][0-9]{0,3})$`)

func (p *filesParser) readLines(data []byte) {
	for i, line := range strings.Split(string(data), "\n") {
		pos := strconv.Itoa(i + 1)
		line = strings.TrimSuffix(line, "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		if strings.IndexByte(line, 0) >= 0 {
			p.errorf(pos, "NUL byte in a line (NUL-separated input needs -z)")
			continue
		}
		fields := strings.Split(line, "\t")
		if len(fields) == 1 {
			p.add(pos, Unknown, "", line)
			continue
		}
		if !statusField.MatchString(fields[0]) {
			p.errorf(pos, "neither a path nor a name-status line: %q", line)
			continue
		}
		p.status(pos, fields[0], fields[1:])
	}
}

func (p *filesParser) readNUL(data []byte) {
	fields := strings.Split(string(bytes.TrimSuffix(data, []byte{0})), "\x00")
	if len(data) == 0 {
		return
	}
	if !statusField.MatchString(fields[0]) {
		for i, f := range fields {
			if f != "" {
				p.add("entry "+strconv.Itoa(i+1), Unknown, "", f)
			}
		}
		return
	}
	for i := 0; i < len(fields); {
		pos := "entry " + strconv.Itoa(i+1)
		st := fields[i]
		if !statusField.MatchString(st) {
			p.errorf(pos, "expected a name-status status field, got %q", st)
			i++
			continue
		}
		n := 1
		if st[0] == 'R' || st[0] == 'C' {
			n = 2
		}
		if i+n >= len(fields) {
			p.errorf(pos, "status %s needs %d path(s), the input ends", st, n)
			return
		}
		p.status(pos, st, fields[i+1:i+1+n])
		i += 1 + n
	}
}

// status records a name-status entry.
func (p *filesParser) status(pos, st string, paths []string) {
	want := 1
	if st[0] == 'R' || st[0] == 'C' {
		want = 2
	}
	if len(paths) != want {
		p.errorf(pos, "status %s needs %d path(s), got %d", st, want, len(paths))
		return
	}
	switch st[0] {
	case 'R':
		p.add(pos, Renamed, paths[0], paths[1])
	case 'C':
		p.add(pos, Copied, paths[0], paths[1])
	case 'M', 'U':
		p.add(pos, Modified, "", paths[0])
	case 'A':
		p.add(pos, Added, "", paths[0])
	case 'D':
		p.add(pos, Deleted, "", paths[0])
	case 'T':
		p.add(pos, TypeChg, "", paths[0])
	default: // X
		p.add(pos, Unknown, "", paths[0])
	}
}

func (p *filesParser) add(pos string, st Status, old, name string) {
	cleanName, ok := p.clean(pos, name)
	if !ok {
		return
	}
	c := Change{Path: cleanName, Status: st}
	if st == Renamed || st == Copied {
		if c.OldPath, ok = p.clean(pos, old); !ok {
			return
		}
	}
	p.out = append(p.out, c)
}

// clean unquotes and cleans one path, reporting why it is not acceptable.
func (p *filesParser) clean(pos, raw string) (string, bool) {
	s := raw
	if strings.HasPrefix(s, `"`) {
		// git quotes every name that has a '"', so a leading quote opens a
		// quoted name; one that does not close is a truncated input
		if len(s) < 2 || s[len(s)-1] != '"' {
			p.errorf(pos, "unterminated quoted path: %s", raw)
			return "", false
		}
		u, err := strconv.Unquote(s)
		if err != nil {
			p.errorf(pos, "invalid quoted path: %s", raw)
			return "", false
		}
		s = u
	}
	switch {
	case s == "":
		p.errorf(pos, "empty path")
		return "", false
	case strings.IndexByte(s, 0) >= 0:
		p.errorf(pos, "NUL byte in path: %q", s)
		return "", false
	case path.IsAbs(s):
		p.errorf(pos, "path leaves the repository: %s", raw)
		return "", false
	}
	c := path.Clean(s)
	switch {
	case c == "..", strings.HasPrefix(c, "../"):
		p.errorf(pos, "path leaves the repository: %s", raw)
		return "", false
	case c == ".":
		p.errorf(pos, "not a file path: %s", raw)
		return "", false
	}
	return c, true
}
