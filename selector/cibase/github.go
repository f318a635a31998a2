package cibase

import (
	"encoding/json"
	"fmt"
)

// githubPayload holds the fields of GitHub's webhook payloads read here
// (docs.github.com, "Webhook events and payloads").
type githubPayload struct {
	PullRequest *struct {
		Base struct {
			SHA string `json:"sha"`
			Ref string `json:"ref"`
		} `json:"base"`
	} `json:"pull_request"`
	MergeGroup *struct {
		BaseSHA string `json:"base_sha"`
		BaseRef string `json:"base_ref"`
	} `json:"merge_group"`
	Ref        string  `json:"ref"`
	Before     *string `json:"before"`
	After      string  `json:"after"`
	Forced     bool    `json:"forced"`
	Repository *struct {
		DefaultBranch string `json:"default_branch"`
	} `json:"repository"`
}

// GitHub reads a GitHub Actions event: its name (GITHUB_EVENT_NAME) and
// the payload at path (GITHUB_EVENT_PATH).
//
//	pull_request, pull_request_target  pull_request.base.sha
//	merge_group                        merge_group.base_sha
//	push                               before; all-zero (a new branch) or not an
//	                                   ancestor of the head (a force push): the merge
//	                                   base with repository.default_branch
//	anything else                      every gate (workflow_dispatch, schedule, release, …)
func GitHub(name, path string, readFile func(string) ([]byte, error)) (Event, error) {
	source := "github:" + name
	switch name {
	case "pull_request", "pull_request_target", "merge_group", "push":
	case "":
		return Event{}, fmt.Errorf("GITHUB_ACTIONS is true but GITHUB_EVENT_NAME is empty")
	case "workflow_dispatch", "schedule", "release", "repository_dispatch", "workflow_call", "workflow_run":
		return everyGate(source, "a "+name+" event has no change to compare"), nil
	default:
		return everyGate(source, "gatesel does not read a base from "+name+" events"), nil
	}
	if path == "" {
		return Event{}, fmt.Errorf("read the %s event: GITHUB_EVENT_PATH is empty", name)
	}
	data, err := readFile(path)
	if err != nil {
		return Event{}, fmt.Errorf("read the %s event: %w", name, err)
	}
	var p githubPayload
	if err := json.Unmarshal(data, &p); err != nil {
		return Event{}, fmt.Errorf("read the %s event %s: %w", name, path, err)
	}
	field := func(f, s string) (Event, error) {
		if err := checkHash(f, s); err != nil {
			return Event{}, fmt.Errorf("read the %s event %s: %w", name, path, err)
		}
		return Event{Source: source, Base: s}, nil
	}
	switch name {
	case "pull_request", "pull_request_target":
		if p.PullRequest == nil {
			return Event{}, fmt.Errorf("read the %s event %s: no pull_request object", name, path)
		}
		return field("pull_request.base.sha", p.PullRequest.Base.SHA)
	case "merge_group":
		if p.MergeGroup == nil {
			return Event{}, fmt.Errorf("read the %s event %s: no merge_group object", name, path)
		}
		return field("merge_group.base_sha", p.MergeGroup.BaseSHA)
	}
	// push
	if p.Repository == nil || p.Repository.DefaultBranch == "" {
		return Event{}, fmt.Errorf("read the push event %s: repository.default_branch is empty", path)
	}
	if p.Before == nil {
		return Event{}, fmt.Errorf("read the push event %s: no before field", path)
	}
	ev := Event{Source: source, DefaultBranch: p.Repository.DefaultBranch, Ancestor: true, Forced: p.Forced}
	if zeroHash(*p.Before) {
		if p.Ref == "refs/heads/"+p.Repository.DefaultBranch {
			return everyGate(source, "the first push of the default branch "+p.Repository.DefaultBranch+" has no previous commit"), nil
		}
		return ev, nil // a new branch
	}
	if err := checkHash("before", *p.Before); err != nil {
		return Event{}, fmt.Errorf("read the push event %s: %w", path, err)
	}
	ev.Base = *p.Before
	return ev, nil
}
