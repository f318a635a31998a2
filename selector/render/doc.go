// Package render prints a plan (package selector) in the output formats of
// gatesel: text (Text), gatesel.plan/v2 JSON (JSON), a GitHub Actions matrix
// (GitHub, GitHubOutput), a GitLab child pipeline (GitLab) and a markdown
// summary (Markdown); the policy graph with a plan's states (NewGraphView,
// then Graph: DOT, Mermaid, JSON); and why a gate instance runs or not
// (WhyNot, over selector.WhyNot's Fate). Write picks a plan format by name.
// In the human formats, names from the policy and the change are printed
// through Escape (control characters and invalid UTF-8 as visible
// escapes); markdown also keeps them from mentioning a team or linking.
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
