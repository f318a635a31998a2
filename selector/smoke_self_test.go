package selector

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/graph"
)

// SPEC §2: one hop leads from a changed service to each consumer of a
// contract it provides, the service itself included. A service that
// provides and consumes the same contract gets its own smoke gates when it
// changes, as a depends_on cycle a -> b -> a does.
func TestSmokeOfOwnContract(t *testing.T) {
	const policy = `version: 1
gates: {unit: {run: u}, smoke: {run: s}}
contracts:
  events: {paths: [api/events/**]}
services:
  bus: {paths: [bus/**], provides: [events], consumes: [events], gates: [unit], smoke: [smoke]}
  a: {paths: [a/**], depends_on: [b], smoke: [smoke]}
  b: {paths: [b/**], depends_on: [a], smoke: [smoke]}
`
	g, _, err := graph.Parse("gates.yaml", []byte(policy))
	require.NoError(t, err)
	for _, tc := range []struct {
		name, path string
		want       []string
	}{
		{"provides and consumes", "bus/main.go", []string{"unit:bus: changed: bus/main.go", "smoke:bus: smoke: bus -> events -> bus"}},
		{"depends_on cycle", "a/main.go", []string{"smoke:a: smoke: a -> b -> a", "smoke:b: smoke: a -> b"}},
		{"the contract itself", "api/events/v1.proto", []string{"unit:bus: contract: api/events/v1.proto (events)", "smoke:bus: smoke: events -> bus"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Select(Input{Graph: g, Changes: changes(tc.path)})
			require.NoError(t, err)
			assert.Equal(t, tc.want, summary(p))
		})
	}
}
