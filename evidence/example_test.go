package evidence_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/gatesel/gatesel/evidence"
	"github.com/gatesel/gatesel/graph"
	"github.com/gatesel/gatesel/selector"
	"github.com/gatesel/gatesel/selector/render"
)

// examplePlan is a sealed plan of a change to ledger, computed from values.
func examplePlan() *selector.Plan {
	g, _, err := graph.Parse("gates.yaml", []byte(`version: 1
gates:
  contract-check: {run: make contract-check}
  unit:  {run: "go test ./{{.Dir}}/..."}
  smoke: {run: "smoke {{.Name}}"}
contracts:
  platform: {gates: [contract-check]}
services:
  ledger: {paths: ["services/ledger/**"], gates: [unit]}
  billing: {paths: ["services/billing/**"], depends_on: [ledger], gates: [unit], smoke: [smoke]}
`))
	if err != nil {
		panic(err)
	}
	plan, err := selector.Select(selector.Input{Graph: g,
		Changes: []selector.Change{{Path: "services/ledger/book.go", Status: selector.Modified}}})
	if err != nil {
		panic(err)
	}
	plan.Head = &selector.Revision{Rev: "HEAD", Commit: "6acac028830b8540bbe72f52cf895279e4df29c0"}
	plan.Digest, _ = evidence.Digest(plan)
	return plan
}

// Verify passes only when every planned instance passed exactly once for
// this plan; here smoke:billing failed and unit:ledger never reported.
func ExampleVerify() {
	plan := examplePlan()
	at := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
	var results []*evidence.Result
	for id, st := range map[string]evidence.Status{"contract-check:platform": evidence.Pass, "smoke:billing": evidence.Fail} {
		r, err := evidence.NewResult(plan, id, st, at, at.Add(time.Minute))
		if err != nil {
			panic(err)
		}
		r.File = id + ".json"
		results = append(results, r)
	}
	rep, err := evidence.Verify(plan, results, evidence.VerifyOptions{})
	if err != nil {
		panic(err)
	}
	fmt.Println(rep.OK())
	for _, f := range rep.Findings {
		fmt.Println(f.Kind, f.ID, f.Files)
	}
	// Output:
	// false
	// missing unit:ledger []
	// failed smoke:billing [smoke:billing.json]
}

// ParseJUnit reads a JUnit XML report: a failure or an error is fail.
func ExampleParseJUnit() {
	s, err := evidence.ParseJUnit("report.xml", []byte(`<testsuite name="unit">
  <testcase name="a"/>
  <testcase name="b"><failure message="want 1, got 2"/></testcase>
  <testcase name="c"><skipped/></testcase>
</testsuite>`))
	if err != nil {
		panic(err)
	}
	fmt.Println(s.Tests, s.Failures, s.Skipped, s.Status())
	// Output:
	// 3 1 1 fail
}

// ParsePlan refuses a plan edited after select computed it.
func ExampleParsePlan() {
	plan := examplePlan()
	var buf strings.Builder
	_ = render.JSON(&buf, plan)
	_, err := evidence.ParsePlan("plan.json", []byte(buf.String()))
	fmt.Println(err)
	edited := strings.Replace(buf.String(), `"run": "smoke billing"`, `"run": "true"`, 1)
	_, err = evidence.ParsePlan("plan.json", []byte(edited))
	fmt.Println(err != nil)
	// Output:
	// <nil>
	// true
}
