package ownership

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"strings"
	"unicode/utf8"
)

// ErrTooLarge is returned for a CODEOWNERS file of MaxSize bytes or more;
// GitHub ignores such a file.
var ErrTooLarge = errors.New("codeowners file too large")

// ErrBinary is returned for a file that is not UTF-8 text or has NUL bytes.
var ErrBinary = errors.New("codeowners file is binary, not text")

// ErrLoneCR is returned, in a positioned *Error, for a carriage return
// that does not end a CRLF line end (old Mac line ends, or a stray CR).
// git ends a pattern line at a line feed only, so such a file would be
// read as fewer, longer lines than its author sees: a CR-only file as one
// comment line that owns nothing. The file is refused rather than guessed.
var ErrLoneCR = errors.New("carriage return without a line feed")

// Ruleset is a parsed CODEOWNERS file. It is safe for concurrent Match calls.
type Ruleset struct {
	Name     string
	Dialect  Dialect   // GitHub or GitLab, never Auto after Parse
	Rules    []Rule    // every pattern line, in file order (GitLab exclusions included)
	Sections []Section // GitLab only: every section heading, in file order
	Skipped  []*Error  // the lines that could not be read and were skipped, in file order
	Files    []string  // set by Load: the path read and, when it goes through symbolic links, the file it leads to

	compiled []compiledRule
	nsect    int // number of distinct sections (GitLab; 1 for GitHub)
	idx      index
}

// compiledRule is Rules[i] ready to match.
type compiledRule struct {
	pat     pattern
	sect    int      // distinct section number, in order of first appearance
	exclude bool     // GitLab "!pattern"
	self    []Rule   // Rules[i:i+1], so a match returns it without allocating
	owners  []string // Rules[i].Owners without duplicates
}

// Parse parses a CODEOWNERS file. name is only used in error positions.
// With dialect Auto it calls DetectDialect(name, data).
//
// A file of MaxSize bytes or more, one that is not text (NUL bytes or
// invalid UTF-8), or one with a carriage return that is not part of a CRLF
// line end (a CR at the very end is allowed) returns a nil Ruleset and an
// error wrapping ErrTooLarge, ErrBinary or ErrLoneCR; the last is an *Error
// at the carriage return. Otherwise the error is nil and the lines that
// could not be read are in Ruleset.Skipped, one *Error each; every other
// line still works, as on GitHub.
func Parse(name string, data []byte, dialect Dialect) (*Ruleset, error) {
	if len(data) >= MaxSize {
		return nil, fmt.Errorf("parse %s: %w: %d bytes, the limit is %d", name, ErrTooLarge, len(data), MaxSize)
	}
	if bytes.IndexByte(data, 0) >= 0 || !utf8.Valid(data) {
		return nil, fmt.Errorf("parse %s: %w", name, ErrBinary)
	}
	if err := loneCR(name, data); err != nil {
		return nil, err
	}
	// a UTF-8 byte order mark (Windows editors) is not part of the first
	// pattern, as git's own pattern files skip it
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if dialect != GitHub && dialect != GitLab {
		dialect = DetectDialect(name, data)
	}
	p := &parser{rs: &Ruleset{Name: name, Dialect: dialect}}
	if n := bytes.Count(data, []byte("\n")) + 1; n > 1 {
		// at most a rule a line: the lists grow once, not log(rules) times
		p.rs.Rules, p.rs.compiled = make([]Rule, 0, n), make([]compiledRule, 0, n)
	}
	if dialect == GitLab {
		p.sectionIDs = map[string]int{"": 0}
		p.sectionNames = []string{""}
	}
	// one string of the whole file: every line, pattern and owner below is
	// a part of it, not a copy of its own (a copy a line was 12 % of the
	// allocations of a 5,000-rule file)
	src := string(data)
	lineNo := 0
	for len(src) > 0 {
		lineNo++
		var line string
		if i := strings.IndexByte(src, '\n'); i >= 0 {
			line, src = src[:i], src[i+1:]
		} else {
			line, src = src, ""
		}
		text := strings.TrimSpace(line)
		if text == "" || text[0] == '#' {
			continue
		}
		var err error
		if dialect == GitLab {
			err = p.gitlabLine(lineNo, text)
		} else {
			err = p.githubLine(lineNo, text)
		}
		if err != nil {
			p.rs.Skipped = append(p.rs.Skipped, &Error{File: name, Line: lineNo, Err: err})
		}
	}
	rs := p.rs
	if len(rs.Rules) == 0 {
		rs.Rules, rs.compiled = nil, nil
	}
	rs.nsect = 1
	if dialect == GitLab {
		rs.nsect = len(p.sectionNames)
	}
	for i := range rs.compiled {
		rs.compiled[i].self = rs.Rules[i : i+1 : i+1]
		rs.compiled[i].owners = dedupe(rs.Rules[i].Owners)
	}
	rs.idx = buildIndex(rs.compiled)
	return rs, nil
}

