package graph

import (
	"fmt"

	"github.com/hashicorp/go-multierror"

	"github.com/gatesel/gatesel/internal/poserr"
	"github.com/gatesel/gatesel/internal/suggest"
)

// Error is a problem at a position in a policy file,
// "file:line:col: message", with Unwrap: the positioned error of every
// gatesel package. A graph error always has a line and a column.
type Error = poserr.Error

// Warning is a problem that does not stop the policy from loading. Pos
// is where the fix goes: the glob, owner or template in question.
type Warning struct {
	Pos  Pos
	Msg  string
	Kind WarningKind
}

// WarningKind names the check a warning comes from, for machine-readable
// reports (gatesel validate --format json).
type WarningKind string

// Warning kinds.
const (
	WarnUnusedInclude WarningKind = "unused-include" // an include glob that matches no file
	WarnNoPaths       WarningKind = "no-paths"       // a service without paths
	WarnUnusedGlob    WarningKind = "unused-glob"    // a glob that matches no tracked file
	WarnTie           WarningKind = "tie"            // services claim a file with equally specific globs
	WarnDrift         WarningKind = "drift"          // depends_on and the manifests disagree
	WarnEmptyRender   WarningKind = "empty-render"   // a template interpolates an empty value into an empty argument
	WarnUnknownOwner  WarningKind = "unknown-owner"  // a domain owner that CODEOWNERS never names
)

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

func (l *errorList) warnf(kind WarningKind, p Pos, format string, args ...any) {
	l.warnings = append(l.warnings, Warning{Pos: p, Msg: fmt.Sprintf(format, args...), Kind: kind})
}

func (l *errorList) failed() bool { return l.errs != nil && len(l.errs.Errors) > 0 }

// err returns every error, one a line, or nil.
func (l *errorList) err() error {
	if l.errs == nil {
		return nil
	}
	l.errs.ErrorFormat = poserr.Lines
	return l.errs.ErrorOrNil()
}

// didYouMean is the suggestion every error about an unknown name carries.
var didYouMean = suggest.DidYouMean
