package selector

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/hashicorp/go-multierror"

	"github.com/gatesel/gatesel/graph"
	"github.com/gatesel/gatesel/internal/poserr"
	"github.com/gatesel/gatesel/ownership"
	"github.com/gatesel/gatesel/selector/gitrepo"
)

// ValidateOptions configure Validate.
type ValidateOptions struct {
	Dir        string            // a directory inside the repository; default "."
	Config     string            // as Options.Config
	Codeowners string            // as Options.Codeowners
	Dialect    ownership.Dialect // as Options.Dialect
	Strict     bool              // every warning is an error
	Coverage   bool              // compute Validation.Coverage (needs a git repository)
	// MinCoverage, a percentage from 0 to 100, fails validation when a
	// smaller share of the tracked files is claimed (Coverage); 0 sets no
	// minimum. Out of range is an error.
	MinCoverage float64
}

// Severity says whether a finding fails validation.
type Severity string

// Severities.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
)

// FindingCode names the check behind a finding: the graph's warning kinds
// (graph.WarningKind) and these.
type FindingCode string

// Finding codes besides the graph's warning kinds.
const (
	CodePolicy     FindingCode = "policy"     // the policy does not load: unknown keys, names, layers...
	CodeTemplate   FindingCode = "template"   // a template fails for some scope
	CodeCodeowners FindingCode = "codeowners" // a CODEOWNERS line that is skipped
	CodeCoverage   FindingCode = "coverage"   // less of the repository claimed than the minimum
	CodeNotGit     FindingCode = "not-git"    // not a git repository: globs not checked
	CodeDrift      FindingCode = "drift"      // depends_on and the manifests (graph.WarnDrift), or manifests that cannot be read
)

// Finding is one problem of the policy, at the place where the fix goes
// (the gates.yaml line of the glob, owner, name or template; the
// CODEOWNERS line). Line 0 means the whole file, File "" no file.
type Finding struct {
	File     string      `json:"file"`
	Line     int         `json:"line"`
	Col      int         `json:"col"`
	Severity Severity    `json:"severity"`
	Code     FindingCode `json:"code"`
	Message  string      `json:"message"`
}

// String is "file:line:col: message", as positioned errors print.
func (f Finding) String() string {
	if f.File == "" {
		return f.Message
	}
	return (&poserr.Error{File: f.File, Line: f.Line, Col: f.Col, Err: errors.New(f.Message)}).Error()
}

// Validation is what Validate found.
type Validation struct {
	Findings []Finding // errors and warnings, by position (the policy's files in load order)
	Graph    *graph.Graph
	// Coverage is the share of tracked files claimed (CoverageOf), with
	// ValidateOptions.Coverage or MinCoverage; nil otherwise, or when the
	// policy does not load.
	Coverage *Coverage
}

// Failed reports whether a finding is an error.
func (v *Validation) Failed() bool {
	return slices.ContainsFunc(v.Findings, func(f Finding) bool { return f.Severity == SeverityError })
}

// Count returns the number of findings of a severity.
func (v *Validation) Count(s Severity) int {
	n := 0
	for _, f := range v.Findings {
		if f.Severity == s {
			n++
		}
	}
	return n
}

