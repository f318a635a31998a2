package cibase

import (
	"errors"
	"fmt"
	"strings"
)

// ErrNoCI: the environment is not one of a CI system this package reads.
var ErrNoCI = errors.New("no CI system detected (none of GITHUB_ACTIONS, GITLAB_CI, BUILDKITE is true)")

// Event is what a CI run says about the base of its change.
type Event struct {
	// Source names the system and the event, e.g. "github:merge_group",
	// "gitlab:merge_train", "buildkite:pull_request". Plans record it.
	Source string
	// Base is the revision to diff from (a commit hash as the CI gives it,
	// or a branch name); "" when the base is the default branch, or All.
	Base string
	// DefaultBranch is the branch the change is measured against when Base
	// is "" (a new branch), or when Base is not an ancestor of the head and
	// Ancestor is set (a force push): the diff is then from the merge base
	// with this branch. As the CI names it ("main"), without a remote.
	DefaultBranch string
	// Ancestor: Base counts only when it is an ancestor of the head (a
	// push's previous tip, which a force push leaves off the history).
	Ancestor bool
	// Forced: the CI says the push rewrote the branch (GitHub's forced).
	Forced bool
	// All: the event has no change to compare (a schedule, a manual run, a
	// tag, an unknown event): every gate runs, Reason says why.
	All    bool
	Reason string
}

// Detect reads the event of the CI the process runs in: GitHub Actions
// when GITHUB_ACTIONS is "true", else GitLab CI when GITLAB_CI is "true",
// else Buildkite when BUILDKITE is "true", else ErrNoCI. readFile reads
// GitHub's event payload (GITHUB_EVENT_PATH). A payload that cannot be
// read or lacks the field the event needs is an error naming it.
func Detect(getenv func(string) string, readFile func(string) ([]byte, error)) (Event, error) {
	switch {
	case getenv("GITHUB_ACTIONS") == "true":
		return GitHub(getenv("GITHUB_EVENT_NAME"), getenv("GITHUB_EVENT_PATH"), readFile)
	case getenv("GITLAB_CI") == "true":
		return GitLab(getenv), nil
	case getenv("BUILDKITE") == "true":
		return Buildkite(getenv), nil
	}
	return Event{}, ErrNoCI
}

// zeroHash reports whether s is git's all-zero object name, which CIs give
// for "no previous commit" (a push that creates a branch).
func zeroHash(s string) bool {
	return s != "" && strings.Trim(s, "0") == "" && (len(s) == 40 || len(s) == 64)
}

// commitHash reports whether s looks like a full commit hash.
func commitHash(s string) bool {
	if len(s) != 40 && len(s) != 64 {
		return false
	}
	for _, c := range []byte(s) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// checkHash refuses a base that is not a full hash: a payload or variable
// that names something else is not a base to diff from.
func checkHash(field, s string) error {
	switch {
	case s == "":
		return fmt.Errorf("%s is empty", field)
	case !commitHash(s):
		return fmt.Errorf("%s is %q, not a full commit hash", field, s)
	}
	return nil
}

// everyGate is an event without a change to compare.
func everyGate(source, reason string) Event {
	return Event{Source: source, All: true, Reason: reason}
}
