// Package selector computes the plan: the CI gates a change needs, in four
// layers (contract, global, local, smoke), each with its reasons.
//
// It composes the leaf packages over plain values: the changed paths, the
// policy graph of gates.yaml (package graph) and the CODEOWNERS rules
// (package ownership). Reading the change from git is package gitrepo
// (selector/gitrepo): Compute (run.go, policy.go, fallback.go) reaches git
// only through its Repo, and the selection (select.go, covers.go,
// build.go) works on values. Printing a plan is package render
// (selector/render); the canonical JSON the digest is computed over stays
// here (plan_json.go, AppendJSON).
//
// One call does everything the CLI does:
//
//	plan, err := selector.Compute(ctx, selector.Options{Dir: ".", Base: "origin/main"})
//	if err != nil {
//		return err // a *HistoryError (errors.Is gitrepo.ErrShallow, gitrepo.ErrNoBase) means missing history
//	}
//	err = render.Write(os.Stdout, plan, "github", render.Options{})
//
// Or step by step, over values:
//
//	g, _, err := graph.Load(os.DirFS(root), "gates.yaml")
//	rs, err := ownership.Parse("CODEOWNERS", data, ownership.Auto)
//	plan, err := selector.Select(selector.Input{Graph: g, Owners: rs, Changes: changes})
//
// Decisions where SPEC.md is silent:
//   - A path named twice in the input is one change; the most informative
//     status wins (rename, copy, add, delete, type change, modify), and an
//     old path that would be lost is kept as a change of its own.
//   - gates.yaml, its fragments and CODEOWNERS are claimed by the policy
//     itself (claim "policy"): editing them makes the plan the union of the
//     base and head policies rather than an "unowned" escalation.
//   - A covering gate removes the instances of the gates it covers
//     (transitively): every scope when it is a global gate, its own scope
//     otherwise. Gates that cover each other never remove each other.
//   - A catalogue gate that no contract, service or domain references is a
//     global gate, selected by triggers and by escalation.
//   - The head policy is read from the work tree when the head is HEAD (so a
//     developer's edits count), else from the head commit's tree; the base
//     policy from the base revision's commit.
//   - With OnErrorAll (the CLI's --on-error all), a plan that cannot be
//     computed becomes every gate of the base revision's policy and of the
//     head's, whichever can be read (both whenever the base can be), with
//     reason fallback and the cause (fallback.go).
//
// Plans are deterministic: every list is sorted, and Plan.Digest is the
// sha256 of the compact JSON plan without it (Plan.Verify checks it).
// Select, Union and the renderers are safe for concurrent use with
// distinct plans; a *gitrepo.Repo is safe for concurrent use; a *Replayer
// (Compute's plans for many commits, for an audit) is not.
//
// Errors carry facts, not advice about a CLI's flags: *gitrepo.HistoryError
// (the revision, the problem, the git commands that fix it),
// *gitrepo.UnreadableError, *HeadTreeError, *BasePolicyError,
// *NoFallbackError. WhyNot returns a Fate, printed by render.WhyNot.
package selector
