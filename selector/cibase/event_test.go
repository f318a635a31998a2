package cibase_test

import (
	"errors"
	"fmt"
	"os"
	"testing"

	"github.com/gatesel/gatesel/selector/cibase"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const sha = "0123456789abcdef0123456789abcdef01234567"

var detectTests = []struct {
	name    string
	env     map[string]string
	payload string
	want    cibase.Event
	err     string
}{
	{name: "no CI", env: map[string]string{}, err: cibase.ErrNoCI.Error()},
	{name: "github pull_request", env: gh("pull_request"), payload: `{"pull_request":{"base":{"sha":"` + sha + `","ref":"main"}}}`,
		want: cibase.Event{Source: "github:pull_request", Base: sha}},
	{name: "github merge_group", env: gh("merge_group"), payload: `{"merge_group":{"base_sha":"` + sha + `"}}`,
		want: cibase.Event{Source: "github:merge_group", Base: sha}},
	{name: "github push", env: gh("push"), payload: `{"ref":"refs/heads/x","before":"` + sha + `","forced":true,"repository":{"default_branch":"trunk"}}`,
		want: cibase.Event{Source: "github:push", Base: sha, DefaultBranch: "trunk", Ancestor: true, Forced: true}},
	{name: "github push new branch", env: gh("push"), payload: `{"ref":"refs/heads/x","before":"0000000000000000000000000000000000000000","repository":{"default_branch":"trunk"}}`,
		want: cibase.Event{Source: "github:push", DefaultBranch: "trunk", Ancestor: true}},
	{name: "github push short before", env: gh("push"), payload: `{"before":"abc","repository":{"default_branch":"trunk"}}`,
		err: `read the push event event.json: before is "abc", not a full commit hash`},
	{name: "github push no default branch", env: gh("push"), payload: `{"before":"` + sha + `"}`,
		err: "read the push event event.json: repository.default_branch is empty"},
	{name: "github no event name", env: map[string]string{"GITHUB_ACTIONS": "true"}, err: "GITHUB_ACTIONS is true but GITHUB_EVENT_NAME is empty"},
	{name: "github schedule", env: gh("schedule"),
		want: cibase.Event{Source: "github:schedule", All: true, Reason: "a schedule event has no change to compare"}},
	{name: "github missing payload", env: gh("pull_request"), err: "read the pull_request event: open event.json: no such file or directory"},
	{name: "gitlab merge train", env: map[string]string{"GITLAB_CI": "true", "CI_PIPELINE_SOURCE": "merge_request_event", "CI_MERGE_REQUEST_EVENT_TYPE": "merge_train", "CI_MERGE_REQUEST_DIFF_BASE_SHA": sha},
		want: cibase.Event{Source: "gitlab:merge_train", Base: sha}},
	{name: "gitlab push", env: map[string]string{"GITLAB_CI": "true", "CI_PIPELINE_SOURCE": "push", "CI_DEFAULT_BRANCH": "main", "CI_COMMIT_BEFORE_SHA": sha},
		want: cibase.Event{Source: "gitlab:push", Base: sha, DefaultBranch: "main", Ancestor: true}},
	{name: "gitlab push bad before", env: map[string]string{"GITLAB_CI": "true", "CI_PIPELINE_SOURCE": "push", "CI_DEFAULT_BRANCH": "main", "CI_COMMIT_BEFORE_SHA": "HEAD~1"},
		want: cibase.Event{Source: "gitlab:push", All: true, Reason: `the branch pipeline's base is unknown: CI_COMMIT_BEFORE_SHA is "HEAD~1", not a full commit hash`}},
	{name: "gitlab api", env: map[string]string{"GITLAB_CI": "true", "CI_PIPELINE_SOURCE": "api"},
		want: cibase.Event{Source: "gitlab:api", All: true, Reason: "a pipeline of source api has no change to compare"}},
	{name: "buildkite pull request", env: map[string]string{"BUILDKITE": "true", "BUILDKITE_PULL_REQUEST": "3", "BUILDKITE_PULL_REQUEST_BASE_BRANCH": "main"},
		want: cibase.Event{Source: "buildkite:pull_request", DefaultBranch: "main"}},
}

func gh(name string) map[string]string {
	return map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": name, "GITHUB_EVENT_PATH": "event.json"}
}

func TestDetect(t *testing.T) {
	for _, tt := range detectTests {
		t.Run(tt.name, func(t *testing.T) {
			readFile := func(name string) ([]byte, error) {
				if tt.payload == "" {
					return nil, &os.PathError{Op: "open", Path: name, Err: errors.New("no such file or directory")}
				}
				return []byte(tt.payload), nil
			}
			got, err := cibase.Detect(func(k string) string { return tt.env[k] }, readFile)
			if tt.err != "" {
				require.EqualError(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func ExampleGitLab() {
	env := map[string]string{"CI_PIPELINE_SOURCE": "push", "CI_DEFAULT_BRANCH": "main", "CI_COMMIT_BRANCH": "topic",
		"CI_COMMIT_BEFORE_SHA": "0000000000000000000000000000000000000000"}
	ev := cibase.GitLab(func(k string) string { return env[k] })
	fmt.Printf("%s: from the merge base with %s\n", ev.Source, ev.DefaultBranch)
	// Output: gitlab:push: from the merge base with main
}