// loneCR returns an *Error at the first carriage return of data that is
// neither followed by a line feed nor the last byte.
func loneCR(name string, data []byte) error {
	if bytes.IndexByte(data, '\r') < 0 {
		return nil
	}
	line, start := 1, 0
	for i, c := range data {
		switch {
		case c == '\n':
			line, start = line+1, i+1
		case c == '\r' && i+1 < len(data) && data[i+1] != '\n':
			col := utf8.RuneCount(data[start:i]) + 1
			return &Error{File: name, Line: line, Col: col, Err: fmt.Errorf("%w: git ends a line at a line feed only, so the lines after it would not be read as lines; save the file with LF or CRLF line ends", ErrLoneCR)}
		}
	}
	return nil
}

// parser holds the state of one Parse call.
type parser struct {
	rs *Ruleset

	// GitLab: the section in force and the distinct sections so far.
	section       int
	sectionIDs    map[string]int // lower-cased name -> distinct section number
	sectionNames  []string       // distinct section number -> name as first written
	defaultOwners []string
}

func (p *parser) add(r Rule, pat pattern) {
	p.rs.Rules = append(p.rs.Rules, r)
	p.rs.compiled = append(p.rs.compiled, compiledRule{pat: pat, sect: p.section, exclude: r.Exclude})
}

// fields splits a line at unescaped blanks; "\ " stays part of a field as a
// space. With comments true, a field starting with "#" begins an inline
// comment and ends the line.
func fields(line string, comments bool) []string {
	var out []string
	for i := 0; i < len(line); {
		c := line[i]
		if c == ' ' || c == '\t' {
			i++
			continue
		}
		if c == '#' && comments && len(out) > 0 {
			return out
		}
		start, escaped := i, false
		for i < len(line) && line[i] != ' ' && line[i] != '\t' {
			if line[i] == '\\' && i+1 < len(line) && (line[i+1] == ' ' || line[i+1] == '\t') {
				escaped = true
				i++
			}
			i++
		}
		f := line[start:i]
		if escaped {
			f = unescapeBlanks(f)
		}
		if out == nil {
			out = make([]string, 0, 4)
		}
		out = append(out, f)
	}
	return out
}

// unescapeBlanks turns "\ " and "\<tab>" into the blank; other
// backslashes stay.
func unescapeBlanks(f string) string {
	var b strings.Builder
	b.Grow(len(f))
	for i := 0; i < len(f); i++ {
		if f[i] == '\\' && i+1 < len(f) && (f[i+1] == ' ' || f[i+1] == '\t') {
			i++
		}
		b.WriteByte(f[i])
	}
	return b.String()
}

// DetectDialect says which host reads the file: GitLab when name is under a
// .gitlab/ directory or data has a GitLab section heading ("[Name]",
// "^[Name]", "[Name][2]"), GitHub otherwise.
func DetectDialect(name string, data []byte) Dialect {
	clean := "/" + strings.TrimPrefix(path.Clean(strings.ReplaceAll(name, `\`, "/")), "/")
	if strings.Contains(clean, "/.gitlab/") {
		return GitLab
	}
	for len(data) > 0 {
		var line []byte
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			line, data = data, nil
		}
		if bytes.IndexByte(line, '[') < 0 {
			continue // not a heading; and no string of it (a line of 20,000)
		}
		if h, ok := parseHeading(strings.TrimSpace(string(line))); ok && h.err == nil {
			return GitLab
		}
	}
	return GitHub
}

// Locations lists where a host looks for its CODEOWNERS file, in its order;
// the first that exists is used. For Auto: GitHub's places, then GitLab's.
func Locations(d Dialect) []string {
	switch d {
	case GitHub:
		return []string{".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"}
	case GitLab:
		return []string{"CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS"}
	}
	return []string{".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS"}
}

// dedupe returns owners without repeats, in first-appearance order; owners
// itself when it has none.
func dedupe(owners []string) []string {
	seen := make(map[string]bool, len(owners))
	for i, o := range owners {
		if seen[o] {
			out := append([]string(nil), owners[:i]...)
			for _, o := range owners[i+1:] {
				if !seen[o] {
					seen[o] = true
					out = append(out, o)
				}
			}
			return out
		}
		seen[o] = true
	}
	return owners
}
