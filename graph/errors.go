package graph

import (
	"fmt"
	"strings"

	"github.com/hashicorp/go-multierror"

	"github.com/gatesel/gatesel/internal/suggest"
)

// Error is a problem at a position in a policy file.
type Error struct {
	File      string
	Line, Col int
	Err       error
}

func (e *Error) Error() string { return fmt.Sprintf("%s:%d:%d: %v", e.File, e.Line, e.Col, e.Err) }

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// Warning is a problem that does not stop the policy from loading.
type Warning struct {
	Pos Pos
	Msg string
}

func (w Warning) String() string { return w.Pos.String() + ": " + w.Msg }

// errorList collects positioned errors and warnings while loading.
type errorList struct {
	errs     *multierror.Error
	warnings []Warning
}

func (l *errorList) add(p Pos, err error) {
	l.errs = multierror.Append(l.errs, &Error{File: p.File, Line: p.Line, Col: p.Col, Err: err})
}

func (l *errorList) errorf(p Pos, format string, args ...any) {
	l.add(p, fmt.Errorf(format, args...))
}

func (l *errorList) warnf(p Pos, format string, args ...any) {
	l.warnings = append(l.warnings, Warning{Pos: p, Msg: fmt.Sprintf(format, args...)})
}

func (l *errorList) failed() bool { return l.errs != nil && len(l.errs.Errors) > 0 }

// err returns every error, one a line, or nil.
func (l *errorList) err() error {
	if l.errs == nil {
		return nil
	}
	l.errs.ErrorFormat = formatErrors
	return l.errs.ErrorOrNil()
}

func formatErrors(errs []error) string {
	lines := make([]string, len(errs))
	for i, e := range errs {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// didYouMean is the suggestion every error about an unknown name carries.
var didYouMean = suggest.DidYouMean
