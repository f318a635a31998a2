package evidence

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/gatesel/gatesel/internal/poserr"
)

// scanJSON reads data as exactly one JSON value, refusing what
// encoding/json lets through silently: a key twice in one object (one
// reader would see the first, another the last) and data after the value.
// visit, when not nil, is called with the JSON pointer of every value and
// its byte offset; it returns true to stop the scan early.
func scanJSON(name string, data []byte, visit func(ptr []string, off int64) bool) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	type frame struct {
		obj     bool
		root    bool
		wantKey bool
		key     string
		n       int
		keys    map[string]bool
	}
	var stack []*frame
	var path []string
	done := false
	for {
		off := skipSeparators(data, dec.InputOffset())
		tok, err := dec.Token()
		if err == io.EOF {
			if !done {
				return errAt(name, data, off, errors.New("unexpected end of JSON input"))
			}
			return nil
		}
		if err != nil {
			var se *json.SyntaxError
			if errors.As(err, &se) {
				off = se.Offset
			}
			return errAt(name, data, off, err)
		}
		if done {
			return errAt(name, data, off, errors.New("data after the JSON value"))
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if d, ok := tok.(json.Delim); ok && (d == '}' || d == ']') {
			stack = stack[:len(stack)-1]
			if !top.root {
				path = path[:len(path)-1]
			}
			done = len(stack) == 0
			continue
		}
		if top != nil && top.obj && top.wantKey {
			k, _ := tok.(string)
			if top.keys[k] {
				return errAt(name, data, off, fmt.Errorf("key %q twice in one object", k))
			}
			top.keys[k] = true
			top.key, top.wantKey = k, false
			continue
		}
		// a value starts here
		seg, root := "", top == nil
		if !root {
			if top.obj {
				seg, top.wantKey = top.key, true
			} else {
				seg = strconv.Itoa(top.n)
				top.n++
			}
		}
		ptr := path
		if !root {
			ptr = append(path[:len(path):len(path)], seg)
		}
		if visit != nil && visit(ptr, off) {
			return nil
		}
		if d, ok := tok.(json.Delim); ok {
			f := &frame{obj: d == '{', root: root, wantKey: d == '{'}
			if f.obj {
				f.keys = map[string]bool{}
			}
			stack = append(stack, f)
			if !root {
				path = ptr
			}
			continue
		}
		done = root
	}
}

// skipSeparators returns the offset of the next token at or after off.
func skipSeparators(data []byte, off int64) int64 {
	for off < int64(len(data)) {
		switch data[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
		default:
			return off
		}
	}
	return off
}

// offsetOf is the byte offset of the value at the JSON pointer ptr, or -1.
func offsetOf(data []byte, ptr []string) int64 {
	found := int64(-1)
	_ = scanJSON("", data, func(p []string, off int64) bool {
		if equalPath(p, ptr) {
			found = off
			return true
		}
		return false
	})
	return found
}

func equalPath(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// errAt is a positioned error at byte offset off of data (line and column
// from 1, the column in bytes).
func errAt(name string, data []byte, off int64, err error) error {
	line, col := lineCol(data, off)
	return &poserr.Error{File: name, Line: line, Col: col, Err: err}
}

// errAtPath is a positioned error at the value of the JSON pointer ptr,
// or at the start of the input when it is not there.
func errAtPath(name string, data []byte, ptr []string, err error) error {
	off := offsetOf(data, ptr)
	if off < 0 {
		off = 0
	}
	return errAt(name, data, off, err)
}

func lineCol(data []byte, off int64) (int, int) {
	off = min(max(off, 0), int64(len(data)))
	before := data[:off]
	line := bytes.Count(before, []byte{'\n'}) + 1
	col := int(off) - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return line, col
}
