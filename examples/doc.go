// Package examples holds gatesel's example policy and CI recipes, and the
// tests that keep them working:
//
//   - platform/: a monorepo policy (gates.yaml with fragments, CODEOWNERS,
//     a skeleton tree and sample change lists under changes/). Try
//     `go run ./cmd/gatesel select -C examples/platform --files examples/platform/changes/ledger.txt`;
//   - github/.github/workflows/gates.yml: a GitHub Actions workflow with a
//     plan job, a matrix job per layer and a required-check aggregator
//     (checked by actionlint in .ci/run);
//   - gitlab/.gitlab-ci.yml: a GitLab parent pipeline that generates and
//     triggers the child pipeline of `gatesel select --format gitlab`.
//
// The package has no API: its tests load the policy with graph.Load and
// parse the pipelines.
package examples
