// Package fastyaml is the fast path in front of yaml.v3 for policy files:
// Parse builds the node tree that yaml.v3 builds for a file in the plain
// block style policy files use, and declines anything else, which the
// caller then gives to yaml.v3.
//
//	doc, ok := fastyaml.Parse(data)
//	if !ok {
//		err = yaml.Unmarshal(data, &doc) // errors are always yaml.v3's
//	}
package fastyaml

import (
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Parse builds the node tree that yaml.v3 builds for a policy file
// written in the plain block style that policy files use — block mappings
// and sequences, one-line plain, single- and double-quoted scalars, one-line
// flow sequences and mappings, comments — and declines (ok false) anything
// else: tabs, CR, anchors, aliases, tags, block scalars, multi-line scalars
// and flows, escapes, empty values, directives, several documents, plain
// scalars whose type yaml.v3 resolves by more than a lookup (numbers other
// than plain decimal integers, timestamps, merge keys). A declined file is
// parsed by yaml.v3, so errors are always yaml.v3's.
//
// yaml.v3 costs about 70 µs per kilobyte, the largest part of a run on a
// small change (0.8 ms of a 10 KB gates.yaml, against 2 ms for git's whole
// diff) and 35 ms on a 2,000-service policy. This parser is about twenty
// times faster. Where it accepts a file, the tree is yaml.v3's field by
// field (kind, style, tag, value, line, column; comments are not kept):
// FuzzParseFast and TestParseFastAgrees compare the two.
func Parse(data []byte) (doc *yaml.Node, ok bool) {
	doc, _, ok = ParseCount(data)
	return doc, ok
}

// ParseCount is Parse that also returns the number of nodes in the tree,
// the document node included. The tree holds no alias node (the fast path
// declines anchors and aliases), so a caller that walks a yaml.v3 tree to
// count its nodes and find aliases need not walk this one.
func ParseCount(data []byte) (doc *yaml.Node, nodes int, ok bool) {
	p := &fastParser{}
	if !p.split(data) || len(p.lines) == 0 || p.lines[0].indent != 0 {
		return nil, 0, false
	}
	root, ok := p.node(0)
	if !ok || p.i != len(p.lines) || root.Kind != yaml.MappingNode {
		return nil, 0, false
	}
	return &yaml.Node{Kind: yaml.DocumentNode, Line: root.Line, Column: root.Column, Content: []*yaml.Node{root}}, p.nodes + 1, true
}

// maxFastDepth bounds the nesting the fast parser follows; deeper files
// go to yaml.v3, which has its own limit.
const maxFastDepth = 64

type fastLine struct {
	num    int    // line number, from 1
	indent int    // byte offset of text in the line (spaces only before it)
	line   string // the whole line, for columns
	text   string // the line from indent on
	ascii  bool   // line has no multi-byte character: a column is an offset (a long flow line costs no more than its length)
}

type fastParser struct {
	lines []fastLine // the lines with content: not blank, not only a comment
	i     int        // the next line to parse
	slab  []yaml.Node
	nodes int // nodes made by new
}

// new returns a node from a slab: one allocation per 256 nodes at first,
// the slabs doubling up to 4,096 nodes (a 2 MB policy has 200,000).
func (p *fastParser) new(n yaml.Node) *yaml.Node {
	p.nodes++
	if len(p.slab) == cap(p.slab) {
		p.slab = make([]yaml.Node, 0, min(max(256, 2*cap(p.slab)), 4096))
	}
	p.slab = append(p.slab, n)
	return &p.slab[len(p.slab)-1]
}

// split cuts data into lines, keeping those with content, and declines
// characters this parser leaves to yaml.v3.
func (p *fastParser) split(data []byte) bool {
	s := string(data)
	p.lines = make([]fastLine, 0, strings.Count(s, "\n")+1)
	for num := 1; len(s) > 0; num++ {
		line, rest, _ := strings.Cut(s, "\n")
		s = rest
		indent := 0
		for indent < len(line) && line[indent] == ' ' {
			indent++
		}
		for i := 0; i < len(line); i++ {
			c := line[i]
			if c < 0x20 || c == 0x7f {
				return false // tab, CR and other controls
			}
			if c >= utf8.RuneSelf {
				r, size := utf8.DecodeRuneInString(line[i:])
				if r == utf8.RuneError && size == 1 || !printable(r) {
					return false
				}
				i += size - 1
			}
		}
		text := line[indent:]
		if text == "" || text[0] == '#' {
			continue
		}
		if indent == 0 && (strings.HasPrefix(text, "---") || strings.HasPrefix(text, "...") || text[0] == '%') {
			return false // document markers and directives
		}
		p.lines = append(p.lines, fastLine{num: num, indent: indent, line: line, text: text, ascii: isASCII(line)})
	}
	return true
}

// printable is YAML's set of printable non-ASCII characters, less the BOM
// and the characters yaml.v3 reads as line breaks (U+0085, U+2028, U+2029).
func printable(r rune) bool {
	return (r >= 0xa0 && r <= 0xd7ff && r != 0x2028 && r != 0x2029) || (r >= 0xe000 && r <= 0xfffd && r != 0xfeff) || (r >= 0x10000 && r <= 0x10ffff)
}

// node parses the block node that starts at the current line.
func (p *fastParser) node(depth int) (*yaml.Node, bool) {
	if depth > maxFastDepth || p.i >= len(p.lines) {
		return nil, false
	}
	l := p.lines[p.i]
	if isSeqEntry(l.text) {
		return p.sequence(l.indent, depth)
	}
	if _, _, ok := splitKey(l.text); ok {
		return p.mapping(l.indent, depth)
	}
	return nil, false
}

func isSeqEntry(text string) bool { return text == "-" || strings.HasPrefix(text, "- ") }

// splitKey splits "key: value" into its plain key and the value ("" for
// none: the value is on the next lines).
func splitKey(text string) (key, rest string, ok bool) {
	i := strings.Index(text, ": ")
	if i < 0 {
		if !strings.HasSuffix(text, ":") {
			return "", "", false
		}
		i = len(text) - 1
	}
	key = text[:i]
	if key == "" || len(key) > 1000 || isIndicator(key[0]) || strings.Contains(key, " #") || strings.HasSuffix(key, " ") || strings.Contains(key, ":") {
		return "", "", false
	}
	rest = strings.TrimLeft(text[i+1:], " ")
	if strings.HasPrefix(rest, "#") {
		rest = ""
	}
	return key, rest, true
}

// isIndicator reports whether a plain scalar may not start with c.
func isIndicator(c byte) bool { return strings.IndexByte("-?:,[]{}#&*!|>'\"%@`", c) >= 0 }

// column is the 1-based column, in characters as yaml.v3 counts, of the
// byte offset off of the line.
func (l fastLine) column(off int) int {
	if l.ascii {
		return off + 1
	}
	return utf8.RuneCountInString(l.line[:off]) + 1
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// mapping parses a block mapping whose keys are at indent n.
func (p *fastParser) mapping(n, depth int) (*yaml.Node, bool) {
	first := p.lines[p.i]
	m := p.new(yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: first.num, Column: first.column(n)})
	for p.i < len(p.lines) {
		l := p.lines[p.i]
		if l.indent < n {
			break
		}
		key, rest, ok := splitKey(l.text)
		if l.indent > n || !ok {
			return nil, false
		}
		k, ok := p.plainNode(key, l.num, l.column(n))
		if !ok {
			return nil, false
		}
		var v *yaml.Node
		if rest == "" {
			p.i++
			if p.i == len(p.lines) || p.lines[p.i].indent < n || (p.lines[p.i].indent == n && !isSeqEntry(p.lines[p.i].text)) {
				return nil, false // an empty value
			}
			if v, ok = p.node(depth + 1); !ok {
				return nil, false
			}
		} else {
			if v, ok = p.inline(l, len(l.line)-len(rest)); !ok {
				return nil, false
			}
			p.i++
			if p.i < len(p.lines) && p.lines[p.i].indent > n {
				return nil, false // a continuation line
			}
		}
		m.Content = append(m.Content, k, v)
	}
	return m, true
}

// sequence parses a block sequence whose dashes are at indent n.
func (p *fastParser) sequence(n, depth int) (*yaml.Node, bool) {
	first := p.lines[p.i]
	s := p.new(yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: first.num, Column: first.column(n)})
	for p.i < len(p.lines) {
		l := p.lines[p.i]
		if l.indent < n || (l.indent == n && !isSeqEntry(l.text)) {
			break
		}
		if l.indent > n {
			return nil, false
		}
		rest := strings.TrimLeft(l.text[1:], " ")
		off := len(l.line) - len(rest)
		var v *yaml.Node
		var ok bool
		switch _, _, key := splitKey(rest); {
		case rest == "" || rest[0] == '#':
			p.i++
			if p.i == len(p.lines) || p.lines[p.i].indent <= n {
				return nil, false // an empty entry
			}
			v, ok = p.node(depth + 1)
		case isSeqEntry(rest) || key:
			// The entry is a block node that starts on this line: parse
			// the rest of the line as a line of its own, indented to it.
			p.lines[p.i] = fastLine{num: l.num, indent: off, line: l.line, text: rest, ascii: l.ascii}
			v, ok = p.node(depth + 1)
		default:
			if v, ok = p.inline(l, off); ok {
				p.i++
				if p.i < len(p.lines) && p.lines[p.i].indent > n {
					return nil, false // a continuation line
				}
			}
		}
		if !ok {
			return nil, false
		}
		s.Content = append(s.Content, v)
	}
	return s, true
}
