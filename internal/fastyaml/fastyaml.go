// Package fastyaml is the fast path in front of yaml.v3 for policy files.
// Both paths give the same compact tree, a Tree of Nodes: Parse builds it
// from a file in the plain block style policy files use and declines
// anything else, which the caller gives to yaml.v3 and turns into a Tree
// with FromYAML.
//
//	t, nodes, ok := fastyaml.ParseCount(data)
//	if !ok {
//		err = yaml.Unmarshal(data, &doc) // errors are always yaml.v3's
//		t, nodes = fastyaml.FromYAML(&doc, limit, nil)
//	}
//	root := t.Root()
package fastyaml

import (
	"fmt"
	"iter"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Tree is a YAML document as the policy loader reads it: its nodes in
// document order, each followed by its subtree, in one slice of values
// without pointers (a tree of 300,000 nodes is one allocation, which the
// garbage collector does not scan). What a yaml.Node holds less its
// style, anchors and comments, with the tag resolved (ShortTag).
type Tree struct {
	text  string       // Parse's input: values are slices of it
	nodes []Node       // in document order
	strs  []string     // values that are not slices of text
	src   []*yaml.Node // FromYAML: the yaml.v3 node of each node, by index
}

// Node is a node of a Tree; the tree tells its value, tag and children.
type Node struct {
	Kind   yaml.Kind // MappingNode (keys and values in turn), SequenceNode, ScalarNode or AliasNode; never DocumentNode
	Line   int32
	Column int32
	tag    uint8
	val    int32 // the value is text[val:val+vlen], or strs[val] when vlen < 0
	vlen   int32
	idx    int32 // the node's index in the tree
	end    int32 // the index after its subtree: its next sibling's
	kids   int32 // its number of children
}

// tags are the short tags of tag codes; tagOther is FromYAML's for any
// other tag, which its source node tells.
var tags = [...]string{"!!str", "!!int", "!!bool", "!!null", "!!float", "!!map", "!!seq", "!!merge", "!!timestamp", "!!binary"}

const (
	tagStr uint8 = iota
	tagInt
	tagBool
	tagNull
	_
	tagMap
	tagSeq
	tagOther uint8 = 0xff
)

// Root is the document's top-level node, nil for an empty document.
func (t *Tree) Root() *Node {
	if t == nil || len(t.nodes) == 0 {
		return nil
	}
	return &t.nodes[0]
}

// Value is a scalar's value, an alias's anchor name, "" for a collection.
func (t *Tree) Value(n *Node) string {
	if n.vlen < 0 {
		return t.strs[n.val]
	}
	return t.text[n.val : n.val+n.vlen]
}

// Tag is n's short tag: "!!str", "!!int", "!!map", ...
func (t *Tree) Tag(n *Node) string {
	if n.tag == tagOther {
		return t.src[n.idx].ShortTag()
	}
	return tags[n.tag]
}

// Len is n's number of children.
func (n *Node) Len() int { return int(n.kids) }

// Content is n's children in order, with their indexes (for a mapping,
// keys at even indexes, each followed by its value).
func (t *Tree) Content(n *Node) iter.Seq2[int, *Node] {
	return func(yield func(int, *Node) bool) {
		for i, c := int32(0), n.idx+1; i < n.kids; i, c = i+1, t.nodes[c].end {
			if !yield(int(i), &t.nodes[c]) {
				return
			}
		}
	}
}

// Pairs is a mapping's keys, each with its value.
func (t *Tree) Pairs(n *Node) iter.Seq2[*Node, *Node] {
	return func(yield func(*Node, *Node) bool) {
		for i, c := int32(0), n.idx+1; i+1 < n.kids; i += 2 {
			k := &t.nodes[c]
			v := &t.nodes[k.end]
			if !yield(k, v) {
				return
			}
			c = v.end
		}
	}
}

// Scalar is the value yaml.v3 decodes the scalar n into, as an any: a
// string, an int, a bool or nil from Parse's tags, anything yaml.v3
// gives from FromYAML's.
func (t *Tree) Scalar(n *Node) (any, error) {
	if t.src != nil {
		var v any
		err := t.src[n.idx].Decode(&v)
		return v, err
	}
	switch n.tag {
	case tagStr:
		return t.Value(n), nil
	case tagInt:
		return strconv.Atoi(t.Value(n)) // plainInt: a decimal int64, which yaml.v3 gives as an int
	case tagBool:
		v := t.Value(n)
		return v[0] == 't' || v[0] == 'T', nil
	case tagNull:
		return nil, nil
	}
	return nil, fmt.Errorf("fastyaml: no scalar of tag %s", t.Tag(n)) // Parse makes no other tag
}

// open appends a node, its subtree to follow, and returns its index.
func (t *Tree) open(n Node) int32 {
	n.idx = int32(len(t.nodes))
	t.nodes = append(t.nodes, n)
	return n.idx
}

// close ends the subtree of the node at i, of kids children.
func (t *Tree) close(i int32, kids int) {
	t.nodes[i].end, t.nodes[i].kids = int32(len(t.nodes)), int32(kids)
}

// FromYAML is the Tree of a document yaml.v3 parsed and the number of its
// nodes, the document node included, in one walk. Aliases are kept as
// AliasNode nodes, never followed, and each is passed to alias (when not
// nil) as the walk meets it. Past limit nodes they are only counted, and
// the tree is nil.
func FromYAML(doc *yaml.Node, limit int, alias func(*yaml.Node)) (t *Tree, nodes int) {
	t = &Tree{}
	var conv func(n *yaml.Node)
	conv = func(n *yaml.Node) {
		nodes++
		if n.Kind == yaml.AliasNode && alias != nil {
			alias(n)
		}
		i := int32(-1)
		if nodes <= limit {
			tag, short := tagOther, n.ShortTag()
			for c, name := range tags {
				if name == short {
					tag = uint8(c)
					break
				}
			}
			i = t.open(Node{Kind: n.Kind, Line: int32(n.Line), Column: int32(n.Column), tag: tag, val: int32(len(t.strs)), vlen: -1})
			t.strs = append(t.strs, n.Value)
			t.src = append(t.src, n)
		}
		for _, c := range n.Content {
			conv(c)
		}
		if i >= 0 {
			t.close(i, len(n.Content))
		}
	}
	switch {
	case doc.Kind != yaml.DocumentNode:
		conv(doc)
	case len(doc.Content) > 0:
		nodes++
		conv(doc.Content[0])
	default:
		nodes++
	}
	if nodes > limit {
		return nil, nodes
	}
	return t, nodes
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
// yaml.v3's node by node (kind, tag, value, line, column, and each
// scalar's decoded value): FuzzParseFast and TestParseFastAgrees compare
// the two. The root is the document's top-level mapping.
func Parse(data []byte) (t *Tree, ok bool) {
	t, _, ok = ParseCount(data)
	return t, ok
}

// ParseCount is Parse that also returns the number of nodes in the tree,
// the document node included. The tree holds no alias node (the fast path
// declines anchors and aliases), so a caller that walks a yaml.v3 tree to
// count its nodes and find aliases need not walk this one.
func ParseCount(data []byte) (t *Tree, nodes int, ok bool) {
	p := &fastParser{}
	if !p.split(data) || len(p.lines) == 0 || p.lines[0].indent != 0 {
		return nil, 0, false
	}
	// a policy file has three to four nodes a line
	p.t.nodes = make([]Node, 0, 4*len(p.lines)+1)
	if !p.node(0) || p.i != len(p.lines) || p.t.nodes[0].Kind != yaml.MappingNode {
		return nil, 0, false
	}
	return &p.t, len(p.t.nodes) + 1, true
}

// maxFastDepth bounds the nesting the fast parser follows; deeper files
// go to yaml.v3, which has its own limit.
const maxFastDepth = 64

type fastLine struct {
	num    int    // line number, from 1
	indent int    // byte offset of text in the line (spaces only before it)
	start  int    // byte offset of the line in the text
	line   string // the whole line, for columns
	ascii  bool   // line has no multi-byte character: a column is an offset (a long flow line costs no more than its length)
}

type fastParser struct {
	lines []fastLine // the lines with content: not blank, not only a comment
	i     int        // the next line to parse
	t     Tree
}

// split cuts data into lines, keeping those with content, and declines
// characters this parser leaves to yaml.v3.
func (p *fastParser) split(data []byte) bool {
	s := string(data)
	p.t.text = s
	p.lines = make([]fastLine, 0, strings.Count(s, "\n")+1)
	for num, start := 1, 0; len(s) > 0; num++ {
		line, rest, _ := strings.Cut(s, "\n")
		s = rest
		lineStart := start
		start += len(line) + 1
		indent := 0
		for indent < len(line) && line[indent] == ' ' {
			indent++
		}
		ascii := true
		for i := 0; i < len(line); i++ {
			c := line[i]
			if c < 0x20 || c == 0x7f {
				return false // tab, CR and other controls
			}
			if c >= utf8.RuneSelf {
				ascii = false
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
		p.lines = append(p.lines, fastLine{num: num, indent: indent, start: lineStart, line: line, ascii: ascii})
	}
	return true
}

// printable is YAML's set of printable non-ASCII characters, less the BOM
// and the characters yaml.v3 reads as line breaks (U+0085, U+2028, U+2029).
func printable(r rune) bool {
	return (r >= 0xa0 && r <= 0xd7ff && r != 0x2028 && r != 0x2029) || (r >= 0xe000 && r <= 0xfffd && r != 0xfeff) || (r >= 0x10000 && r <= 0x10ffff)
}

// node parses the block node that starts at the current line.
func (p *fastParser) node(depth int) bool {
	if depth > maxFastDepth || p.i >= len(p.lines) {
		return false
	}
	l := p.lines[p.i]
	if isSeqEntry(l.text()) {
		return p.sequence(l.indent, depth)
	}
	if _, _, ok := splitKey(l.text()); ok {
		return p.mapping(l.indent, depth)
	}
	return false
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

// text is the line from indent on.
func (l fastLine) text() string { return l.line[l.indent:] }

// mapping parses a block mapping whose keys are at indent n.
func (p *fastParser) mapping(n, depth int) bool {
	first := p.lines[p.i]
	m := p.t.open(Node{Kind: yaml.MappingNode, tag: tagMap, Line: int32(first.num), Column: int32(first.column(n))})
	kids := 0
	for p.i < len(p.lines) {
		l := p.lines[p.i]
		if l.indent < n {
			break
		}
		key, rest, ok := splitKey(l.text())
		if l.indent > n || !ok || !p.plainNode(key, l.start+n, l.num, l.column(n)) {
			return false
		}
		if rest == "" {
			p.i++
			if p.i == len(p.lines) || p.lines[p.i].indent < n || (p.lines[p.i].indent == n && !isSeqEntry(p.lines[p.i].text())) {
				return false // an empty value
			}
			if !p.node(depth + 1) {
				return false
			}
		} else {
			if !p.inline(l, len(l.line)-len(rest)) {
				return false
			}
			p.i++
			if p.i < len(p.lines) && p.lines[p.i].indent > n {
				return false // a continuation line
			}
		}
		kids += 2
	}
	p.t.close(m, kids)
	return true
}

// sequence parses a block sequence whose dashes are at indent n.
func (p *fastParser) sequence(n, depth int) bool {
	first := p.lines[p.i]
	s := p.t.open(Node{Kind: yaml.SequenceNode, tag: tagSeq, Line: int32(first.num), Column: int32(first.column(n))})
	kids := 0
	for p.i < len(p.lines) {
		l := p.lines[p.i]
		if l.indent < n || (l.indent == n && !isSeqEntry(l.text())) {
			break
		}
		if l.indent > n {
			return false
		}
		rest := strings.TrimLeft(l.text()[1:], " ")
		off := len(l.line) - len(rest)
		var ok bool
		switch _, _, key := splitKey(rest); {
		case rest == "" || rest[0] == '#':
			p.i++
			if p.i == len(p.lines) || p.lines[p.i].indent <= n {
				return false // an empty entry
			}
			ok = p.node(depth + 1)
		case isSeqEntry(rest) || key:
			// The entry is a block node that starts on this line: parse
			// the rest of the line as a line of its own, indented to it.
			p.lines[p.i] = fastLine{num: l.num, indent: off, start: l.start, line: l.line, ascii: l.ascii} // its text is rest
			ok = p.node(depth + 1)
		default:
			if ok = p.inline(l, off); ok {
				p.i++
				if p.i < len(p.lines) && p.lines[p.i].indent > n {
					return false // a continuation line
				}
			}
		}
		if !ok {
			return false
		}
		kids++
	}
	p.t.close(s, kids)
	return true
}
