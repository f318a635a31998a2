package render

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
)

var writeOutputTests = []struct {
	name, key, value, want string
}{
	{"plain", "count", "3", "count=3\n"},
	{"empty", "matrix", "", "matrix=\n"},
	{"equals and heredoc marker in the value", "k", "a=b<<c", "k=a=b<<c\n"},
	{"newline", "k", "one\ntwo", "k<<GATESEL_EOF\none\ntwo\nGATESEL_EOF\n"},
	{"carriage return", "k", "one\rtwo", "k<<GATESEL_EOF\none\rtwo\nGATESEL_EOF\n"},
	{"delimiter in the value", "k", "a\nGATESEL_EOF\nGATESEL_EOF_1\nb", "k<<GATESEL_EOF_2\na\nGATESEL_EOF\nGATESEL_EOF_1\nb\nGATESEL_EOF_2\n"},
	{"delimiter inside a line is harmless", "k", "a\nxGATESEL_EOF", "k<<GATESEL_EOF\na\nxGATESEL_EOF\nGATESEL_EOF\n"},
}

func TestWriteOutput(t *testing.T) {
	for _, tc := range writeOutputTests {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			writeOutput(&b, tc.key, tc.value)
			assert.Equal(t, tc.want, b.String())
		})
	}
}
