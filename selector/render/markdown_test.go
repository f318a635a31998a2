package render_test

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/graph"
	"github.com/gatesel/gatesel/selector"
	"github.com/gatesel/gatesel/selector/render"
)

func TestRenderMarkdownGolden(t *testing.T) {
	for _, tc := range formatPlans {
		t.Run(tc.name, func(t *testing.T) {
			got, err := renderTo(func(b *bytes.Buffer) error { return render.Markdown(b, tc.plan) })
			require.NoError(t, err)
			golden(t, tc.name+".md", got)

			again, err := renderTo(func(b *bytes.Buffer) error { return render.Markdown(b, tc.plan) })
			require.NoError(t, err)
			assert.Equal(t, string(got), string(again), "deterministic")
			checkMarkdownTables(t, string(got))
		})
	}
}

var markdownEscapeTests = []struct {
	name   string
	reason selector.Reason
	path   string
	want   string // the gate row, then the change row
}{
	{
		"pipe and newline",
		selector.Reason{Kind: selector.ReasonFallback, Note: "read base: a|b\nsecond line\r\nthird"},
		"a|b.go",
		"| `unit` | `billing` | fallback — read base: a\\|b\\\\nsecond line\\\\r\\\\nthird |\n" +
			"| `a\\|b.go` | ? | — | — |",
	},
	{
		"markdown and html",
		selector.Reason{Kind: selector.ReasonChanged, Path: "docs/**/*_x.md", Via: "<b>[x]</b>"},
		"docs/`tick`.md",
		"| `unit` | `billing` | changed: `docs/**/*_x.md` (\\<b\\>\\[x\\]\\</b\\>) |\n" +
			"| `` docs/`tick`.md `` | ? | — | — |",
	},
	{
		"path with a newline", // issue 12 item 6: a visible escape, never a line of its own
		selector.Reason{Kind: selector.ReasonChanged, Path: "a\nb"},
		"a\nb",
		"| `unit` | `billing` | changed: `a\\nb` |\n" +
			"| `a\\nb` | ? | — | — |",
	},
	{
		"mention in a path", // issue 12 item 6: @acme/everyone never mentions the team
		selector.Reason{Kind: selector.ReasonOwner, Path: "@acme/everyone/x.txt", Via: "@acme/everyone"},
		"@acme/everyone/x.txt",
		"| `unit` | `billing` | owner: `@acme/everyone/x.txt` (`@acme/everyone`) |\n" +
			"| `@acme/everyone/x.txt` | ? | — | — |",
	},
	{
		"mention in a note and backticks in a path",
		selector.Reason{Kind: selector.ReasonFallback, Note: "cc @acme/everyone and &#64;acme/x"},
		"a``b`",
		"| `unit` | `billing` | fallback — cc `@acme/everyone` and \\&\\#64;acme/x |\n" +
			"| ``` a``b` ``` | ? | — | — |",
	},
	{
		"escape and bidi override",
		selector.Reason{Kind: selector.ReasonChanged, Path: "a\x1b[31mred\u202e.go"},
		"a\x1b]8;;x\x07\x7f\xff",
		"| `unit` | `billing` | changed: `a\\x1b[31mred\\u202e.go` |\n" +
			"| `a\\x1b]8;;x\\a\\x7f\\xff` | ? | — | — |",
	},
}

func TestRenderMarkdownEscapes(t *testing.T) {
	for _, tc := range markdownEscapeTests {
		t.Run(tc.name, func(t *testing.T) {
			p := emptyPlan()
			p.Gates = []selector.Instance{{ID: "unit:billing", Gate: "unit", Layer: graph.LayerLocal, Scope: "billing", Run: "make", Reasons: []selector.Reason{tc.reason}}}
			p.Changes = []selector.ChangeInfo{{Change: selector.Change{Path: tc.path, Status: selector.Unknown}}}
			got, err := renderTo(func(b *bytes.Buffer) error { return render.Markdown(b, p) })
			require.NoError(t, err)
			var rows []string
			for _, line := range strings.Split(string(got), "\n") {
				if strings.HasPrefix(line, "| `") || strings.HasPrefix(line, "| ``") {
					rows = append(rows, line)
				}
			}
			assert.Equal(t, tc.want, strings.Join(rows, "\n"))
			checkMarkdownTables(t, string(got))
		})
	}
}

// checkMarkdownTables checks that every table row has as many cells as its
// header: an unescaped `|` or a raw newline in a cell would break that.
func checkMarkdownTables(t *testing.T, md string) {
	t.Helper()
	cols := 0
	for i, line := range strings.Split(md, "\n") {
		if !strings.HasPrefix(line, "|") {
			cols = 0
			continue
		}
		n := strings.Count(strings.ReplaceAll(line, `\|`, ""), "|") - 1
		if cols == 0 {
			cols = n
			continue
		}
		assert.Equal(t, cols, n, "line %d: %q", i+1, line)
	}
}

func ExampleMarkdown() {
	p := &selector.Plan{
		Gates: []selector.Instance{
			{ID: "contract-check:platform", Gate: "contract-check", Layer: graph.LayerContract, Scope: "platform", Reasons: []selector.Reason{{Kind: selector.ReasonAlways}}},
			{ID: "unit:billing", Gate: "unit", Layer: graph.LayerLocal, Scope: "billing", Reasons: []selector.Reason{{Kind: selector.ReasonChanged, Path: "services/billing/invoice.go", Via: "service billing"}}},
		},
		Changes: []selector.ChangeInfo{
			{Change: selector.Change{Path: "services/billing/invoice.go", Status: selector.Modified}, Owners: []string{"@acme/payments"}, Claims: []string{"service:billing"}},
		},
	}
	if err := render.Markdown(os.Stdout, p); err != nil {
		fmt.Println(err)
	}
	// Output:
	// ### gatesel plan
	//
	// **2 gates**: 1 contract, 1 local
	//
	// #### contract (1)
	//
	// | gate | scope | why |
	// | --- | --- | --- |
	// | `contract-check` | `platform` | always |
	//
	// #### local (1)
	//
	// | gate | scope | why |
	// | --- | --- | --- |
	// | `unit` | `billing` | changed: `services/billing/invoice.go` (service billing) |
	//
	// <details><summary>1 changed file</summary>
	//
	// | path | status | owners | claims |
	// | --- | --- | --- | --- |
	// | `services/billing/invoice.go` | M | `@acme/payments` | `service:billing` |
	//
	// </details>
}
