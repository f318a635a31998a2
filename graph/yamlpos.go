package graph

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"
)

// yamlParserErrors are the problems yaml.v3's parser (not its scanner)
// reports; it numbers their line from 0.
var yamlParserErrors = []string{
	"did not find expected <stream-start>",
	"did not find expected <document start>",
	"did not find expected node content",
	"did not find expected '-' indicator",
	"did not find expected key",
	"did not find expected ',' or ']'",
	"did not find expected ',' or '}'",
	"found duplicate %YAML directive",
	"found duplicate %TAG directive",
	"found incompatible YAML document",
	"found undefined tag handle",
}

// yamlErrorPos positions a yaml.v3 error, whose only trace of a position
// is the "line N" of its message:
//   - a parser error's line is numbered from 0 there (a scanner error's
//     from 1): it gets one more, within the file;
//   - "unknown anchor 'x' referenced" (an alias to an anchor the file does
//     not define, such as one in another policy file: anchors never cross
//     files) has no line: it is positioned at the first such alias in the
//     text;
//   - yaml.v3 gives no column: it is the line's first character that is
//     not a space, where the construct in error starts or continues.
func yamlErrorPos(file string, data []byte, err error) Pos {
	p := Pos{File: file, Line: 1, Col: 1}
	msg := err.Error()
	var anchor string
	if _, e := fmt.Sscanf(strings.TrimPrefix(msg, "yaml: "), "unknown anchor %s referenced", &anchor); e == nil {
		if line, col, ok := findAlias(data, strings.Trim(anchor, "'")); ok {
			p.Line, p.Col = line, col
		}
		return p
	}
	line := 0
	for i := 0; i+5 < len(msg); i++ {
		if msg[i:i+5] == "line " {
			if _, e := fmt.Sscanf(msg[i+5:], "%d", &line); e == nil && line > 0 {
				break
			}
			line = 0
		}
	}
	if line == 0 {
		return p
	}
	for _, pe := range yamlParserErrors {
		if strings.HasSuffix(msg, pe) {
			line++
			break
		}
	}
	lines := bytes.Split(data, []byte("\n"))
	if len(lines) > 1 && len(lines[len(lines)-1]) == 0 {
		lines = lines[:len(lines)-1] // the final line break ends the last line
	}
	line = min(line, max(len(lines), 1))
	p.Line = line
	if line <= len(lines) {
		p.Col = 1 + utf8.RuneCount(lines[line-1]) - utf8.RuneCount(bytes.TrimLeft(lines[line-1], " "))
	}
	return p
}

// findAlias is the line and column (in characters) of the first alias
// *name in data: a "*" that starts a token (after a space, a flow
// indicator or a line start), followed by name and a character that ends
// it, outside a comment. Quoted text is not told apart: it is a position
// for a message, never a decision.
func findAlias(data []byte, name string) (line, col int, ok bool) {
	tok := "*" + name
	for i := 0; ; {
		j := bytes.Index(data[i:], []byte(tok))
		if j < 0 {
			return 0, 0, false
		}
		at := i + j
		end := at + len(tok)
		startOK := at == 0 || bytes.IndexByte([]byte(" \t\n[{,:-?"), data[at-1]) >= 0
		endOK := end == len(data) || bytes.IndexByte([]byte(" \t\r\n,]}"), data[end]) >= 0
		lineStart := bytes.LastIndexByte(data[:at], '\n') + 1
		before := data[lineStart:at]
		comment := bytes.HasPrefix(bytes.TrimLeft(before, " \t"), []byte("#")) || bytes.Contains(before, []byte(" #")) || bytes.Contains(before, []byte("\t#"))
		if startOK && endOK && !comment {
			return 1 + bytes.Count(data[:at], []byte("\n")), 1 + utf8.RuneCount(before), true
		}
		i = at + 1
	}
}
