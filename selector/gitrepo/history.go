package gitrepo

import (
	"errors"
	"fmt"
)

// Errors about the history a change is computed from. Check them with
// errors.Is; the errors returned by Repo wrap them in a *HistoryError that
// names the revision and the command that fixes the problem.
var (
	// ErrNoBase: the revision does not resolve to a commit.
	ErrNoBase = errors.New("revision not found")
	// ErrShallow: the history needed is missing because the clone is shallow.
	ErrShallow = errors.New("shallow clone")
	// ErrNoMergeBase: the two revisions share no history (an orphan branch)
	// in a complete clone. It is not missing history: fetching more does not help.
	ErrNoMergeBase = errors.New("no merge base")
)

// HistoryError is an error about missing or unrelated history. Err carries
// what was being done and wraps one of ErrNoBase, ErrShallow or ErrNoMergeBase;
// Fix is the command (or the choice) that fixes it.
type HistoryError struct {
	Rev string // the revision as asked, e.g. "origin/main"
	Fix string // e.g. "git fetch --deepen=200 origin main, or git fetch --unshallow"
	Err error
}

// Error prints the cause and the fix, e.g.
// "resolve base revision origin/main: revision not found (fix: git fetch origin main, or pass --base with a commit that is present)".
func (e *HistoryError) Error() string {
	if e.Fix == "" {
		return e.Err.Error()
	}
	return fmt.Sprintf("%v (fix: %s)", e.Err, e.Fix)
}

// Unwrap returns the cause.
func (e *HistoryError) Unwrap() error { return e.Err }

// MissingHistory reports whether the error is missing history (a revision
// that does not resolve, or a shallow clone), which the CLI maps to exit
// code 3. Unrelated histories are not missing history.
func (e *HistoryError) MissingHistory() bool {
	return errors.Is(e.Err, ErrNoBase) || errors.Is(e.Err, ErrShallow)
}

// shallowDeepen is the depth suggested by the fix of a shallow-clone error.
const shallowDeepen = 200
