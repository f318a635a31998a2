package render

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/gatesel/gatesel/selector"
)

// Text writes the plan for a person: a summary, then the instances
// grouped by layer, one line each with its first reason (every reason
// with Explain), then escalations and warnings; with Color, the headings
// in ANSI colour. Control characters in
// paths, names and notes are printed as visible escapes (Escape).
func Text(w io.Writer, p *selector.Plan, opt Options) error {
	bw := bufio.NewWriter(w)
	c := opt.Color
	fmt.Fprintln(bw, Heading(c, p.Summary()))
	switch {
	case p.Base != nil && p.Base.Commit == "":
		fmt.Fprintf(bw, "change: none (base from %s)\n", Escape(p.Base.Source))
	case p.Base != nil && p.Head != nil:
		fmt.Fprintf(bw, "change: %s (%s) ... %s (%s), merge base %s, %d file(s)\n",
			Escape(p.Base.Rev), short(p.Base.Commit), Escape(p.Head.Rev), short(p.Head.Commit), short(p.MergeBase), len(p.Changes))
		if p.Base.Source != "" {
			fmt.Fprintf(bw, "base from: %s\n", Escape(p.Base.Source))
		}
	default:
		fmt.Fprintf(bw, "change: %d file(s)\n", len(p.Changes))
	}
	if p.All {
		fmt.Fprintln(bw, paint(c, sgrAlert, "ALL GATES SELECTED:"))
		for _, e := range p.Escalations {
			if e.Kind != selector.EscalationPolicy {
				fmt.Fprintf(bw, "  %s\n", Escape(e.String()))
			}
		}
	}
	width := 0
	for _, in := range p.Gates {
		width = max(width, len(in.ID))
	}
	for i, in := range p.Gates {
		if i == 0 || in.Layer != p.Gates[i-1].Layer {
			fmt.Fprintf(bw, "\n%s\n", LayerHeading(c, in.Layer, in.Layer.String()))
		}
		if !opt.Explain {
			first := ""
			if len(in.Reasons) > 0 {
				first = Escape(in.Reasons[0].String())
				if n := len(in.Reasons) - 1; n > 0 {
					first += fmt.Sprintf(" (+%d more)", n)
				}
			}
			fmt.Fprintf(bw, "  %-*s  %s\n", width, in.ID, first)
			continue
		}
		fmt.Fprintf(bw, "  %s\n", in.ID)
		if in.Run != "" {
			fmt.Fprintf(bw, "      run: %s\n", Escape(in.Run))
		}
		if len(in.Owners) > 0 {
			fmt.Fprintf(bw, "      owners: %s\n", strings.Join(EscapeAll(in.Owners), " "))
		}
		for _, r := range in.Reasons {
			fmt.Fprintf(bw, "      because %s\n", Escape(r.Full()))
		}
	}
	if opt.Explain && len(p.Dropped) > 0 {
		fmt.Fprintf(bw, "\n%s\n", Warning(c, "not run"))
		for _, d := range p.Dropped {
			fmt.Fprintf(bw, "  %s  %s\n", d.ID, Escape(d.Explain()))
		}
	}
	if len(p.Escalations) > 0 && (opt.Explain || !p.All) {
		fmt.Fprintf(bw, "\n%s\n", Warning(c, "escalations"))
		for _, e := range p.Escalations {
			fmt.Fprintf(bw, "  %s\n", Escape(e.String()))
		}
	}
	if len(p.Warnings) > 0 {
		fmt.Fprintf(bw, "\n%s\n", Warning(c, "warnings"))
		for _, s := range p.Warnings {
			fmt.Fprintf(bw, "  %s\n", Escape(s))
		}
	}
	return bw.Flush()
}

// short abbreviates a commit hash to 12 characters.
func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}
