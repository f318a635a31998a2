package infer

import (
	"fmt"
	"slices"
	"strings"
)

// tnode is one line of an indented lockfile: a key, a scalar value (raw
// for flow collections) and the lines indented under it.
type tnode struct {
	key, value string
	kids       []*tnode
	line       int
	start, end int    // byte span of the node's lines in the input
	src        string // the root's: the whole input
}

// child returns the kid with key k, or nil.
func (n *tnode) child(k string) *tnode {
	if n == nil {
		return nil
	}
	for _, c := range n.kids {
		if c.key == k {
			return c
		}
	}
	return nil
}

// text is the node's subtree as canonical text, for comparing content,
// without the kids named in except.
func (n *tnode) text(except ...string) string {
	var b strings.Builder
	var walk func(*tnode, int)
	walk = func(n *tnode, depth int) {
		for _, c := range n.kids {
			if depth == 0 && slices.Contains(except, c.key) {
				continue
			}
			b.WriteString(strings.Repeat(" ", depth))
			b.WriteString(c.key)
			b.WriteString("=")
			b.WriteString(c.value)
			b.WriteString("\n")
			walk(c, depth+1)
		}
	}
	walk(n, 0)
	return b.String()
}

// raw is the node's lines as written (root is the tree's root).
func (n *tnode) raw(root *tnode) string { return root.src[n.start:n.end] }

// maxTreeDepth bounds nesting: lockfiles have a handful of levels.
const maxTreeDepth = 64

// parseTree reads the indented block structure that pnpm-lock.yaml, yarn
// berry's yarn.lock (both YAML written by their tools in block style) and
// yarn v1's yarn.lock share: "key: value" lines (YAML) or "key value"
// lines (v1, colon=false), a key alone ending in ':' opening a block of
// more indented lines. Keys and values may be single- or double-quoted;
// flow values ({...}, [...]) stay raw text, which is all a comparison
// needs. yaml.v3 reads a 50,000-entry pnpm-lock.yaml in about a second;
// this reader takes a few tens of milliseconds. Tabs in the indentation
// and lines indented under a scalar are errors: the caller then selects
// everything, never guesses.
func parseTree(name string, data []byte, colon bool) (*tnode, error) {
	root := &tnode{}
	type frame struct {
		n      *tnode
		indent int
	}
	stack := []frame{{root, -1}}
	s := string(data)
	root.src = s
	var slab []tnode
	off := 0
	for num := 1; len(s) > 0; num++ {
		var line string
		start := off
		line, s, _ = strings.Cut(s, "\n")
		off = len(data) - len(s)
		line = strings.TrimSuffix(line, "\r")
		indent := 0
		for indent < len(line) && line[indent] == ' ' {
			indent++
		}
		text := line[indent:]
		if text == "" || text[0] == '#' {
			continue
		}
		if text[0] == '\t' {
			return nil, errorf(name, num, "tab in indentation")
		}
		if num == 1 && strings.HasPrefix(text, "---") {
			continue
		}
		for len(stack) > 1 && stack[len(stack)-1].indent >= indent {
			stack = stack[:len(stack)-1]
		}
		parent := stack[len(stack)-1].n
		if parent != root && parent.value != "" {
			return nil, errorf(name, num, "line indented under a value")
		}
		if len(stack) > maxTreeDepth {
			return nil, errorf(name, num, "nested deeper than %d levels", maxTreeDepth)
		}
		key, value, err := splitLine(text, colon)
		if err != nil {
			return nil, errorf(name, num, "%v", err)
		}
		if len(slab) == cap(slab) {
			slab = make([]tnode, 0, min(1024, 2*cap(slab)+8)) // blocks, growing from small
		}
		slab = append(slab, tnode{key: key, value: value, line: num, start: start, end: off})
		n := &slab[len(slab)-1]
		parent.kids = append(parent.kids, n)
		for _, f := range stack {
			f.n.end = off
		}
		stack = append(stack, frame{n, indent})
	}
	return root, nil
}

// splitLine cuts one line into key and value.
func splitLine(text string, colon bool) (string, string, error) {
	if strings.HasPrefix(text, "- ") || text == "-" {
		return "-", strings.TrimSpace(strings.TrimPrefix(text, "-")), nil
	}
	var key, rest string
	if text[0] == '"' || text[0] == '\'' {
		k, n, err := unquote(text)
		if err != nil {
			return "", "", err
		}
		key, rest = k, text[n:]
		if colon || strings.HasSuffix(rest, ":") && !strings.Contains(rest, " ") {
			// YAML "key: value", or a v1 header: `"a@1", b@2:`
			if colon {
				if !strings.HasPrefix(rest, ":") {
					return "", "", fmt.Errorf("want ':' after the key")
				}
				rest = strings.TrimPrefix(rest, ":")
			}
		}
	} else if colon {
		i := strings.Index(text, ": ")
		if i < 0 {
			if !strings.HasSuffix(text, ":") {
				return "", "", fmt.Errorf("want key: value")
			}
			i = len(text) - 1
		}
		key, rest = text[:i], text[i+1:]
	} else {
		i := strings.IndexByte(text, ' ')
		if i < 0 {
			i = len(text)
		}
		key, rest = text[:i], text[i:]
	}
	if !colon && strings.HasSuffix(text, ":") {
		// a v1 block header: the whole line less the colon is the key
		return strings.TrimSuffix(text, ":"), "", nil
	}
	rest = strings.TrimSpace(rest)
	if i := strings.Index(rest, " #"); i >= 0 && rest[0] != '"' && rest[0] != '\'' {
		rest = strings.TrimSpace(rest[:i])
	}
	if rest != "" && (rest[0] == '"' || rest[0] == '\'') {
		v, n, err := unquote(rest)
		if err == nil && strings.TrimSpace(rest[n:]) == "" {
			rest = v
		}
	}
	return key, rest, nil
}

// unquote reads a quoted scalar at the start of s: its value and length.
func unquote(s string) (string, int, error) {
	q := s[0]
	if i := strings.IndexByte(s[1:], q); i >= 0 && !strings.Contains(s[1:1+i], `\`) && (q != '\'' || i+2 >= len(s) || s[i+2] != '\'') {
		return s[1 : 1+i], i + 2, nil // no escape: a substring
	}
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch {
		case c == q && q == '\'' && i+1 < len(s) && s[i+1] == '\'':
			b.WriteByte('\'')
			i++
		case c == q:
			return b.String(), i + 1, nil
		case c == '\\' && q == '"' && i+1 < len(s):
			i++
			b.WriteByte(s[i])
		default:
			b.WriteByte(c)
		}
	}
	return "", 0, fmt.Errorf("unterminated quote")
}
