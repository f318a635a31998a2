package graph_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/graph"
)

// TestLoadRepositoryExample loads the example monorepo policy with its fragments.
func TestLoadRepositoryExample(t *testing.T) {
	_, _, err := graph.Load(os.DirFS("../examples/platform"), "gates.yaml")
	require.NoError(t, err)
}
