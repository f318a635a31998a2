package evidence

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// A shape is what one JSON value must be: the part of a JSON Schema that
// the plan's and the result record's schemas use, written in Go. Checking
// a value against a shape replaces running the schemas at run time: the
// schema library compiled its metaschemas at package initialisation, and
// every gatesel command paid for it (docs/performance.md). The schemas
// stay the published contract; TestShapesAgreeWithSchemas (and the fuzz
// targets) check that a shape accepts exactly what its schema accepts.
type shape struct {
	kind     string   // "object", "array", "string", "boolean", "integer"; "" for a string enum or const
	nullable bool     // null is allowed too
	props    []prop   // object: its properties, in the order they are checked
	open     bool     // object: any property (and value) is allowed
	items    *shape   // array: each item
	minItems int      // array
	minLen   int      // string
	format   string   // string: "sha256", "commit", "commit?" (empty, 40 or 64 hex), "date-time"
	min      *int64   // integer
	enum     []string // the allowed strings (a const is an enum of one)
}

// prop is one property of an object shape.
type prop struct {
	name     string
	required bool
	shape    *shape
}

// shapeError is a value that does not have its shape: where (a JSON
// pointer) and the problem, worded as the schema library worded it.
type shapeError struct {
	ptr []string
	msg string
}

// checkShape decodes data (one JSON value, already scanned by scanJSON)
// and checks it against s. The error is positioned at the offending value:
// "does not match <what> at <pointer>: <problem>".
func checkShape(name string, data []byte, s *shape, what string) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return errAt(name, data, dec.InputOffset(), err)
	}
	se := s.check(v, nil)
	if se == nil {
		return nil
	}
	loc := "/" + strings.Join(se.ptr, "/")
	return errAtPath(name, data, se.ptr, fmt.Errorf("does not match %s at %s: %s", what, loc, se.msg))
}

// check returns the first problem of v at ptr, or nil.
func (s *shape) check(v any, ptr []string) *shapeError {
	fail := func(format string, args ...any) *shapeError {
		return &shapeError{ptr: ptr, msg: fmt.Sprintf(format, args...)}
	}
	if v == nil && s.nullable {
		return nil
	}
	if s.enum != nil {
		str, ok := v.(string)
		for _, e := range s.enum {
			if ok && str == e {
				return nil
			}
		}
		if len(s.enum) == 1 {
			return fail("value must be %s", quote(s.enum[0]))
		}
		q := make([]string, len(s.enum))
		for i, e := range s.enum {
			q[i] = quote(e)
		}
		return fail("value must be one of %s", strings.Join(q, ", "))
	}
	if got := typeOf(v); got != s.kind && !(s.kind == "integer" && got == "number") {
		want := s.kind
		if s.nullable {
			want = s.kind + " or null"
		}
		return fail("got %s, want %s", got, want)
	}
	switch s.kind {
	case "object":
		return s.checkObject(v.(map[string]any), ptr)
	case "array":
		a := v.([]any)
		if len(a) < s.minItems {
			return fail("minItems: got %d, want %d", len(a), s.minItems)
		}
		for i, item := range a {
			if se := s.items.check(item, append(ptr[:len(ptr):len(ptr)], strconv.Itoa(i))); se != nil {
				return se
			}
		}
	case "string":
		str := v.(string)
		if n := len([]rune(str)); n < s.minLen {
			return fail("minLength: got %d, want %d", n, s.minLen)
		}
		if msg := checkFormat(s.format, str); msg != "" {
			return fail("%s", msg)
		}
	case "integer":
		n, err := strconv.ParseInt(string(v.(json.Number)), 10, 64)
		if err != nil {
			return fail("got %s, want integer (digits only, within 64 bits)", v)
		}
		if s.min != nil && n < *s.min {
			return fail("minimum: got %d, want %d", n, *s.min)
		}
	}
	return nil
}

// checkObject checks, in the schema library's order, the required
// properties, the unknown ones, then each value.
func (s *shape) checkObject(m map[string]any, ptr []string) *shapeError {
	if s.open {
		return nil
	}
	var missing, extra []string
	known := map[string]bool{}
	for _, p := range s.props {
		known[p.name] = true
		if _, ok := m[p.name]; p.required && !ok {
			missing = append(missing, quote(p.name))
		}
	}
	if len(missing) == 1 {
		return &shapeError{ptr: ptr, msg: "missing property " + missing[0]}
	}
	if len(missing) > 1 {
		return &shapeError{ptr: ptr, msg: "missing properties " + strings.Join(missing, ", ")}
	}
	for k := range m {
		if !known[k] {
			extra = append(extra, k)
		}
	}
	if len(extra) > 0 {
		slices.Sort(extra)
		for i := range extra {
			extra[i] = quote(extra[i])
		}
		return &shapeError{ptr: ptr, msg: fmt.Sprintf("additional properties %s not allowed", strings.Join(extra, ", "))}
	}
	for _, p := range s.props {
		if v, ok := m[p.name]; ok {
			if se := p.shape.check(v, append(ptr[:len(ptr):len(ptr)], p.name)); se != nil {
				return se
			}
		}
	}
	return nil
}

// typeOf names v's JSON type as the schemas do.
func typeOf(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	case json.Number:
		if _, err := strconv.ParseInt(string(v), 10, 64); err == nil {
			return "integer"
		}
		return "number"
	}
	return fmt.Sprintf("%T", v)
}

// quote is how the schema library quoted a name or a value: 'x'.
func quote(s string) string {
	q := strconv.Quote(s)
	return "'" + strings.ReplaceAll(q[1:len(q)-1], `\"`, `"`) + "'"
}
