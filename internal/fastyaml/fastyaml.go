// Package fastyaml is the fast path in front of yaml.v3 for policy files.
// Both paths give the same compact tree, Node: Parse builds it from a file
// in the plain block style policy files use and declines anything else,
// which the caller gives to yaml.v3 and turns into a Node with FromYAML.
//
//	root, nodes, ok := fastyaml.ParseCount(data)
//	if !ok {
//		err = yaml.Unmarshal(data, &doc) // errors are always yaml.v3's
//		root, nodes = fastyaml.FromYAML(&doc)
//	}
package fastyaml

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Node is a YAML node as the policy loader reads it: what a yaml.Node
// holds less its style, anchors and comments, with the tag resolved
// (ShortTag), and the children of a node in one slice of values (a block
// shared with its siblings' children), so that a tree of 300,000 nodes
// is a few hundred allocations instead of 600,000.
type Node struct {
	Kind    yaml.Kind // MappingNode (keys and values in turn), SequenceNode, ScalarNode or AliasNode; never DocumentNode
	Tag     string    // the short tag: "!!str", "!!int", "!!map", ...
	Value   string    // a scalar's value; an alias's anchor name
	Line    int
	Column  int
	Content []Node
	yaml    *yaml.Node // FromYAML's source node, whose scalar yaml.v3 decodes; nil from Parse
}

// Scalar is the value yaml.v3 decodes the scalar n into, as an any: a
// string, an int, a bool or nil from Parse's tags, anything yaml.v3
// gives from FromYAML's.
func (n *Node) Scalar() (any, error) {
	if n.yaml != nil {
		var v any
		err := n.yaml.Decode(&v)
		return v, err
	}
	switch n.Tag {
	case "!!str":
		return n.Value, nil
	case "!!int":
		return strconv.Atoi(n.Value) // plainInt: a decimal int64, which yaml.v3 gives as an int
	case "!!bool":
		return n.Value[0] == 't' || n.Value[0] == 'T', nil
	case "!!null":
		return nil, nil
	}
	return nil, fmt.Errorf("fastyaml: no scalar of tag %s", n.Tag) // Parse makes no other tag
}

// FromYAML is the Node tree of a document yaml.v3 parsed, nil when it is
// empty, and the number of its nodes, the document node included (aliases
// are kept as AliasNode nodes, never followed).
func FromYAML(doc *yaml.Node) (root *Node, nodes int) {
	b := &builder{}
	nodes = 1
	var conv func(n *yaml.Node) Node
	conv = func(n *yaml.Node) Node {
		nodes++
		out := Node{Kind: n.Kind, Tag: n.ShortTag(), Value: n.Value, Line: n.Line, Column: n.Column, yaml: n}
		start := len(b.stack)
		for _, c := range n.Content {
			b.stack = append(b.stack, conv(c))
		}
		b.finish(&out, start)
		return out
	}
	if doc.Kind != yaml.DocumentNode {
		r := conv(doc)
		return &r, nodes - 1
	}
	if len(doc.Content) == 0 {
		return nil, nodes
	}
	r := conv(doc.Content[0])
	return &r, nodes
}

// builder lays out children: a node's children are pushed on stack while
// they are parsed (theirs above them), then moved into a block of chunk
// at once, as the node's Content.
type builder struct {
	stack []Node
	chunk []Node
}

// finish moves the nodes pushed since start into n.Content.
func (b *builder) finish(n *Node, start int) {
	kids := b.stack[start:]
	if len(kids) == 0 {
		return
	}
	if len(kids) > cap(b.chunk)-len(b.chunk) {
		// blocks of 256 nodes at first, doubling up to 4,096 (a 2 MB
		// policy has 300,000 nodes), or a whole long list
		b.chunk = make([]Node, 0, max(len(kids), min(max(256, 2*cap(b.chunk)), 4096)))
	}
	at := len(b.chunk)
	b.chunk = append(b.chunk, kids...)
	n.Content = b.chunk[at:len(b.chunk):len(b.chunk)]
	clear(kids)
	b.stack = b.stack[:start]
}

