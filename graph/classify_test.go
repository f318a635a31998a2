package graph_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/graph"
)

const classifyConfig = `version: 1
triggers:
  - {name: toolchain, paths: [go.mod, "scripts/ci/**"], select: all}
  - {name: docs, paths: ["**/*.md"], select: []}
contracts:
  billing-api: {paths: ["api/billing/**", "services/ledger/api/**"]}
  all-protos: {paths: ["**/*.proto"]}
services:
  monolith: {paths: ["services/**"]}
  ledger: {paths: ["services/ledger/**", "libs/money/**"], internal: ["services/ledger/testdata/**"]}
  billing: {paths: ["services/billing/**"], internal: ["**/*_test.go"]}
  shared-a: {paths: ["libs/shared/**"]}
  shared-b: {paths: ["libs/shared/**", "libs/other/**"]}
  wild: {paths: ["libs/sha*/x/**"]}
domains:
  payments: {services: [billing, ledger]}
  money: {services: [ledger]}
`

var classifyTests = []struct {
	path string
	want graph.Class
}{
	{"services/billing/main.go", graph.Class{Services: []graph.ServiceClaim{{Service: "billing"}}, Domains: []string{"payments"}}},
	{"services/billing/main_test.go", graph.Class{Services: []graph.ServiceClaim{{Service: "billing", Internal: true}}, Domains: []string{"payments"}}},
	{"services/ledger/testdata/x.json", graph.Class{Services: []graph.ServiceClaim{{Service: "ledger", Internal: true}}, Domains: []string{"money", "payments"}}},
	{"services/other/main.go", graph.Class{Services: []graph.ServiceClaim{{Service: "monolith"}}}},
	{"services/ledger/api/v1.proto", graph.Class{Contracts: []string{"all-protos", "billing-api"}, Services: []graph.ServiceClaim{{Service: "ledger"}}, Domains: []string{"money", "payments"}}},
	{"services/billing/README.md", graph.Class{Triggers: []string{"docs"}, Services: []graph.ServiceClaim{{Service: "billing"}}, Domains: []string{"payments"}}},
	// a tie: both claim
	{"libs/shared/util.go", graph.Class{Services: []graph.ServiceClaim{{Service: "shared-a"}, {Service: "shared-b"}}}},
	// "libs/shared/" (12) is more specific than "libs/sha" (8)
	{"libs/shared/x/y.go", graph.Class{Services: []graph.ServiceClaim{{Service: "shared-a"}, {Service: "shared-b"}}}},
	{"libs/shar/x/y.go", graph.Class{Services: []graph.ServiceClaim{{Service: "wild"}}}},
	{"go.mod", graph.Class{Triggers: []string{"toolchain"}}},
	{"scripts/ci/README.md", graph.Class{Triggers: []string{"toolchain", "docs"}}},
	{"api/billing/openapi.yaml", graph.Class{Contracts: []string{"billing-api"}}},
	{"unclaimed/file.txt", graph.Class{}},
	{"", graph.Class{}},
}

func TestClassify(t *testing.T) {
	g, _, err := graph.Parse("gates.yaml", []byte(classifyConfig))
	require.NoError(t, err)
	for _, tt := range classifyTests {
		t.Run(tt.path, func(t *testing.T) {
			got := g.Classify(tt.path)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.want.Claimed(), got.Claimed())
		})
	}
}

func TestClassifyHandBuiltGraph(t *testing.T) {
	// a Graph built as a literal is indexed on demand
	g := &graph.Graph{Services: map[string]*graph.Service{"a": {Name: "a", Paths: []string{"a/**"}}}}
	assert.Equal(t, graph.Class{Services: []graph.ServiceClaim{{Service: "a"}}}, g.Classify("a/b"))
	g.Services["b"] = &graph.Service{Name: "b", Paths: []string{"a/b"}}
	g.Reindex()
	assert.Equal(t, graph.Class{Services: []graph.ServiceClaim{{Service: "b"}}}, g.Classify("a/b"))
}

func TestClassifyConcurrent(t *testing.T) {
	g, _, err := graph.Parse("gates.yaml", []byte(classifyConfig))
	require.NoError(t, err)
	done := make(chan graph.Class)
	for range 8 {
		go func() { done <- g.Classify("services/billing/main_test.go") }()
	}
	for range 8 {
		assert.Equal(t, classifyTests[1].want, <-done)
	}
}
