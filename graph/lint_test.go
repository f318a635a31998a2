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
	// each warning at the glob it is about; "all" nests "billing" (no
	// warning), "billing" and "twin" tie (one warning, at the later glob)
	assert.Equal(t, []string{
		`gates.yaml:3:39: trigger "toolchain": glob "nothing/**" matches no tracked file`,
		`gates.yaml:5:17: contract "api": glob "api/**" matches no tracked file`,
		`gates.yaml:8:44: service "billing": glob "gone/**" matches no tracked file`,
		`gates.yaml:8:83: service "billing": internal glob "**/fixtures/**" matches no tracked file`,
		`gates.yaml:9:18: services "billing" and "twin" tie: 2 tracked file(s) belong to both, matched by equally specific globs ("services/billing/**" here, "services/billing/**" at gates.yaml:8:21), e.g. services/billing/main.go; make one glob more specific`,
	}, got)
}
