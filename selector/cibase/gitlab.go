package cibase

import "fmt"

// GitLab reads a GitLab CI pipeline's predefined variables
// (docs.gitlab.com, "Predefined CI/CD variables"):
//
//	merge request, merged results and merge train pipelines
//	                 CI_MERGE_REQUEST_DIFF_BASE_SHA
//	branch pipelines CI_COMMIT_BEFORE_SHA; all-zero (a new branch, or the
//	                 first pipeline) or not an ancestor of the head: the merge
//	                 base with CI_DEFAULT_BRANCH
//	tag, schedule, web and other pipelines
//	                 every gate
//
// A variable that is missing or malformed gives every gate with the
// reason: CI variables are the runner's, not the change's, and a pipeline
// that cannot tell its base runs everything rather than fail.
func GitLab(getenv func(string) string) Event {
	src := getenv("CI_PIPELINE_SOURCE")
	if getenv("CI_MERGE_REQUEST_IID") != "" || src == "merge_request_event" {
		source := "gitlab:merge_request"
		switch t := getenv("CI_MERGE_REQUEST_EVENT_TYPE"); t {
		case "merged_result", "merge_train":
			source = "gitlab:" + t
		}
		base := getenv("CI_MERGE_REQUEST_DIFF_BASE_SHA")
		if err := checkHash("CI_MERGE_REQUEST_DIFF_BASE_SHA", base); err != nil {
			return everyGate(source, fmt.Sprintf("the merge request pipeline's base is unknown: %v", err))
		}
		return Event{Source: source, Base: base}
	}
	if tag := getenv("CI_COMMIT_TAG"); tag != "" {
		return everyGate("gitlab:tag", "a tag pipeline ("+tag+") has no change to compare")
	}
	switch src {
	case "push":
	case "":
		return everyGate("gitlab:unknown", "CI_PIPELINE_SOURCE is empty")
	case "schedule", "web", "api", "trigger", "pipeline", "parent_pipeline", "chat", "webide", "external", "security_orchestration_policy", "ondemand_dast_scan", "ondemand_dast_validation":
		return everyGate("gitlab:"+src, "a pipeline of source "+src+" has no change to compare")
	default:
		return everyGate("gitlab:"+src, "gatesel does not read a base from pipelines of source "+src)
	}
	source := "gitlab:push"
	def := getenv("CI_DEFAULT_BRANCH")
	if def == "" {
		return everyGate(source, "CI_DEFAULT_BRANCH is empty")
	}
	ev := Event{Source: source, DefaultBranch: def, Ancestor: true}
	before := getenv("CI_COMMIT_BEFORE_SHA")
	if zeroHash(before) || before == "" {
		if getenv("CI_COMMIT_BRANCH") == def {
			return everyGate(source, "a pipeline of the default branch "+def+" without a previous commit (CI_COMMIT_BEFORE_SHA is all-zero)")
		}
		return ev // a new branch
	}
	if err := checkHash("CI_COMMIT_BEFORE_SHA", before); err != nil {
		return everyGate(source, fmt.Sprintf("the branch pipeline's base is unknown: %v", err))
	}
	ev.Base = before
	return ev
}
