// Package poserr is the one shape of positioned error in gatesel:
// "file:line:col: message", with Unwrap, and the one formatter that prints a
// list of errors one a line. The library packages export it under their own
// names (graph.Error, ownership.Error, selector.FilesError...) as type aliases,
// so every positioned error prints and unwraps the same way.
package poserr

import (
	"fmt"
	"strings"

	"github.com/hashicorp/go-multierror"
)

// Error is a problem at a position in a named input. Line and Col count from
// 1; a Col of 0 means the whole line, and a Line of 0 the whole input.
type Error struct {
	File      string
	Line, Col int
	Err       error
}

func (e *Error) Error() string {
	switch {
	case e.Line == 0:
		return fmt.Sprintf("%s: %v", e.File, e.Err)
	case e.Col == 0:
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s:%d:%d: %v", e.File, e.Line, e.Col, e.Err)
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// Lines prints errors one a line: the ErrorFormat of every multierror in
// gatesel.
func Lines(errs []error) string {
	lines := make([]string, len(errs))
	for i, e := range errs {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// List accumulates errors; Err returns them, one a line, or nil.
type List struct{ errs *multierror.Error }

// Add appends err.
func (l *List) Add(err error) { l.errs = multierror.Append(l.errs, err) }

// Addf appends a positioned error.
func (l *List) Addf(file string, line, col int, format string, args ...any) {
	l.Add(&Error{File: file, Line: line, Col: col, Err: fmt.Errorf(format, args...)})
}

// Len is the number of errors so far.
func (l *List) Len() int {
	if l.errs == nil {
		return 0
	}
	return len(l.errs.Errors)
}

// Err returns every error, one a line, or nil (never a typed nil).
func (l *List) Err() error {
	if l.errs == nil {
		return nil
	}
	l.errs.ErrorFormat = Lines
	return l.errs.ErrorOrNil()
}
