package render

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
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
		checkIndent(t, want.String(), []byte(c))
	}
}

// checkIndent checks indentJSON on src whole and written in pieces of
// every size up to its length (writeIndented's), and writeIndented.
func checkIndent(t *testing.T, want string, src []byte) {
	t.Helper()
	got, err := indentJSON(nil, src, nil, 0)
	require.NoError(t, err)
	require.Equal(t, want, string(got), "whole: %s", src)
	for chunk := 1; chunk <= len(want); chunk++ {
		var w bytes.Buffer
		rest, err := indentJSON(nil, src, &w, chunk)
		require.NoError(t, err)
		require.Less(t, len(rest), chunk, "left unwritten")
		require.Equal(t, want, w.String()+string(rest), "in pieces of %d: %s", chunk, src)
	}
	var w bytes.Buffer
	require.NoError(t, writeIndented(&w, src))
	require.Equal(t, want+"\n", w.String())
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
		checkIndent(t, want.String(), compact)
	})
}

// failAfter accepts n bytes, then fails every write, counting the writes
// tried after the first failure.
type failAfter struct {
	n, got int
	failed bool
	after  int
}

var errFull = errors.New("no space left on device")

func (f *failAfter) Write(p []byte) (int, error) {
	if f.failed {
		f.after++
		return 0, errFull
	}
	if f.got+len(p) > f.n {
		f.failed = true
		k := f.n - f.got
		f.got = f.n
		return k, errFull
	}
	f.got += len(p)
	return len(p), nil
}

// TestWriteIndentedWriterFails: a writer that fails after the first
// chunks have gone out (a full disk, a closed pipe, several chunks into a
// large plan) ends writeIndented with its error at once: nothing after it
// is written and the failure is never lost.
func TestWriteIndentedWriterFails(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"gates":[`)
	for i := range 20000 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":"unit@s%d","run":"go test ./services/s%d/..."}`, i, i)
	}
	b.WriteString(`]}`)
	src := []byte(b.String())
	require.Greater(t, len(src), 4*indentChunk)
	for _, n := range []int{0, 1, indentChunk - 1, indentChunk + 1, 2*indentChunk + 7} {
		w := &failAfter{n: n}
		err := writeIndented(w, src)
		require.ErrorIs(t, err, errFull, "failing after %d bytes", n)
		require.Equal(t, n, w.got)
		require.Zero(t, w.after, "writes after the failure, failing after %d bytes", n)
	}
}
