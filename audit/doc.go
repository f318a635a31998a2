// Package audit replays a range of commits as CI would have planned each
// one — with that commit's own policy, against its first parent — and
// measures what selection costs and what it misses:
//
//   - per commit: the planned instances against every instance the
//     commit's policy can plan, per layer; whether everything was selected,
//     and why (the escalations);
//   - over the range: the selection rate, the distribution of plan sizes,
//     the commits that selected everything with their causes, and the paths
//     behind those causes, which are the ones a team should narrow;
//   - with the failures of full runs (commit → instance ids that failed),
//     the recall: failures whose gate was selected ÷ failures, and every
//     miss with the reason its gate was not selected (selector.WhyNot, the
//     why-not of `gatesel explain --gate`).
//
// Replay reads git (through selector's repository API); everything else
// works on values, and Render writes the report as text, JSON, Markdown or
// an SVG chart of selection rate and plan size over the range.
//
// Usage:
//
//	fails, err := audit.ParseFailures("failures.tsv", data)
//	if err != nil {
//		return err
//	}
//	if fails, err = audit.ResolveFailures(ctx, ".", "failures.tsv", fails); err != nil {
//		return err
//	}
//	rep, err := audit.Replay(ctx, audit.Options{Dir: ".", Range: "v1.0..main", FirstParent: true, Failures: fails})
//	if err != nil {
//		return err
//	}
//	return audit.Render(os.Stdout, rep, "markdown")
package audit
