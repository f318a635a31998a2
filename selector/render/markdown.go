package render

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/gatesel/gatesel/graph"
	"github.com/gatesel/gatesel/selector"
)

// Markdown writes the plan as a pull-request comment in GitHub
// Flavored Markdown:
//
//   - a heading and a summary line: "**7 gates**: 2 contract, 1 global, 3
//     local, 1 smoke" (layers with no gate are left out), the revisions and
//     the profile when known, and "**All gates selected**: <cause>" when
//     p.All, the cause being the first escalation that selects everything;
//   - a table per non-empty layer, in plan order: gate, scope, why (the
//     first reason as selector.Reason.String, "(+N more)" when there are more);
//   - the escalations and the warnings, when there are any;
//   - a collapsible <details> block with the changed files: path, status,
//     owners, claims.
//
// Table cells escape `|`, Markdown punctuation and HTML, and turn newlines
// into <br>; paths and gate names are code spans. The output is a function
// of the plan alone.
func Markdown(w io.Writer, p *selector.Plan) error {
	var b bytes.Buffer
	b.WriteString("### gatesel plan\n\n")
	b.WriteString(markdownSummary(p))
	b.WriteString("\n")
	if meta := markdownMeta(p); meta != "" {
		b.WriteString("\n" + meta + "\n")
	}
	if p.All {
		b.WriteString("\n**All gates selected**: " + mdText(allCause(p)) + "\n")
	}
	for _, layer := range graph.Layers {
		var rows []selector.Instance
		for _, inst := range p.Gates {
			if inst.Layer == layer {
				rows = append(rows, inst)
			}
		}
		if len(rows) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n#### %s (%d)\n\n| gate | scope | why |\n| --- | --- | --- |\n", layer, len(rows))
		for _, inst := range rows {
			scope := "—"
			if inst.Scope != "" {
				scope = mdText(inst.Scope)
			}
			why := ""
			if len(inst.Reasons) > 0 {
				why = mdText(inst.Reasons[0].String())
				if n := len(inst.Reasons) - 1; n > 0 {
					why += " (+" + strconv.Itoa(n) + " more)"
				}
			}
			fmt.Fprintf(&b, "| %s | %s | %s |\n", mdCode(inst.Gate), scope, why)
		}
	}
	if len(p.Escalations) > 0 {
		b.WriteString("\n#### Escalations\n\n")
		for _, e := range p.Escalations {
			b.WriteString("- **" + mdText(string(e.Kind)) + "**")
			if e.Path != "" {
				b.WriteString(" " + mdCode(e.Path))
			}
			b.WriteString(": " + mdText(e.Cause) + "\n")
		}
	}
	if len(p.Warnings) > 0 {
		b.WriteString("\n#### Warnings\n\n")
		for _, warn := range p.Warnings {
			b.WriteString("- " + mdText(warn) + "\n")
		}
	}
	if len(p.Changes) > 0 {
		noun := "changed files"
		if len(p.Changes) == 1 {
			noun = "changed file"
		}
		fmt.Fprintf(&b, "\n<details><summary>%d %s</summary>\n\n| path | status | owners | claims |\n| --- | --- | --- | --- |\n", len(p.Changes), noun)
		for _, c := range p.Changes {
			path := mdCode(c.Path)
			if c.OldPath != "" {
				path = mdCode(c.OldPath) + " → " + path
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", path, mdText(string(c.Status)), mdList(c.Owners), mdList(c.Claims))
		}
		b.WriteString("\n</details>\n")
	}
	_, err := w.Write(b.Bytes())
	return err
}

func markdownSummary(p *selector.Plan) string {
	if len(p.Gates) == 0 {
		return "**No gates selected.**"
	}
	var parts []string
	for _, layer := range graph.Layers {
		n := 0
		for _, inst := range p.Gates {
			if inst.Layer == layer {
				n++
			}
		}
		if n > 0 {
			parts = append(parts, strconv.Itoa(n)+" "+layer.String())
		}
	}
	noun := "gates"
	if len(p.Gates) == 1 {
		noun = "gate"
	}
	return fmt.Sprintf("**%d %s**: %s", len(p.Gates), noun, strings.Join(parts, ", "))
}

// markdownMeta says what the plan was computed from, when the plan knows.
func markdownMeta(p *selector.Plan) string {
	var parts []string
	rev := func(label string, r *selector.Revision) {
		if r == nil || (r.Rev == "" && r.Commit == "") {
			return
		}
		s := label
		if r.Rev != "" {
			s += " " + mdCode(r.Rev)
		}
		if c := r.Commit; c != "" {
			if len(c) > 12 {
				c = c[:12]
			}
			s += " (" + mdCode(c) + ")"
		}
		parts = append(parts, s)
	}
	rev("base", p.Base)
	rev("head", p.Head)
	if p.Profile != "" {
		parts = append(parts, "profile "+mdCode(p.Profile))
	}
	if len(parts) == 0 {
		return ""
	}
	s := strings.Join(parts, " · ")
	return strings.ToUpper(s[:1]) + s[1:]
}

// allCause names the escalation that selected every gate.
func allCause(p *selector.Plan) string {
	for _, e := range p.Escalations {
		switch e.Kind {
		case selector.EscalationTrigger, selector.EscalationUnowned, selector.EscalationFallback:
			if e.Path != "" {
				return e.Path + ": " + e.Cause
			}
			return e.Cause
		}
	}
	if len(p.Escalations) > 0 {
		return p.Escalations[0].Cause
	}
	return "every gate is selected"
}

// mdText escapes s for a table cell or a list item.
func mdText(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\', '|', '*', '_', '`', '[', ']', '<', '>', '#', '~':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
			b.WriteString("<br>")
		case '\n':
			b.WriteString("<br>")
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// mdCode writes s as a code span that stays inside a table cell: newlines
// become spaces, `|` is escaped (GitHub splits cells before it parses code
// spans), and the fence is longer than any run of backticks in s.
func mdCode(s string) string {
	if s == "" {
		return ""
	}
	s = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ", "|", `\|`).Replace(s)
	longest, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	if longest > 0 || strings.HasPrefix(s, " ") && strings.HasSuffix(s, " ") && strings.TrimSpace(s) != "" {
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}

func mdList(items []string) string {
	if len(items) == 0 {
		return "—"
	}
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = mdText(it)
	}
	return strings.Join(out, ", ")
}
