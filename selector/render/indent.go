package render

import (
	"bytes"
	"io"
)

// indentChunk is about how much indented JSON writeIndented holds before
// it writes it out.
const indentChunk = 64 << 10

// writeIndented writes the compact JSON b indented, with a newline, in
// pieces of about indentChunk bytes: an indented copy of the whole plan
// was the largest allocation of a run (the plan of a 100,000-file change
// is 50 MB compact, 80 MB indented).
func writeIndented(w io.Writer, b []byte) error {
	out, err := indentJSON(make([]byte, 0, min(2*len(b), indentChunk)+1024), b, w, indentChunk)
	if err != nil {
		return err
	}
	_, err = w.Write(append(out, '\n'))
	return err
}

// indentJSON appends src, compact JSON as encoding/json writes it (valid,
// no space outside strings), indented as json.Indent(dst, src, "", "  ")
// would: a line per member and element, two spaces a level, "{}" and "[]"
// for empty ones, ": " after keys. json.Indent runs its full validating
// scanner on every byte; the plan's JSON is valid by construction, so this
// only tracks strings (the indentation of a 10,000-change plan was half of
// rendering it). With a writer w, dst is written to it and emptied each
// time it holds chunk bytes or more; what is left is returned.
func indentJSON(dst, src []byte, w io.Writer, chunk int) ([]byte, error) {
	depth := 0
	newline := func() {
		if n := 1 + 2*depth; n <= len(indentLine) {
			dst = append(dst, indentLine[:n]...)
			return
		}
		dst = append(dst, '\n')
		for range depth {
			dst = append(dst, ' ', ' ')
		}
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch c {
		case '"':
			// A string ends at the first quote after an even run of
			// backslashes; found with IndexByte, a string is one copy
			// (strings are most of a plan's bytes, and a byte at a time
			// they were most of its indentation).
			j := i + 1
			for {
				k := bytes.IndexByte(src[j:], '"')
				if k < 0 {
					j = len(src)
					break
				}
				j += k
				n := 0
				for n < j-i-1 && src[j-1-n] == '\\' {
					n++
				}
				if n%2 == 0 {
					break
				}
				j++
			}
			dst = append(dst, src[i:min(j+1, len(src))]...)
			i = j
		case '{', '[':
			if i+1 < len(src) && (src[i+1] == '}' || src[i+1] == ']') {
				dst = append(dst, c, src[i+1])
				i++
			} else {
				dst = append(dst, c)
				depth++
				newline()
			}
		case '}', ']':
			depth--
			newline()
			dst = append(dst, c)
		case ',':
			dst = append(dst, c)
			newline()
		case ':':
			dst = append(dst, ':', ' ')
		default:
			dst = append(dst, c)
		}
		if w != nil && len(dst) >= chunk {
			if _, err := w.Write(dst); err != nil {
				return dst, err
			}
			dst = dst[:0]
		}
	}
	return dst, nil
}

// indentLine is a newline and the indentation of the levels a plan has
// (and more), appended as one piece.
const indentLine = "\n" + "                                                                "
