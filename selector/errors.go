package selector

import "fmt"

// Errors of Compute that carry facts; what a user should pass instead is
// for the caller (cmd/gatesel turns them into advice about its flags).

// HeadTreeError: the policy of a head revision other than HEAD is read
// from that revision's tree, which needs Dir to be the top level of a git
// repository; the work tree is never read in its place.
type HeadTreeError struct {
	Head string // Options.Head
	Dir  string // the directory the change is relative to
}

func (e *HeadTreeError) Error() string {
	return fmt.Sprintf("read the policy of head revision %s: %s is not the top level of a git repository", e.Head, e.Dir)
}

// BasePolicyError: the change edits the policy, and the base revision's
// policy, which decides with the head's, cannot be read (a clone without
// the base revision's files, a damaged store, a policy this version
// rejects). Fetching the base revision's files fixes it; Options.Policy
// PolicyHead decides with the head's policy alone.
type BasePolicyError struct {
	Err error // why the base policy could not be read
}

func (e *BasePolicyError) Error() string {
	return "read the base revision's policy, which the change edits:\n" + e.Err.Error()
}

// Unwrap returns the cause.
func (e *BasePolicyError) Unwrap() error { return e.Err }

// NoFallbackError: with Options.OnError all, the plan could not be
// computed (Cause), and no policy could be read to select every gate from.
type NoFallbackError struct {
	Cause error
}

func (e *NoFallbackError) Error() string {
	return e.Cause.Error() + "\n(the fallback found no readable policy to plan every gate from)"
}

// Unwrap returns the cause.
func (e *NoFallbackError) Unwrap() error { return e.Cause }

// PolicyRootError is a change given as values (--files) whose policy root
// Dir lies inside the git repository Root but is not its top level: the
// base revision's policy, which the change edits, cannot be read there,
// and the head's must not decide alone. It is missing history (exit 3).
type PolicyRootError struct {
	Dir, Root string
}

func (e *PolicyRootError) Error() string {
	return fmt.Sprintf("the base revision's policy cannot be read: %s is inside the git repository %s but not its top level", e.Dir, e.Root)
}

// MissingHistory reports true: the base revision's files are not at hand.
func (e *PolicyRootError) MissingHistory() bool { return true }
