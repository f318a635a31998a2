// Package evidence turns a plan and the outcomes of its gates into
// evidence a release can rely on: pass/fail from artifacts, not from
// someone reading a log.
//
//   - ParsePlan reads a plan as `gatesel select --format json` writes it
//     and refuses, with a positioned error, one whose digest is not the
//     sha256 of its content (a tampered plan), one with a key twice, or one
//     that does not match the plan's JSON Schema. Digest computes a plan's
//     digest as the selector seals it.
//   - A Result (schema gatesel.result/v1) is one gate instance's outcome,
//     bound to the plan's digest and head commit: NewResult, ParseResult,
//     and ParseJUnit to read the outcome from a JUnit XML report (a failure
//     or an error is fail; no test case at all is skip).
//   - Verify checks results against a plan: it passes only when every
//     planned instance has exactly one pass bound to the plan, and lists
//     the missing, failed, skipped, duplicate, stale (another digest or
//     head) and unplanned ones; results of another repository are an
//     error. RenderReport writes the report as text, JSON or Markdown.
//   - NewStatement builds an in-toto Statement v1 (subject: the head
//     commit as a gitCommit digest; predicateType
//     https://gatesel.dev/evidence/v1) with the plan's revisions, the
//     gitBlob hashes of the policy files at base and head (PolicyFiles),
//     every instance with its reasons and result, and the escalations.
//
// The package works on values: reading the repository (the policy files of
// a commit, a plan to recompute) is the caller's, through selector.
//
// Usage:
//
//	plan, err := evidence.ParsePlan("plan.json", data) // a tampered plan fails here
//	if err != nil {
//		return err
//	}
//	r, err := evidence.NewResult(plan, "unit:ledger", evidence.Pass, start, time.Now())
//	...
//	rep, err := evidence.Verify(plan, results, evidence.VerifyOptions{Repository: repo})
//	if err != nil {
//		return err // a result of another repository
//	}
//	if !rep.OK() {
//		evidence.RenderReport(os.Stdout, rep, "text") // one line a problem
//	}
package evidence
