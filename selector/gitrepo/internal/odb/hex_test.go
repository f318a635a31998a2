package odb

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestIsHex8: every byte value, at every position of a word of hex
// digits, is taken by isHex8 as the table takes it (the bytes are tested
// independently, so this is every case); and IsHex of any length agrees
// with the table.
func TestIsHex8(t *testing.T) {
	digits := []byte("0123456789abcdefABCDEF")
	for pos := range 8 {
		for c := range 256 {
			word := []byte("0a1B2c3D")
			word[pos] = byte(c)
			want := strings.IndexByte(string(digits), byte(c)) >= 0
			x := uint64(0)
			for i := 7; i >= 0; i-- {
				x = x<<8 | uint64(word[i])
			}
			require.Equal(t, want, isHex8(x), "byte %#x at %d", c, pos)
			long := []byte(strings.Repeat("f", 17))
			long[pos*2] = byte(c)
			require.Equal(t, want, IsHex(long), "byte %#x at %d of 17", c, pos*2)
		}
	}
	assert.True(t, IsHex(nil))
	assert.True(t, IsHex([]byte(strings.Repeat("0123456789abcdef", 3)+"ABCDEF")))
}
