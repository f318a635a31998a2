package audit

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Formats are the formats Render writes.
var Formats = []string{"text", "json", "markdown", "svg"}

// Render writes the report: text (a line a commit, then the summary),
// json (the Report), markdown (tables for a pull request or a wiki) or
// svg (a chart of selection rate and plan size over the range).
func Render(w io.Writer, r *Report, format string) error {
	bw := bufio.NewWriter(w)
	switch format {
	case "text":
		writeText(bw, r)
	case "json":
		b, err := json.MarshalIndent(r, "", "  ")
		if err != nil {
			return err
		}
		bw.Write(b)
		bw.WriteByte('\n')
	case "markdown":
		writeMarkdown(bw, r)
	case "svg":
		writeSVG(bw, r)
	default:
		return fmt.Errorf("unknown audit format %q (want %s)", format, strings.Join(Formats, ", "))
	}
	return bw.Flush()
}

func pct(f float64) string { return fmt.Sprintf("%.1f%%", 100*f) }

func layersText(c *Commit) string {
	var parts []string
	for _, l := range c.Layers {
		parts = append(parts, fmt.Sprintf("%s %d/%d", l.Layer, l.Planned, l.All))
	}
	return strings.Join(parts, ", ")
}

func writeText(w *bufio.Writer, r *Report) {
	fp := ""
	if r.FirstParent {
		fp = ", first parent"
	}
	fmt.Fprintf(w, "audit %s%s: %d commit(s)\n\n", r.Range, fp, len(r.Commits))
	for i := range r.Commits {
		c := &r.Commits[i]
		line := fmt.Sprintf("%s %4d/%-4d %6s  %s", short(c.Commit), c.Planned, c.All, pct(c.Rate()), layersText(c))
		if c.Everything {
			line += "  EVERYTHING: " + strings.Join(c.Causes, "; ")
		}
		fmt.Fprintln(w, strings.TrimRight(line, " "))
	}
	if len(r.Commits) == 0 {
		fmt.Fprintln(w, "no commit in the range")
		return
	}
	s := r.Summary
	fmt.Fprintf(w, "\nselection rate %s of instances (mean per commit %s)\n", pct(s.SelectionRate), pct(s.MeanRate))
	fmt.Fprintf(w, "plan size: min %d, median %d, p90 %d, max %d, mean %.1f\n", s.PlanSizes.Min, s.PlanSizes.P50, s.PlanSizes.P90, s.PlanSizes.Max, s.PlanSizes.Mean)
	fmt.Fprintf(w, "selected everything: %d of %d commit(s)\n", len(s.Everything), s.Commits)
	for _, c := range s.Causes {
		fmt.Fprintf(w, "  %4d  %s\n", c.Commits, c.Cause)
	}
	if s.Errors > 0 {
		fmt.Fprintf(w, "plans that could not be computed: %d (counted as everything)\n", s.Errors)
	}
	if rc := r.Recall; rc != nil {
		fmt.Fprintf(w, "\nrecall %s: %d of %d failure(s) selected\n", pct(rc.Recall), rc.Caught, rc.Failures)
		for _, m := range rc.Misses {
			fmt.Fprintf(w, "  missed %s\n", m)
		}
		if len(rc.OutOfRange) > 0 {
			fmt.Fprintf(w, "  %d failure(s) of commits outside the range, not counted\n", len(rc.OutOfRange))
		}
	}
}

func writeMarkdown(w *bufio.Writer, r *Report) {
	s := r.Summary
	fmt.Fprintf(w, "## gatesel audit `%s`\n\n", mdCell(r.Range))
	fmt.Fprintf(w, "| commits | selection rate | mean rate | plan size (min / median / p90 / max) | selected everything |\n|---|---|---|---|---|\n")
	fmt.Fprintf(w, "| %d | %s | %s | %d / %d / %d / %d | %d |\n", s.Commits, pct(s.SelectionRate), pct(s.MeanRate),
		s.PlanSizes.Min, s.PlanSizes.P50, s.PlanSizes.P90, s.PlanSizes.Max, len(s.Everything))
	if len(s.Causes) > 0 {
		fmt.Fprintf(w, "\n### What selected everything\n\n| commits | cause |\n|---|---|\n")
		for _, c := range s.Causes {
			fmt.Fprintf(w, "| %d | `%s` |\n", c.Commits, mdCell(c.Cause))
		}
	}
	if rc := r.Recall; rc != nil {
		fmt.Fprintf(w, "\n### Recall: %s (%d of %d failures selected)\n", pct(rc.Recall), rc.Caught, rc.Failures)
		if len(rc.Misses) > 0 {
			fmt.Fprintf(w, "\n| commit | instance | why it was not selected |\n|---|---|---|\n")
			for _, m := range rc.Misses {
				fmt.Fprintf(w, "| `%s` | `%s` | %s |\n", short(m.Commit), mdCell(m.ID), mdCell(m.Why))
			}
		}
	}
	fmt.Fprintf(w, "\n### Commits\n\n| commit | planned | all | rate | %s | everything |\n|---|---|---|---|%s---|\n",
		strings.Join(Layers, " | "), strings.Repeat("---|", len(Layers)))
	for i := range r.Commits {
		c := &r.Commits[i]
		cells := make([]string, len(Layers))
		for j := range Layers {
			cells[j] = "–"
			if j < len(c.Layers) {
				cells[j] = fmt.Sprintf("%d/%d", c.Layers[j].Planned, c.Layers[j].All)
			}
		}
		ev := ""
		if c.Everything {
			ev = mdCell(strings.Join(c.Causes, "; "))
		}
		fmt.Fprintf(w, "| `%s` | %d | %d | %s | %s | %s |\n", short(c.Commit), c.Planned, c.All, pct(c.Rate()), strings.Join(cells, " | "), ev)
	}
}

func mdCell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ", "`", "'").Replace(s)
}
