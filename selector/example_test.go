package selector_test

import (
	"fmt"
	"os"

	"github.com/gatesel/gatesel/graph"
	"github.com/gatesel/gatesel/ownership"
	"github.com/gatesel/gatesel/selector"
	"github.com/gatesel/gatesel/selector/render"
)

const examplePolicy = `version: 1
gates:
  contract-check: {run: make contract-check}
  unit:  {run: "go test ./{{.Dir}}/..."}
  smoke: {run: "smoke {{.Name}}"}
contracts:
  platform: {gates: [contract-check]}
services:
  ledger:
    paths: ["services/ledger/**"]
    gates: [unit]
  billing:
    paths: ["services/billing/**"]
    depends_on: [ledger]
    gates: [unit]
    smoke: [smoke]
`

// Select plans the gates of a change given as values.
func ExampleSelect() {
	g, _, err := graph.Parse("gates.yaml", []byte(examplePolicy))
	if err != nil {
		panic(err)
	}
	rs, _ := ownership.Parse("CODEOWNERS", []byte("/services/ledger/ @acme/ledger\n"), ownership.GitHub)
	plan, err := selector.Select(selector.Input{
		Graph:   g,
		Owners:  rs,
		Changes: []selector.Change{{Path: "services/ledger/book.go", Status: selector.Modified}},
	})
	if err != nil {
		panic(err)
	}
	for _, in := range plan.Gates {
		fmt.Printf("%-24s %-8s %-30s %s\n", in.ID, in.Layer, in.Run, in.Reasons[0])
	}
	// Output:
	// contract-check:platform  contract make contract-check            always
	// unit:ledger              local    go test ./services/ledger/...  changed: services/ledger/book.go
	// smoke:billing            smoke    smoke billing                  smoke: ledger -> billing
}

// Text prints a plan for a person; --explain adds every reason.
func ExampleText() {
	g, _, _ := graph.Parse("gates.yaml", []byte(examplePolicy))
	plan, _ := selector.Select(selector.Input{
		Graph:   g,
		Changes: []selector.Change{{Path: "services/billing/api.go", Status: selector.Added}},
	})
	_ = render.Text(os.Stdout, plan, render.Options{})
	// Output:
	// 2 gate(s): 1 contract, 0 global, 1 local, 0 smoke
	// change: 1 file(s)
	//
	// contract
	//   contract-check:platform  always
	//
	// local
	//   unit:billing             changed: services/billing/api.go
}

// ExplainPaths tells what one path selects, and why.
func ExampleExplainPaths() {
	g, _, _ := graph.Parse("gates.yaml", []byte(examplePolicy))
	exps, _ := selector.ExplainPaths(selector.Input{Graph: g}, []string{"services/ledger/book.go"})
	for _, in := range exps[0].Gates {
		fmt.Println(in.ID, "because", in.Reasons[0])
	}
	// Output:
	// unit:ledger because changed: services/ledger/book.go
	// smoke:billing because smoke: ledger -> billing
}
