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
// Every path, owner and name is a code span (mdCode), the free text is
// escaped (mdText): no file name can mention a team, link, inject HTML or
// break a table, and control characters show as escapes (Escape). The
// output is a function of the plan alone.
func Markdown(w io.Writer, p *selector.Plan) error {
	var b bytes.Buffer
	b.WriteString("### gatesel plan\n\n")
	b.WriteString(markdownSummary(p))
	b.WriteString("\n")
	if meta := markdownMeta(p); meta != "" {
		b.WriteString("\n" + meta + "\n")
	}
	if p.All {
		b.WriteString("\n**All gates selected**: " + allCause(p) + "\n")
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
				scope = mdCode(inst.Scope)
			}
			why := ""
			if len(inst.Reasons) > 0 {
				why = mdReason(inst.Reasons[0])
				if n := len(inst.Reasons) - 1; n > 0 {
					why += " (+" + strconv.Itoa(n) + " more)"
				}
			}
			gate := inst.Gate
			if strings.HasSuffix(inst.ID, selector.HeadSuffix) {
				gate += selector.HeadSuffix // the head's definition of a gate the base defines differently
			}
			fmt.Fprintf(&b, "| %s | %s | %s |\n", mdCode(gate), scope, why)
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

// allCause names the escalation that selected every gate, as Markdown.
func allCause(p *selector.Plan) string {
	for _, e := range p.Escalations {
		switch e.Kind {
		case selector.EscalationTrigger, selector.EscalationUnowned, selector.EscalationFallback:
			if e.Path != "" {
				return mdCode(e.Path) + ": " + mdText(e.Cause)
			}
			return mdText(e.Cause)
		}
	}
	if len(p.Escalations) > 0 {
		return mdText(p.Escalations[0].Cause)
	}
	return "every gate is selected"
}

// mdReason writes a reason as its String does, with the path, the names
// of the chain and the link in code spans.
func mdReason(r selector.Reason) string {
	s := mdText(string(r.Kind))
	switch {
	case r.Chain != nil:
		chain := selector.Reason{Kind: r.Kind, Chain: r.Chain}.String() // shortened as String shortens it
		s += ": " + mdCode(strings.TrimPrefix(chain, string(r.Kind)+": "))
	case r.Via != "" && r.Path != "":
		s += ": " + mdCode(r.Path) + " (" + mdText(r.Via) + ")"
	case r.Path != "":
		s += ": " + mdCode(r.Path)
	case r.Via != "":
		s += ": " + mdText(r.Via)
	}
	if r.Note != "" {
		s += " — " + mdText(r.Note)
	}
	return s
}
