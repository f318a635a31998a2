package graph_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/graph"
)

func TestLint(t *testing.T) {
	in := `version: 1
triggers:
  - {name: toolchain, paths: [go.mod, "nothing/**"], select: all}
contracts:
  api: {paths: ["api/**"]}
services:
  all: {paths: ["services/**"]}
  billing: {paths: ["services/billing/**", "gone/**"], internal: ["**/*_test.go", "**/fixtures/**"]}
  twin: {paths: ["services/billing/**"]}
`
	g, _, err := graph.Parse("gates.yaml", []byte(in))
	require.NoError(t, err)
	tracked := []string{"go.mod", "services/billing/main.go", "services/billing/main_test.go", "services/other/x.go"}
	var got []string
	for _, w := range g.Lint(tracked) {
		got = append(got, w.String())
	}
	assert.Equal(t, []string{
		`gates.yaml:3:5: trigger "toolchain": glob "nothing/**" matches no tracked file`,
		`gates.yaml:5:3: contract "api": glob "api/**" matches no tracked file`,
		`gates.yaml:8:3: service "billing": glob "gone/**" matches no tracked file`,
		`gates.yaml:8:3: service "billing": internal glob "**/fixtures/**" matches no tracked file`,
		`gates.yaml:8:3: services "all" and "billing" overlap: 2 tracked file(s) match both, e.g. services/billing/main.go`,
		`gates.yaml:9:3: services "all" and "twin" overlap: 2 tracked file(s) match both, e.g. services/billing/main.go`,
		`gates.yaml:9:3: services "billing" and "twin" overlap: 2 tracked file(s) match both, e.g. services/billing/main.go`,
	}, got)
}
