package render_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/selector"
	"github.com/gatesel/gatesel/selector/render"
)

// TestMarkdownLimit: a 10,000-file change with 2,000 gates, long paths and
// many owners stays under GitHub's comment limit, the summary first, every
// cut list saying how many rows it left out.
func TestMarkdownLimit(t *testing.T) {
	p := bigPlan(2000, 1500)
	owners := make([]string, 30)
	for i := range owners {
		owners[i] = fmt.Sprintf("@org/team-%02d", i)
	}
	for i := range 10000 {
		path := fmt.Sprintf("services/svc%04d/%s/file%d.go", i%500, strings.Repeat("deep/", 40), i)
		p.Changes = append(p.Changes, selector.ChangeInfo{Change: selector.Change{Path: path, Status: selector.Modified}, Owners: owners, Claims: []string{"service:svc"}})
	}
	for i := range 300 {
		p.Warnings = append(p.Warnings, fmt.Sprintf("warning %d: %s", i, strings.Repeat("long ", 200)))
	}
	var b bytes.Buffer
	require.NoError(t, render.Markdown(&b, p))
	out := b.String()
	assert.Less(t, utf8.RuneCountInString(out), render.MarkdownLimit)
	assert.Less(t, len(out), render.MarkdownLimit)
	assert.True(t, strings.HasPrefix(out, "### gatesel plan\n\n**2000 gates**: 1500 local, 500 smoke\n"), "summary first: %.200s", out)
	assert.Regexp(t, `_… and \d+ more local gates \(the JSON plan lists every one\)_`, out)
	assert.Regexp(t, `_… and \d+ more smoke gates`, out)
	assert.Regexp(t, `_… and \d+ more files`, out)
	assert.Regexp(t, `_… and \d+ more warnings`, out)
	assert.Contains(t, out, "<details><summary>10000 changed files</summary>")
	assert.Contains(t, out, "+20 more", "an owner list is cut at 10")
	assert.NotContains(t, out, strings.Repeat("long ", 100), "a long text is cut")

	// a plan that fits is not cut
	b.Reset()
	small := bigPlan(30, 20)
	require.NoError(t, render.Markdown(&b, small))
	assert.NotContains(t, b.String(), "more")
	assert.Equal(t, 30, strings.Count(b.String(), "\n| `"), "one row a gate")
}
