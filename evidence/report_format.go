package evidence

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// ReportFormats are the formats RenderReport writes.
var ReportFormats = []string{"text", "json", "markdown"}

// RenderReport writes a verification report as text (a verdict line, then
// one line a finding), json (the Report with "ok") or markdown (a summary
// for a pull-request comment or a job summary).
func RenderReport(w io.Writer, r *Report, format string) error {
	bw := bufio.NewWriter(w)
	switch format {
	case "text":
		writeReportText(bw, r)
	case "json":
		b, err := json.MarshalIndent(struct {
			OK bool `json:"ok"`
			*Report
		}{r.OK(), r}, "", "  ")
		if err != nil {
			return err
		}
		bw.Write(b)
		bw.WriteByte('\n')
	case "markdown":
		writeReportMarkdown(bw, r)
	default:
		return fmt.Errorf("unknown report format %q (want %s)", format, strings.Join(ReportFormats, ", "))
	}
	return bw.Flush()
}

func verdict(r *Report) string {
	if r.OK() {
		return fmt.Sprintf("PASS: %d of %d planned instance(s) passed", len(r.Passed), r.Planned)
	}
	return fmt.Sprintf("FAIL: %d of %d planned instance(s) passed, %d problem(s)", len(r.Passed), r.Planned, len(r.Findings))
}

func writeReportText(w *bufio.Writer, r *Report) {
	fmt.Fprintf(w, "%s (plan %s, head %s, %d result(s) read)\n", verdict(r), r.Digest, orEmpty(r.Head), r.Results)
	idw := 0
	for _, f := range r.Findings {
		idw = max(idw, len(f.ID))
	}
	for _, f := range r.Findings {
		line := fmt.Sprintf("%-9s  %-*s", f.Kind, idw, f.ID)
		if len(f.Files) > 0 {
			line += "  " + strings.Join(f.Files, ", ")
		}
		if f.Detail != "" {
			line += ": " + f.Detail
		}
		fmt.Fprintln(w, strings.TrimRight(line, " "))
	}
}

func writeReportMarkdown(w *bufio.Writer, r *Report) {
	mark := "✅"
	if !r.OK() {
		mark = "❌"
	}
	fmt.Fprintf(w, "### %s gatesel verify: %s\n\n", mark, verdict(r))
	fmt.Fprintf(w, "Plan `%s`, head `%s`, %d result(s) read.\n", r.Digest, orEmpty(r.Head), r.Results)
	if len(r.Findings) == 0 {
		return
	}
	fmt.Fprintln(w, "\n| problem | instance | results | detail |\n|---|---|---|---|")
	for _, f := range r.Findings {
		fmt.Fprintf(w, "| %s | `%s` | %s | %s |\n", f.Kind, mdCell(f.ID), mdCell(strings.Join(f.Files, ", ")), mdCell(f.Detail))
	}
}

// mdCell keeps a value inside its table cell.
func mdCell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ", "`", "'").Replace(s)
}
