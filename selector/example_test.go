package selector_test

import (
	"fmt"

	"github.com/gatesel/gatesel/graph"
	"github.com/gatesel/gatesel/ownership"
	"github.com/gatesel/gatesel/selector"
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
