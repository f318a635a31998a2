package render_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/gatesel/gatesel/graph"
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

// Write picks a format by name; the JSON is the plan's canonical JSON, indented.
func ExampleWrite() {
	g, _, _ := graph.Parse("gates.yaml", []byte(examplePolicy))
	plan, _ := selector.Select(selector.Input{Graph: g})
	_ = plan.Seal()
	var b strings.Builder
	_ = render.Write(&b, plan, "json", render.Options{})
	fmt.Println(strings.Split(b.String(), "\n")[1])
	// Output:
	//   "schema": "gatesel.plan/v2",
}
