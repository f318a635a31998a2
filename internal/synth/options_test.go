package synth

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHugeOptions: Huge() makes a valid repository with the change-100000
// pair, which no smaller preset gets (their pairs and hashes stay as they
// were).
func TestHugeOptions(t *testing.T) {
	o := Huge().withDefaults()
	require.NoError(t, o.check())
	assert.Equal(t, 1_000_000, o.Files)
	assert.Equal(t, 10_000, o.Services)
	assert.Equal(t, 1_000, o.Contracts)
	assert.Equal(t, 500, o.Fragments)
	assert.Contains(t, changeSizes, 100_000)
	for _, small := range []Options{Small(), Medium(), {Seed: 1}} {
		small = small.withDefaults()
		assert.Greater(t, 100_000, small.Files*3/4, "change-100000 is left out of a repository of %d files", small.Files)
	}
}
