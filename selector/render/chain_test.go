package render_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/selector"
	"github.com/gatesel/gatesel/selector/render"
)

// chainPlan plans a change to the first service of a chain of n.
func chainPlan(t *testing.T, n int) *selector.Plan {
	t.Helper()
	var b strings.Builder
	b.WriteString("version: 1\ngates:\n  smoke: {run: 'smoke {{.Name}}'}\nservices:\n")
	for i := range n {
		fmt.Fprintf(&b, "  s%05d: {paths: [s%05d/**], smoke: [smoke]", i, i)
		if i > 0 {
			fmt.Fprintf(&b, ", depends_on: [s%05d]", i-1)
		}
		b.WriteString("}\n")
	}
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "gates.yaml"), []byte(b.String()), 0o644))
	p, err := selector.Compute(context.Background(), selector.Options{Dir: dir, Changes: []selector.Change{{Path: "s00000/main.go", Status: selector.Modified}}})
	require.NoError(t, err)
	return p
}

// Every format of the plan of a 20,000-service chain stays linear (schema
// v2 shares the chains; the one-line formats shorten them): under 20 MB.
func TestLongChainFormats(t *testing.T) {
	if testing.Short() {
		t.Skip("a 20,000-service policy")
	}
	p := chainPlan(t, 20000)
	for _, format := range []string{"text", "json", "markdown", "gitlab"} {
		var out bytes.Buffer
		require.NoError(t, render.Write(&out, p, format, render.Options{}), format)
		assert.Less(t, out.Len(), 20<<20, format)
	}
	var text bytes.Buffer
	require.NoError(t, render.Write(&text, p, "text", render.Options{}))
	assert.Contains(t, text.String(), "smoke:s19999  smoke: s00000 -> … 19996 more … -> s19997 -> s19998 -> s19999\n")
}

// --explain prints every chain whole.
func TestExplainFullChain(t *testing.T) {
	p := chainPlan(t, 12)
	var text bytes.Buffer
	require.NoError(t, render.Write(&text, p, "text", render.Options{Explain: true}))
	assert.Contains(t, text.String(), "      because smoke: s00000 -> s00001 -> s00002 -> s00003 -> s00004 -> s00005 -> s00006 -> s00007 -> s00008 -> s00009 -> s00010 -> s00011\n")
	text.Reset()
	require.NoError(t, render.Write(&text, p, "text", render.Options{}))
	assert.Contains(t, text.String(), "smoke: s00000 -> … 8 more … -> s00009 -> s00010 -> s00011\n")
}
