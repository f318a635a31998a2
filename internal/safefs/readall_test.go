package safefs

import (
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReadAll: readAll reads everything whatever size it was told (a
// file that grew or shrank since its Stat), through short reads too.
func TestReadAll(t *testing.T) {
	text := strings.Repeat("0123456789", 100)
	for _, size := range []int64{0, 1, 999, 1000, 1001, 5000} {
		got, err := readAll(iotest.HalfReader(strings.NewReader(text)), size)
		require.NoError(t, err, "size %d", size)
		assert.Equal(t, text, string(got), "size %d", size)
	}
	_, err := readAll(iotest.TimeoutReader(strings.NewReader(text)), 10)
	assert.ErrorIs(t, err, iotest.ErrTimeout)
}
