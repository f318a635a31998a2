package cibase

// Buildkite reads a Buildkite build's environment (buildkite.com/docs,
// "Buildkite environment variables"): a pull request build
// (BUILDKITE_PULL_REQUEST is a number) is measured from the merge base
// with BUILDKITE_PULL_REQUEST_BASE_BRANCH; another branch's build from the
// merge base with BUILDKITE_PIPELINE_DEFAULT_BRANCH. A build of the default
// branch itself, a tag build, or one without those variables runs every
// gate: Buildkite gives no previous commit, and the merge base of the
// default branch with itself is an empty change.
func Buildkite(getenv func(string) string) Event {
	if pr := getenv("BUILDKITE_PULL_REQUEST"); pr != "" && pr != "false" {
		if b := getenv("BUILDKITE_PULL_REQUEST_BASE_BRANCH"); b != "" {
			return Event{Source: "buildkite:pull_request", DefaultBranch: b}
		}
		return everyGate("buildkite:pull_request", "BUILDKITE_PULL_REQUEST_BASE_BRANCH is empty")
	}
	if tag := getenv("BUILDKITE_TAG"); tag != "" {
		return everyGate("buildkite:tag", "a tag build ("+tag+") has no change to compare")
	}
	def := getenv("BUILDKITE_PIPELINE_DEFAULT_BRANCH")
	switch branch := getenv("BUILDKITE_BRANCH"); {
	case def == "":
		return everyGate("buildkite:branch", "BUILDKITE_PIPELINE_DEFAULT_BRANCH is empty")
	case branch == def:
		return everyGate("buildkite:branch", "a build of the default branch "+def+" has no change to compare (Buildkite gives no previous commit)")
	}
	return Event{Source: "buildkite:branch", DefaultBranch: def}
}
