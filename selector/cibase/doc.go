// Package cibase reads, from a CI system's environment and event payload,
// which commit a run's change starts from. It returns facts (a revision,
// the default branch, whether the revision must be an ancestor of the
// head, or that the event has no change and every gate must run); it reads
// no git. The selector turns an Event into a base (selector.Options.CI).
//
// Supported: GitHub Actions (GITHUB_EVENT_NAME, GITHUB_EVENT_PATH), GitLab
// CI (CI_PIPELINE_SOURCE and the CI_MERGE_REQUEST_*, CI_COMMIT_* variables)
// and Buildkite (BUILDKITE_PULL_REQUEST*, BUILDKITE_PIPELINE_DEFAULT_BRANCH).
//
//	ev, err := cibase.Detect(os.Getenv, os.ReadFile)
//	switch {
//	case errors.Is(err, cibase.ErrNoCI): // not in a known CI
//	case ev.All: // every gate: ev.Reason
//	default: // diff from ev.Base (or ev.DefaultBranch), source ev.Source
//	}
package cibase
