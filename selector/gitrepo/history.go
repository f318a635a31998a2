package gitrepo

import (
	"errors"
	"fmt"
	"strings"
)

// Errors about the history a change is computed from. Check them with
// errors.Is; the errors returned by Repo wrap them in a *HistoryError that
// names the revision, the problem and the git commands that fix it.
var (
	// ErrNoBase: the revision does not resolve to a commit.
	ErrNoBase = errors.New("revision not found")
	// ErrShallow: the history needed is missing because the clone is shallow.
	ErrShallow = errors.New("shallow clone")
	// ErrNoMergeBase: the two revisions share no history (an orphan branch)
	// in a complete clone. It is not missing history: fetching more does not help.
	ErrNoMergeBase = errors.New("no merge base")
)

// Role is which revision of a change a revision is; errors name it.
type Role string

// The roles.
const (
	RoleRevision Role = "revision"      // any revision (Resolve)
	RoleBase     Role = "base revision" // the base of a change
	RoleHead     Role = "head revision" // the head of a change
)

// Problem is what is wrong with the history.
type Problem int

// The problems a *HistoryError reports.
const (
	// NotFound: the revision does not resolve (ErrNoBase). Commands fetch it.
	NotFound Problem = iota + 1
	// NoDefaultBase: no revision was asked, and none of the default
	// names (origin/HEAD, origin/main, main) resolves (ErrNoBase).
	NoDefaultBase
	// BadSyntax: the revision's syntax is not read here, or a short hash is
	// ambiguous; the full hash works. Commands print it (git rev-parse).
	BadSyntax
	// Shallow: the history needed is beyond the shallow boundary of the
	// clone (ErrShallow). Commands deepen it.
	Shallow
	// Unrelated: the two revisions share no history (ErrNoMergeBase);
	// Other is the revision Rev shares none with.
	Unrelated
	// MissingObject: a partial clone lacks an object (Object) the history
	// needs (ErrMissingObject). Commands fetch it.
	MissingObject
)

// HistoryError is an error about missing or unrelated history. It carries
// facts, not advice: Err says what was being done and wraps one of
// ErrNoBase, ErrShallow or ErrNoMergeBase (or the syntax error), and
// Commands are the git commands that fix it, most direct first. What to
// pass instead (a flag of a CLI) is for the caller to say.
type HistoryError struct {
	Rev      string   // the revision as asked, e.g. "origin/main"
	Role     Role     // which revision it is
	Problem  Problem  // what is wrong
	Other    string   // Unrelated: the revision Rev shares no history with
	Shallow  int      // Shallow: how many shallow commits the history ends at, when known
	Object   string   // MissingObject: the object's hash
	Commands []string // e.g. "git fetch --deepen=200 origin main", "git fetch --unshallow"
	Err      error
}

// Error prints the cause and the commands that fix it, e.g.
// "resolve base revision origin/main: revision not found (fix: git fetch origin main)".
func (e *HistoryError) Error() string {
	if len(e.Commands) == 0 {
		return e.Err.Error()
	}
	return fmt.Sprintf("%v (fix: %s)", e.Err, strings.Join(e.Commands, ", or "))
}

// Unwrap returns the cause.
func (e *HistoryError) Unwrap() error { return e.Err }

// MissingHistory reports whether the error is missing history (a revision
// that does not resolve, a shallow clone, an object a partial clone
// lacks), which the CLI maps to exit code 3. Unrelated histories are not
// missing history.
func (e *HistoryError) MissingHistory() bool {
	return errors.Is(e.Err, ErrNoBase) || errors.Is(e.Err, ErrShallow) || errors.Is(e.Err, ErrMissingObject)
}

// shallowDeepen is the depth suggested by the fix of a shallow-clone error.
const shallowDeepen = 200
