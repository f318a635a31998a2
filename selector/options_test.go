package selector

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParsePolicy(t *testing.T) {
	for s, want := range map[string]Policy{"": "", "both": PolicyBoth, "base": PolicyBase, "head": PolicyHead} {
		got, err := ParsePolicy(s)
		require.NoError(t, err, s)
		assert.Equal(t, want, got, s)
	}
	for _, s := range []string{"Both", "union", " head"} {
		_, err := ParsePolicy(s)
		assert.EqualError(t, err, `unknown policy "`+s+`" (want both, base or head)`)
	}
}

func TestParseOnError(t *testing.T) {
	for s, want := range map[string]OnError{"fail": OnErrorFail, "all": OnErrorAll} {
		got, err := ParseOnError(s)
		require.NoError(t, err, s)
		assert.Equal(t, want, got, s)
	}
	for _, s := range []string{"", "ALL", "warn"} {
		_, err := ParseOnError(s)
		assert.EqualError(t, err, `unknown on-error choice "`+s+`" (want fail or all)`)
	}
}

// TestComputeRejectsUnknownPolicy: a library caller's Policy is checked as
// the CLI's flag is.
func TestComputeRejectsUnknownPolicy(t *testing.T) {
	_, err := Compute(t.Context(), Options{Dir: t.TempDir(), Policy: "union"})
	assert.EqualError(t, err, `unknown policy "union" (want both, base or head)`)
}
