package render_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/graph"
	"github.com/gatesel/gatesel/selector"
	"github.com/gatesel/gatesel/selector/render"
)

var escapeTests = []struct {
	name, in, want string
}{
	{"plain", "services/billing/main.go", "services/billing/main.go"},
	{"unicode stays", "docs/größe – ü.md", "docs/größe – ü.md"},
	{"newline and cr", "a\nb\rc", `a\nb\rc`},
	{"tab", "a\tb", `a\tb`},
	{"esc sequence", "a\x1b[2Jb", `a\x1b[2Jb`},
	{"bell nul del", "\a\x00\x7f", `\a\x00\x7f`},
	{"c1 control", "a\u0085b\u009bc", `a\u0085b\u009bc`},
	{"bidi override", "a\u202eb", `a\u202eb`},
	{"invalid utf-8", "a\xffb\xc3", `a\xffb\xc3`},
	{"backslash kept", `a\b`, `a\b`},
}

func TestEscape(t *testing.T) {
	for _, tc := range escapeTests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, render.Escape(tc.in))
		})
	}
}

// TestTextEscapesNames is issue 12 item 6: a changed path that holds a
// newline cannot print a gate line of its own, nor ESC reach the terminal.
func TestTextEscapesNames(t *testing.T) {
	forged := "services/billing/a\n  sec-review:security      always\x1b[2J.go"
	p := emptyPlan()
	p.Gates = []selector.Instance{{ID: "unit:billing", Gate: "unit", Layer: graph.LayerLocal, Scope: "billing", Run: "make\x1b]0;x\a",
		Owners:  []string{"@acme/pay\nments"},
		Reasons: []selector.Reason{{Kind: selector.ReasonChanged, Path: forged, Via: "service billing"}}}}
	p.Escalations = []selector.Escalation{{Kind: "unowned", Path: forged, Cause: "claimed by nothing"}}
	p.Warnings = []string{"glob matches " + forged}
	p.Dropped = []selector.Dropped{{ID: "x:y", Why: "covered-by", By: "a\nb"}}
	for _, explain := range []bool{false, true} {
		var b bytes.Buffer
		require.NoError(t, render.Text(&b, p, render.Options{Explain: explain}))
		out := b.String()
		assert.NotContains(t, out, "\x1b")
		assert.NotContains(t, out, "\a")
		for _, line := range strings.Split(out, "\n") {
			assert.False(t, strings.HasPrefix(strings.TrimSpace(line), "sec-review"), "forged line %q", line)
		}
		assert.Contains(t, out, `services/billing/a\n  sec-review:security      always\x1b[2J.go`)
	}
}
