package render

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

// indentCases are JSON values in the shapes a plan has: nesting, empty
// objects and lists, strings with quotes, escapes, brackets and commas.
var indentCases = []string{
	`{}`, `[]`, `""`, `0`, `null`, `true`,
	`{"a":[]}`, `{"a":{}}`, `[[],{}]`, `[{}]`, `[[[]]]`,
	`{"schema":"gatesel.plan/v1","base":null,"changes":[{"path":"a\"b\\c,d:{e}[f]","owners":[],"claims":["x"]}],"n":-1.5e+30,"all":false}`,
	`{"k\\":"v\\\\","\u2028":"\u003c\u003e\u0026","x":[1,2,{"y":[null,true]}]}`,
}

func TestIndentJSON(t *testing.T) {
	for _, c := range indentCases {
		var want bytes.Buffer
		require.NoError(t, json.Indent(&want, []byte(c), "", "  "))
		require.Equal(t, want.String(), string(indentJSON(nil, []byte(c))), c)
	}
}

// FuzzIndentJSON checks indentJSON against json.Indent on the compact
// encoding of any JSON value.
func FuzzIndentJSON(f *testing.F) {
	for _, c := range indentCases {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var v any
		if json.Unmarshal([]byte(s), &v) != nil {
			return
		}
		compact, err := json.Marshal(v)
		require.NoError(t, err)
		var want bytes.Buffer
		require.NoError(t, json.Indent(&want, compact, "", "  "))
		require.Equal(t, want.String(), string(indentJSON(nil, compact)))
	})
}
