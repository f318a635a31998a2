package audit

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/graph"
)

// A gate in two roles (issue 16) is counted in the layer a plan of every
// gate puts it in: local where the service lists it in gates, smoke where
// only in smoke.
func TestAllInstancesGateInTwoRoles(t *testing.T) {
	g, _, err := graph.Parse("gates.yaml", []byte("version: 1\ngates: {test: {}, check: {}}\ncontracts:\n  platform: {gates: [check]}\nservices:\n  lib: {paths: [lib/**], gates: [test], smoke: [test]}\n  web: {paths: [web/**], depends_on: [lib], smoke: [test]}\n"))
	require.NoError(t, err)
	assert.Equal(t, map[string]map[string]bool{
		"contract": {"check:platform": true},
		"local":    {"test:lib": true},
		"smoke":    {"test:web": true},
	}, allInstances(g))
}
