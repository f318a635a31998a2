// Package render prints a plan (package selector) in the output formats of
// gatesel: text (Text), gatesel.plan/v2 JSON (JSON), a GitHub Actions matrix
// (GitHub, GitHubOutput), a GitLab child pipeline (GitLab) and a markdown
// summary (Markdown); and the policy graph with a plan's states (Graph: DOT,
// Mermaid, JSON). Write picks a format by name.
//
//	plan, err := selector.Compute(ctx, selector.Options{Dir: ".", Base: "origin/main"})
//	if err != nil {
//		return err
//	}
//	err = render.Write(os.Stdout, plan, "github", render.Options{})
//
// The JSON is the plan's canonical JSON (selector.AppendJSON), indented.
// Every renderer is deterministic and safe for concurrent use with
// distinct plans.
package render