// Validate checks the policy as select reads it, gates.yaml with its
// fragments and CODEOWNERS, and reports every problem as a finding: load
// errors; in a git repository, globs against the tracked files
// (graph.Lint: unused globs, real ties); domain owners CODEOWNERS never
// names (graph.LintOwners); every template rendered for every scope that
// can bind it (CheckTemplates, graph.EmptyRenders); depends_on against the
// manifests (graph.Drift); and the share of tracked files claimed
// (MinCoverage). The error is for what stops the check itself (the
// repository's files cannot be listed), not for the policy's problems.
func Validate(ctx context.Context, opt ValidateOptions) (*Validation, error) {
	if opt.MinCoverage < 0 || opt.MinCoverage > 100 {
		return nil, fmt.Errorf("minimum coverage %g is not a percentage from 0 to 100", opt.MinCoverage)
	}
	dir := cmpOr(opt.Dir, ".")
	root := dir
	v := &Validation{}
	repo, gitErr := gitrepo.Open(ctx, dir)
	var tracked []string
	if gitErr == nil {
		defer func() { _ = repo.Close() }()
		root = cmpOr(repo.Root(), root)
		var err error
		if tracked, err = repo.Tracked(ctx); err != nil {
			return nil, err
		}
	} else if opt.Coverage || opt.MinCoverage > 0 {
		return nil, gitErr
	}
	c := &computation{opt: Options{Dir: root, Config: opt.Config, Codeowners: opt.Codeowners, Dialect: opt.Dialect, Changes: []Change{}}}
	if err := c.open(ctx, root); err != nil {
		return nil, err
	}
	defer c.close()
	if err := c.loadHead(ctx); err != nil {
		v.errors(CodePolicy, err)
		v.sort(nil)
		return v, nil
	}
	g := c.head.graph
	v.Graph = g
	v.warnings(g.Files, c.head.gwarns)
	if c.head.owners != nil {
		for _, e := range c.head.owners.Skipped {
			v.add(Finding{File: e.File, Line: e.Line, Col: e.Col, Severity: SeverityWarning, Code: CodeCodeowners, Message: e.Err.Error() + " (line skipped)"})
		}
	}
	if gitErr != nil {
		v.add(Finding{Severity: SeverityWarning, Code: CodeNotGit, Message: dir + " is not in a git repository: globs are not checked against tracked files"})
	} else {
		v.warnings(g.Files, g.Lint(tracked))
	}
	v.warnings(g.Files, g.LintOwners(knownOwners(c.head.owners)))
	drift, err := g.Drift(ctx, os.DirFS(root))
	if err != nil {
		v.add(Finding{Severity: SeverityWarning, Code: CodeDrift, Message: "depends_on not compared with the manifests: " + strings.ReplaceAll(err.Error(), "\n", "; ")})
	}
	v.warnings(g.Files, drift)
	in := Input{Graph: g, Owners: c.head.owners}
	if err := CheckTemplates(in); err != nil {
		v.errors(CodeTemplate, err)
	}
	v.warnings(g.Files, g.EmptyRenders(func(kind graph.ScopeKind, name string) graph.Scope { return scopeOf(in, kind, name) }))
	if opt.Coverage || opt.MinCoverage > 0 {
		cov := CoverageOf(in, tracked)
		v.Coverage = &cov
		if share := cov.Share(); share < opt.MinCoverage {
			v.add(Finding{File: g.Files[0], Severity: SeverityError, Code: CodeCoverage, Message: fmt.Sprintf(
				"%d of %d tracked files claimed (%.1f%%), less than the minimum of %g%%: claim the unclaimed directories with services, contracts, triggers or domains",
				cov.Claimed, cov.Total, share, opt.MinCoverage)})
		}
	}
	if opt.Strict {
		for i := range v.Findings {
			v.Findings[i].Severity = SeverityError
		}
	}
	v.sort(g.Files)
	return v, nil
}

// Share is the percentage of the paths claimed; 100 for no paths.
func (c Coverage) Share() float64 {
	if c.Total == 0 {
		return 100
	}
	return 100 * float64(c.Claimed) / float64(c.Total)
}

func (v *Validation) add(f Finding) { v.Findings = append(v.Findings, f) }

// warnings adds graph warnings as findings.
func (v *Validation) warnings(files []string, ws []graph.Warning) {
	for _, w := range ws {
		code := FindingCode(w.Kind)
		if code == "" {
			code = CodePolicy
		}
		v.add(Finding{File: w.Pos.File, Line: w.Pos.Line, Col: w.Pos.Col, Severity: SeverityWarning, Code: code, Message: w.Msg})
	}
}

// errors adds every error of err (a list, one a line, of positioned
// errors or not) as an error finding.
func (v *Validation) errors(code FindingCode, err error) {
	list := []error{err}
	var me *multierror.Error
	if errors.As(err, &me) {
		list = me.WrappedErrors()
	}
	for _, e := range list {
		var pe *poserr.Error
		if errors.As(e, &pe) && e.Error() == pe.Error() {
			v.add(Finding{File: pe.File, Line: pe.Line, Col: pe.Col, Severity: SeverityError, Code: code, Message: pe.Err.Error()})
			continue
		}
		v.add(Finding{Severity: SeverityError, Code: code, Message: e.Error()})
	}
}

// sort orders the findings by position: the policy's files in load
// order, other files by name, findings without a file last; stable.
func (v *Validation) sort(files []string) {
	rank := func(f Finding) int {
		if f.File == "" {
			return len(files) + 1
		}
		if i := slices.Index(files, f.File); i >= 0 {
			return i
		}
		return len(files)
	}
	slices.SortStableFunc(v.Findings, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(rank(a), rank(b)), cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
	})
}

// knownOwners tells whether CODEOWNERS names an owner anywhere (a rule or
// a GitLab section's default owners), case-insensitively as the hosts
// compare handles; nil without CODEOWNERS.
func knownOwners(rs *ownership.Ruleset) func(string) bool {
	if rs == nil {
		return nil
	}
	known := map[string]bool{}
	for _, r := range rs.Rules {
		for _, o := range r.Owners {
			known[strings.ToLower(o)] = true
		}
	}
	for _, s := range rs.Sections {
		for _, o := range s.DefaultOwners {
			known[strings.ToLower(o)] = true
		}
	}
	return func(o string) bool { return known[strings.ToLower(o)] }
}
