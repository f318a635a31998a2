package main

import (
	"errors"
	"os"

	"github.com/gatesel/gatesel/selector/cibase"
)

// ciEvent is --base auto: the CI event's base (selector.Options.CI). auto
// is the default when GITHUB_ACTIONS, GITLAB_CI or BUILDKITE is true and
// neither --base nor --files is given; --base REV always wins. An event
// that cannot be read fails, or with --on-error all plans every gate.
func (f *selectFlags) ciEvent(e *env) (*cibase.Event, error) {
	explicit := f.base == "auto"
	inCI := e.getenv("GITHUB_ACTIONS") == "true" || e.getenv("GITLAB_CI") == "true" || e.getenv("BUILDKITE") == "true"
	switch {
	case explicit && f.files != "":
		return nil, usagef("--base auto reads the change from git; it does not go with --files")
	case !explicit && (f.base != "" || f.files != "" || !inCI):
		return nil, nil
	}
	ev, err := cibase.Detect(e.getenv, os.ReadFile)
	switch {
	case errors.Is(err, cibase.ErrNoCI):
		return nil, usagef("--base auto: %v", err)
	case err != nil && f.onError == "all":
		return &cibase.Event{Source: "ci", All: true, Reason: "the CI event could not be read: " + err.Error()}, nil
	case err != nil:
		return nil, err
	}
	return &ev, nil
}
