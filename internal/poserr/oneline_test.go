package poserr

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

var oneLineTests = []struct {
	name, in, want string
}{
	{name: "one line", in: "read base main: not found", want: "read base main: not found"},
	{name: "a colon introduces the next line", in: "load policy from the base 934999fbab27:\ngates.yaml:3:5: unknown gate \"x\"",
		want: `load policy from the base 934999fbab27: gates.yaml:3:5: unknown gate "x"`},
	{name: "a list of problems", in: "gates.yaml:3:5: a\ngates.yaml:4:5: b", want: "gates.yaml:3:5: a; gates.yaml:4:5: b"},
	{name: "both", in: "load policy from the base abc:\ngates.yaml:3:5: a\ngates.yaml:4:5: b\n(fix: pass --policy head)",
		want: "load policy from the base abc: gates.yaml:3:5: a; gates.yaml:4:5: b; (fix: pass --policy head)"},
	{name: "blank lines and runs of blanks", in: "  a:\n\n   b  c \n", want: "a: b c"},
	{name: "empty", in: "", want: ""},
}

func TestOneLine(t *testing.T) {
	for _, tc := range oneLineTests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, OneLine(tc.in))
		})
	}
}
