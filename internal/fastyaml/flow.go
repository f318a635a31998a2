package fastyaml

import (
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// inline parses the one-line value at byte offset off of l: a flow
// collection or a scalar, then nothing but blanks and a comment.
func (p *fastParser) inline(l fastLine, off int) bool {
	text := l.line[off:]
	switch text[0] {
	case '[', '{', '"', '\'':
		end, ok := p.flowValue(l, off, 0)
		return ok && onlyComment(l.line[end:])
	}
	if isIndicator(text[0]) {
		return false
	}
	value := text
	if i := strings.Index(value, " #"); i >= 0 {
		value = value[:i]
	}
	value = strings.TrimRight(value, " ")
	if strings.Contains(value, ": ") || strings.HasSuffix(value, ":") {
		return false // a mapping where yaml.v3 reports an error
	}
	return p.plainNode(value, l.start+off, l.num, l.column(off))
}

// onlyComment reports whether s is blanks, then nothing or a comment.
func onlyComment(s string) bool {
	t := strings.TrimLeft(s, " ")
	return t == "" || (t[0] == '#' && len(t) < len(s))
}

// scalar adds a string scalar whose value is the text at off.
func (p *fastParser) scalar(tag uint8, off, n int, line, col int) {
	i := p.t.open(Node{Kind: yaml.ScalarNode, tag: tag, val: int32(off), vlen: int32(n), Line: int32(line), Column: int32(col)})
	p.t.close(i, 0)
}

// flowValue parses the flow node or quoted scalar at byte offset off of
// l.line and returns the offset after it.
func (p *fastParser) flowValue(l fastLine, off, depth int) (int, bool) {
	s := l.line
	if depth > maxFastDepth || off >= len(s) {
		return 0, false
	}
	switch s[off] {
	case '"':
		end := strings.IndexByte(s[off+1:], '"')
		if end < 0 || strings.IndexByte(s[off+1:off+1+end], '\\') >= 0 {
			return 0, false // multi-line or escapes
		}
		p.scalar(tagStr, l.start+off+1, end, l.num, l.column(off))
		return off + end + 2, true
	case '\'':
		var b strings.Builder
		for i := off + 1; i < len(s); i++ {
			if s[i] != '\'' {
				b.WriteByte(s[i])
				continue
			}
			if i+1 < len(s) && s[i+1] == '\'' {
				b.WriteByte('\'')
				i++
				continue
			}
			if b.Len() == i-off-1 {
				p.scalar(tagStr, l.start+off+1, b.Len(), l.num, l.column(off)) // no '' in it: the text itself
			} else {
				n := p.t.open(Node{Kind: yaml.ScalarNode, tag: tagStr, val: int32(len(p.t.strs)), vlen: -1, Line: int32(l.num), Column: int32(l.column(off))})
				p.t.strs = append(p.t.strs, b.String())
				p.t.close(n, 0)
			}
			return i + 1, true
		}
		return 0, false
	case '[', '{':
		return p.flowCollection(l, off, depth)
	}
	return 0, false
}

// flowCollection parses [a, b] or {k: v, …}, on one line.
func (p *fastParser) flowCollection(l fastLine, off, depth int) (int, bool) {
	s := l.line
	isMap := s[off] == '{'
	node := Node{Kind: yaml.SequenceNode, tag: tagSeq, Line: int32(l.num), Column: int32(l.column(off))}
	closing := byte(']')
	if isMap {
		node.Kind, node.tag, closing = yaml.MappingNode, tagMap, '}'
	}
	n := p.t.open(node)
	kids := 0
	i := skipBlanks(s, off+1)
	if i < len(s) && s[i] == closing {
		p.t.close(n, 0)
		return i + 1, true
	}
	for {
		if isMap {
			next, ok := p.flowItem(l, i, depth, true)
			// yaml.v3 takes a key only if its ":" is within 1024
			// characters of the key's start; 1000 bytes is within that.
			if !ok || next+1 >= len(s) || s[next] != ':' || s[next+1] != ' ' || next-i > 1000 {
				return 0, false
			}
			kids++
			i = skipBlanks(s, next+1)
		}
		next, ok := p.flowItem(l, i, depth, false)
		if !ok {
			return 0, false
		}
		kids++
		i = skipBlanks(s, next)
		switch {
		case i < len(s) && s[i] == closing:
			p.t.close(n, kids)
			return i + 1, true
		case i < len(s) && s[i] == ',':
			i = skipBlanks(s, i+1)
			if i < len(s) && s[i] == closing {
				p.t.close(n, kids)
				return i + 1, true // a trailing comma
			}
			if i >= len(s) || s[i] == ',' {
				return 0, false // an empty entry
			}
		default:
			return 0, false
		}
	}
}

func skipBlanks(s string, i int) int {
	for i < len(s) && s[i] == ' ' {
		i++
	}
	return i
}

// flowItem parses an entry of a flow collection (a key when key is true):
// a nested flow, a quoted scalar or a plain scalar that stops before
// ",[]{}" (and ":" for a key), blanks trimmed. yaml.v3 also ends a flow
// plain scalar at "?", and reads "#" after a blank as a comment: both
// are declined.
func (p *fastParser) flowItem(l fastLine, i, depth int, key bool) (int, bool) {
	s := l.line
	if i >= len(s) {
		return 0, false
	}
	switch s[i] {
	case '[', '{':
		if key {
			return 0, false
		}
		return p.flowValue(l, i, depth+1)
	case '"', '\'':
		return p.flowValue(l, i, depth+1)
	}
	if isIndicator(s[i]) {
		return 0, false
	}
	end := i
	for end < len(s) && strings.IndexByte(",[]{}:#?", s[end]) < 0 {
		end++
	}
	if end < len(s) && (s[end] == '#' || s[end] == '?' || (s[end] == ':' && !key)) {
		return 0, false // a comment, yaml.v3's key indicator, or a key where a value belongs
	}
	value := strings.TrimRight(s[i:end], " ")
	return end, p.plainNode(value, l.start+i, l.num, l.column(i))
}

// plainNode adds a plain scalar, the text value at off, with the tag
// yaml.v3 resolves for it; false when resolving it takes more than a
// lookup.
func (p *fastParser) plainNode(value string, off, line, col int) bool {
	tag := tagStr
	switch c := value[0]; {
	case c >= '0' && c <= '9':
		if !plainInt(value) {
			return false
		}
		tag = tagInt
	case c == '.':
		// yaml.v3: .inf and .nan spellings, else a float if ParseFloat
		// takes it, else a string (../libs/**, .github/**).
		if _, err := strconv.ParseFloat(value, 64); err == nil || strings.EqualFold(value, ".inf") || strings.EqualFold(value, ".nan") {
			return false
		}
	case c == '+' || c == '-' || c == '<':
		return false
	case strings.IndexByte("yYnNtTfFoO~", c) >= 0:
		switch value {
		case "true", "True", "TRUE", "false", "False", "FALSE":
			tag = tagBool
		case "~", "null", "Null", "NULL":
			tag = tagNull
		}
	}
	p.scalar(tag, off, len(value), line, col)
	return true
}

// plainInt reports whether s is 0 or a decimal integer without a leading
// zero that fits in an int64.
func plainInt(s string) bool {
	if len(s) > 18 || (len(s) > 1 && s[0] == '0') {
		return false
	}
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