// Parse builds the tree of a policy file written in the plain block style
// that policy files use — block mappings and sequences, one-line plain,
// single- and double-quoted scalars, one-line flow sequences and
// mappings, comments — and declines (ok false) anything else: tabs, CR,
// anchors, aliases, tags, block scalars, multi-line scalars and flows,
// escapes, empty values, directives, several documents, plain scalars
// whose type yaml.v3 resolves by more than a lookup (numbers other than
// plain decimal integers, timestamps, merge keys). A declined file is
// parsed by yaml.v3, so errors are always yaml.v3's.
//
// yaml.v3 costs about 70 µs per kilobyte, the largest part of a run on a
// small change (0.8 ms of a 10 KB gates.yaml, against 2 ms for git's whole
// diff) and 35 ms on a 2,000-service policy. This parser is about twenty
// times faster. Where it accepts a file, the tree is FromYAML's of
// yaml.v3's field by field (kind, tag, value, line, column, and each
// scalar's decoded value): FuzzParseFast and TestParseFastAgrees compare
// the two. The root is the document's top-level mapping.
func Parse(data []byte) (root *Node, ok bool) {
	root, _, ok = ParseCount(data)
	return root, ok
}

// ParseCount is Parse that also returns the number of nodes in the tree,
// the document node included. The tree holds no alias node (the fast path
// declines anchors and aliases), so a caller that walks a yaml.v3 tree to
// count its nodes and find aliases need not walk this one.
func ParseCount(data []byte) (root *Node, nodes int, ok bool) {
	p := &fastParser{}
	if !p.split(data) || len(p.lines) == 0 || p.lines[0].indent != 0 {
		return nil, 0, false
	}
	r, ok := p.node(0)
	if !ok || p.i != len(p.lines) || r.Kind != yaml.MappingNode {
		return nil, 0, false
	}
	return &r, p.nodes + 1, true
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
	builder
	nodes int // nodes made
}

// push adds a finished node to the children of the node being parsed.
func (p *fastParser) push(n Node) { p.stack = append(p.stack, n) }

// made counts a node the parser makes.
func (p *fastParser) made(n Node) Node {
	p.nodes++
	return n
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
func (p *fastParser) node(depth int) (Node, bool) {
	if depth > maxFastDepth || p.i >= len(p.lines) {
		return Node{}, false
	}
	l := p.lines[p.i]
	if isSeqEntry(l.text) {
		return p.sequence(l.indent, depth)
	}
	if _, _, ok := splitKey(l.text); ok {
		return p.mapping(l.indent, depth)
	}
	return Node{}, false
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
func (p *fastParser) mapping(n, depth int) (Node, bool) {
	first := p.lines[p.i]
	m := p.made(Node{Kind: yaml.MappingNode, Tag: "!!map", Line: first.num, Column: first.column(n)})
	start := len(p.stack)
	for p.i < len(p.lines) {
		l := p.lines[p.i]
		if l.indent < n {
			break
		}
		key, rest, ok := splitKey(l.text)
		if l.indent > n || !ok {
			return Node{}, false
		}
		k, ok := p.plainNode(key, l.num, l.column(n))
		if !ok {
			return Node{}, false
		}
		p.push(k)
		var v Node
		if rest == "" {
			p.i++
			if p.i == len(p.lines) || p.lines[p.i].indent < n || (p.lines[p.i].indent == n && !isSeqEntry(p.lines[p.i].text)) {
				return Node{}, false // an empty value
			}
			if v, ok = p.node(depth + 1); !ok {
				return Node{}, false
			}
		} else {
			if v, ok = p.inline(l, len(l.line)-len(rest)); !ok {
				return Node{}, false
			}
			p.i++
			if p.i < len(p.lines) && p.lines[p.i].indent > n {
				return Node{}, false // a continuation line
			}
		}
		p.push(v)
	}
	p.finish(&m, start)
	return m, true
}

// sequence parses a block sequence whose dashes are at indent n.
func (p *fastParser) sequence(n, depth int) (Node, bool) {
	first := p.lines[p.i]
	s := p.made(Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: first.num, Column: first.column(n)})
	start := len(p.stack)
	for p.i < len(p.lines) {
		l := p.lines[p.i]
		if l.indent < n || (l.indent == n && !isSeqEntry(l.text)) {
			break
		}
		if l.indent > n {
			return Node{}, false
		}
		rest := strings.TrimLeft(l.text[1:], " ")
		off := len(l.line) - len(rest)
		var v Node
		var ok bool
		switch _, _, key := splitKey(rest); {
		case rest == "" || rest[0] == '#':
			p.i++
			if p.i == len(p.lines) || p.lines[p.i].indent <= n {
				return Node{}, false // an empty entry
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
					return Node{}, false // a continuation line
				}
			}
		}
		if !ok {
			return Node{}, false
		}
		p.push(v)
	}
	p.finish(&s, start)
	return s, true
}
