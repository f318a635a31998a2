package gitconfig

import (
	"bytes"
	"strings"

	"github.com/gatesel/gatesel/internal/poserr"
)

// Error is a problem at a position in a configuration file.
type Error = poserr.Error

// Entry is one variable of a configuration file.
type Entry struct {
	// Key is "section.name" or "section.subsection.name", the section
	// and the name lower-cased, the subsection as written.
	Key string
	// Value is the value; NoValue is set for a variable without "="
	// (a true boolean).
	Value   string
	NoValue bool
	Line    int
}

// parser is git's config parser over one file's bytes.
type parser struct {
	name string
	data []byte
	pos  int
	line int
	eof  bool
	// incomplete: the error is an unterminated quote or subsection, which
	// git reports at the line before the newline it read
	incomplete bool
}

// Parse reads a configuration file. name is only for positions in errors.
func Parse(name string, data []byte) ([]Entry, error) {
	p := &parser{name: name, data: bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), line: 1}
	var out []Entry
	var section string
	comment := false
	for {
		c := p.next()
		switch {
		case c == '\n':
			if p.eof {
				return out, nil
			}
			comment = false
			continue
		case comment:
			continue
		case isSpace(c):
			continue
		case c == '#' || c == ';':
			comment = true
			continue
		case c == '[':
			s, ok := p.section()
			if !ok || s == "" {
				return out, p.errorf()
			}
			section = s
			continue
		case !isAlpha(c):
			return out, p.errorf()
		}
		e, ok := p.variable(section, c)
		if !ok {
			return out, p.errorf()
		}
		if section != "" { // a variable before any section names nothing
			out = append(out, e)
		}
	}
}

// errorf is the error at the current line as git counts it: the line
// before when an incomplete line's newline (or the end) was read.
func (p *parser) errorf() error {
	line := p.line
	if p.incomplete {
		line--
	}
	return &Error{File: p.name, Line: line, Err: errBadLine}
}

type badLine struct{}

func (badLine) Error() string { return "bad config line" }

var errBadLine error = badLine{}

// next is git's get_next_char: "\r\n" reads as "\n", and the end of the
// file as a final "\n".
func (p *parser) next() byte {
	if p.pos >= len(p.data) {
		p.eof = true
		p.line++ // git counts the end as a line
		return '\n'
	}
	c := p.data[p.pos]
	p.pos++
	if c == '\r' && p.pos < len(p.data) && p.data[p.pos] == '\n' {
		c = '\n'
		p.pos++
	}
	if c == '\n' {
		p.line++
	}
	return c
}

// section reads "[name]" or `[name "sub"]` after the "[".
func (p *parser) section() (string, bool) {
	var b strings.Builder
	for {
		c := p.next()
		switch {
		case p.eof:
			return "", false
		case c == ']':
			return b.String(), true
		case isSpace(c):
			sub, ok := p.subsection(c)
			if !ok {
				return "", false
			}
			return b.String() + "." + sub, true
		case !isKeyChar(c) && c != '.':
			return "", false
		}
		b.WriteByte(lower(c))
	}
}

// subsection reads ` "sub"]`, git's get_extended_base_var.
func (p *parser) subsection(c byte) (string, bool) {
	for isSpace(c) {
		if c == '\n' {
			p.incomplete = true
			return "", false
		}
		c = p.next()
	}
	if c != '"' {
		return "", false
	}
	var b strings.Builder
	for {
		c := p.next()
		if c == '\n' {
			p.incomplete = true
			return "", false
		}
		if c == '"' {
			break
		}
		if c == '\\' {
			if c = p.next(); c == '\n' {
				p.incomplete = true
				return "", false
			}
		}
		b.WriteByte(c)
	}
	return b.String(), p.next() == ']'
}

// variable reads "name = value" whose first byte is c.
func (p *parser) variable(section string, c byte) (Entry, bool) {
	e := Entry{Line: p.line}
	var name strings.Builder
	name.WriteByte(lower(c))
	for {
		c = p.next()
		if p.eof || !isKeyChar(c) {
			break
		}
		name.WriteByte(lower(c))
	}
	e.Key = section + "." + name.String()
	for c == ' ' || c == '\t' {
		c = p.next()
	}
	if c == '\n' {
		e.NoValue = true
		return e, true
	}
	if c != '=' {
		return e, false
	}
	v, ok := p.value()
	e.Value = v
	return e, ok
}

// value is git's parse_value: spaces inside kept as one, outside quotes
// trimmed; "#" and ";" start a comment; \t \b \n \\ \" escapes; a "\" at
// the end of a line continues the value.
func (p *parser) value() (string, bool) {
	var b []byte
	quote, comment := false, false
	space := 0
	for {
		c := p.next()
		if c == '\n' {
			if quote {
				p.incomplete = true
				return "", false
			}
			return string(b), true
		}
		if comment {
			continue
		}
		if isSpace(c) && !quote {
			if len(b) > 0 {
				space++
			}
			continue
		}
		if !quote && (c == ';' || c == '#') {
			comment = true
			continue
		}
		for ; space > 0; space-- {
			b = append(b, ' ')
		}
		switch c {
		case '\\':
			switch c = p.next(); c {
			case '\n':
				continue
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'n':
				c = '\n'
			case '\\', '"':
			default:
				return "", false
			}
		case '"':
			quote = !quote
			continue
		}
		b = append(b, c)
	}
}

// git's sane ctype: space is " \t\n\r", no vertical tab or form feed.
func isSpace(c byte) bool   { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
func isAlpha(c byte) bool   { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isKeyChar(c byte) bool { return isAlpha(c) || '0' <= c && c <= '9' || c == '-' }
func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
