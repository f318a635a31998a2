package graph_test

import (
	"fmt"

	"github.com/gatesel/gatesel/graph"
)

const exampleConfig = `version: 1
gates:
  unit: {run: "go test ./{{.Dir}}/..."}
  smoke: {run: "scripts/smoke.sh {{.Name}}"}
contracts:
  billing-api: {paths: ["api/billing/**"]}
services:
  ledger: {paths: ["services/ledger/**"], provides: [billing-api], gates: [unit]}
  billing: {paths: ["services/billing/**"], internal: ["**/*_test.go"], depends_on: [ledger], gates: [unit]}
  checkout: {paths: ["services/checkout/**"], consumes: [billing-api], depends_on: [billing], smoke: [smoke]}
`

func ExampleParse() {
	g, _, err := graph.Parse("gates.yaml", []byte(exampleConfig))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(g.ServiceNames(), g.Gates["smoke"].Layer)
	// Output: [billing checkout ledger] smoke
}

func ExampleParse_errors() {
	_, _, err := graph.Parse("gates.yaml", []byte("version: 1\nservices:\n  a: {paths: [a/**], gates: [unti]}\ngates: {unit: {}}\n"))
	fmt.Println(err)
	// Output: gates.yaml:3:30: service "a": gates: unknown gate "unti" (did you mean "unit"?)
}

func ExampleGraph_Classify() {
	g, _, _ := graph.Parse("gates.yaml", []byte(exampleConfig))
	fmt.Printf("%+v\n", g.Classify("services/billing/pay_test.go"))
	// Output: {Triggers:[] Contracts:[] Services:[{Service:billing Internal:true}] Domains:[]}
}

func ExampleGraph_Dependents() {
	g, _, _ := graph.Parse("gates.yaml", []byte(exampleConfig))
	for _, r := range g.Dependents([]graph.Node{{Kind: graph.ServiceNode, Name: "ledger"}}, 0) {
		fmt.Println(r.Service, r.Hops, r.Chain)
	}
	// Output:
	// billing 1 ledger -> billing
	// checkout 1 ledger -> billing-api -> checkout
}

func ExampleGate_Render() {
	g, _, _ := graph.Parse("gates.yaml", []byte(exampleConfig))
	run, _, _ := g.Gates["unit"].Render(g.Scope("service", "billing"))
	fmt.Println(run)
	// Output: go test ./services/billing/...
}
