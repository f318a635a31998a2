package ownership

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// fieldsByByte is the byte-at-a-time splitter fields replaced, kept as
// the reference it must agree with.
func fieldsByByte(line string, comments bool) []string {
	var out []string
	var b strings.Builder
	inField := false
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case c == '\\' && i+1 < len(line) && (line[i+1] == ' ' || line[i+1] == '\t'):
			b.WriteByte(line[i+1])
			i++
			inField = true
		case c == ' ' || c == '\t':
			if inField {
				out = append(out, b.String())
				b.Reset()
				inField = false
			}
		case c == '#' && !inField && comments && len(out) > 0:
			return out
		default:
			b.WriteByte(c)
			inField = true
		}
	}
	if inField {
		out = append(out, b.String())
	}
	return out
}

var fieldLines = []string{
	"", " ", "\t\t", "a", " a ", "a b\tc", "/docs/** @org/docs @alice # the docs",
	"#not-a-comment @x", "a #comment", "a#b c", `a\ b c`, `a\	b`, `\ lead`, `trail\ `,
	`a\\ b`, `a\b`, `\`, `a \`, `a\ \ b`, "a \\\t", "[Section] @x", "x @o # c # d", "é\\ ü @ü",
}

func TestFieldsAgree(t *testing.T) {
	for _, line := range fieldLines {
		for _, comments := range []bool{true, false} {
			require.Equal(t, fieldsByByte(line, comments), fields(line, comments), "%q comments=%v", line, comments)
		}
	}
	require.Equal(t, []string{"/a b/**", "@x"}, fields(`/a\ b/** @x # owners`, true))
}

func FuzzFields(f *testing.F) {
	for _, line := range fieldLines {
		f.Add(line, true)
	}
	f.Fuzz(func(t *testing.T, line string, comments bool) {
		require.Equal(t, fieldsByByte(line, comments), fields(line, comments))
	})
}
