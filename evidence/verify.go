package evidence

import (
	"fmt"
	"slices"
	"strings"

	"github.com/gatesel/gatesel/internal/poserr"
	"github.com/gatesel/gatesel/selector"
)

// Problem kinds of a verification, in the order a report lists them.
type Problem string

const (
	Missing   Problem = "missing"   // a planned instance with no result for this plan
	Failed    Problem = "failed"    // its one result is fail
	Skipped   Problem = "skipped"   // its one result is skip: the gate did not run
	Duplicate Problem = "duplicate" // more than one result for this plan
	Stale     Problem = "stale"     // a result for another digest or another head
	Unplanned Problem = "unplanned" // a result for an instance the plan does not hold
)

// Problems lists the kinds in report order.
var Problems = []Problem{Missing, Failed, Skipped, Duplicate, Stale, Unplanned}

// Finding is one line of a report: an instance id, the files of its
// results and, for stale ones, what they were bound to.
type Finding struct {
	Kind   Problem  `json:"kind"`
	ID     string   `json:"id"`
	Files  []string `json:"files"`
	Detail string   `json:"detail,omitempty"`
}

// Report is the verdict on a plan and its results: every planned instance
// passed exactly once, bound to the plan's digest and head, or the
// findings that say why not.
type Report struct {
	Digest   string    `json:"digest"`
	Head     string    `json:"head"`
	Planned  int       `json:"planned"`
	Passed   []string  `json:"passed"`   // ids with exactly one pass
	Findings []Finding `json:"findings"` // by kind (Problems order), then id
	Results  int       `json:"results"`  // result records read

	// Current maps a planned id to its one result for this plan (pass,
	// fail or skip), for the evidence statement.
	Current map[string]*Result `json:"-"`
}

// OK reports whether the plan passed: no finding at all.
func (r *Report) OK() bool { return len(r.Findings) == 0 }

// Count is the number of findings of a kind.
func (r *Report) Count(k Problem) int {
	n := 0
	for _, f := range r.Findings {
		if f.Kind == k {
			n++
		}
	}
	return n
}

// VerifyOptions configure Verify.
type VerifyOptions struct {
	// Repository is the repository the results must come from (CI's
	// repository URL). Empty: the results must agree among themselves.
	Repository string
}

// Verify checks results against plan p. It returns an error, positioned
// in the result files, when a result comes from another repository than
// opt.Repository (or, without one, when the results name two
// repositories): such results are not evidence about this plan at all.
// Otherwise the report says whether every planned instance has exactly
// one pass bound to the plan's digest and head.
func Verify(p *selector.Plan, results []*Result, opt VerifyOptions) (*Report, error) {
	if err := checkRepository(results, opt.Repository); err != nil {
		return nil, err
	}
	rep := &Report{Digest: p.Digest, Planned: len(p.Gates), Passed: []string{}, Findings: []Finding{},
		Results: len(results), Current: map[string]*Result{}}
	head := ""
	if p.Head != nil {
		head = p.Head.Commit
	}
	rep.Head = head
	planned := make(map[string]bool, len(p.Gates))
	for _, in := range p.Gates {
		planned[in.ID] = true
	}
	current := map[string][]*Result{}
	var stale, unplanned []Finding
	for _, r := range results {
		switch {
		case r.PlanDigest != p.Digest || r.Head != head:
			var why []string
			if r.PlanDigest != p.Digest {
				why = append(why, "plan "+r.PlanDigest+", not "+p.Digest)
			}
			if r.Head != head {
				why = append(why, "head "+orEmpty(r.Head)+", not "+orEmpty(head))
			}
			stale = append(stale, Finding{Kind: Stale, ID: r.ID, Files: []string{r.File}, Detail: strings.Join(why, "; ")})
		case !planned[r.ID]:
			unplanned = append(unplanned, Finding{Kind: Unplanned, ID: r.ID, Files: []string{r.File}, Detail: "the plan holds no such instance" + suggestID(p, r.ID)})
		default:
			current[r.ID] = append(current[r.ID], r)
		}
	}
	var missing, failed, skipped, dups []Finding
	for _, in := range p.Gates {
		rs := current[in.ID]
		switch {
		case len(rs) == 0:
			missing = append(missing, Finding{Kind: Missing, ID: in.ID, Files: []string{}})
		case len(rs) > 1:
			var sts []string
			for _, r := range rs {
				sts = append(sts, string(r.Status))
			}
			dups = append(dups, Finding{Kind: Duplicate, ID: in.ID, Files: files(rs), Detail: fmt.Sprintf("%d results (%s)", len(rs), strings.Join(sts, ", "))})
		case rs[0].Status == Pass:
			rep.Passed = append(rep.Passed, in.ID)
			rep.Current[in.ID] = rs[0]
		case rs[0].Status == Fail:
			failed = append(failed, Finding{Kind: Failed, ID: in.ID, Files: files(rs), Detail: junitDetail(rs[0])})
			rep.Current[in.ID] = rs[0]
		default:
			skipped = append(skipped, Finding{Kind: Skipped, ID: in.ID, Files: files(rs), Detail: "a skipped gate did not run"})
			rep.Current[in.ID] = rs[0]
		}
	}
	byID := func(a, b Finding) int {
		return strings.Compare(a.ID+"\x00"+strings.Join(a.Files, "\x00"), b.ID+"\x00"+strings.Join(b.Files, "\x00"))
	}
	for _, l := range [][]Finding{missing, failed, skipped, dups, stale, unplanned} {
		slices.SortStableFunc(l, byID)
		rep.Findings = append(rep.Findings, l...)
	}
	return rep, nil
}

func files(rs []*Result) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.File
	}
	slices.Sort(out)
	return out
}

func junitDetail(r *Result) string {
	var parts []string
	for _, j := range r.JUnit {
		if j.Failures+j.Errors > 0 {
			parts = append(parts, fmt.Sprintf("%s: %d failed, %d errors of %d tests", j.File, j.Failures, j.Errors, j.Tests))
		}
	}
	return strings.Join(parts, "; ")
}

func orEmpty(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// checkRepository refuses results of another repository.
func checkRepository(results []*Result, want string) error {
	var errs poserr.List
	if want == "" {
		for _, r := range results {
			if r.Repository != "" {
				want = r.Repository
				break
			}
		}
		for _, r := range results {
			if r.Repository != want && r.Repository != "" {
				errs.Add(r.errAt("repository", fmt.Errorf("a result of repository %q among results of %q", r.Repository, want)))
			}
		}
		return errs.Err()
	}
	for _, r := range results {
		if r.Repository != want {
			errs.Add(r.errAt("repository", fmt.Errorf("a result of repository %q, not of %q", orEmpty(r.Repository), want)))
		}
	}
	return errs.Err()
}
