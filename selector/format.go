package selector

import (
	"fmt"
	"io"
)

// Formats lists the names Render accepts.
var Formats = []string{"text", "json", "github", "gitlab", "markdown"}

// RenderOptions tune the human formats.
type RenderOptions struct {
	Explain bool // text: every reason with its full chain, and the dropped instances
}

// Render writes the plan in a named format.
func Render(w io.Writer, p *Plan, format string, opt RenderOptions) error {
	switch format {
	case "", "text":
		return RenderText(w, p, opt)
	case "json":
		return RenderJSON(w, p)
	case "github":
		return RenderGitHub(w, p)
	case "gitlab":
		return RenderGitLab(w, p)
	case "markdown":
		return RenderMarkdown(w, p)
	}
	return fmt.Errorf("unknown format %q (want text, json, github, gitlab or markdown)", format)
}

// RenderJSON writes the plan as gatesel.plan/v2 JSON, indented, fields in
// schema order. It encodes the plan as it is now: a plan changed after
// Compute prints its new contents (and a digest that Verify rejects).
func RenderJSON(w io.Writer, p *Plan) error {
	b, err := appendPlan(nil, p)
	if err != nil {
		return fmt.Errorf("encode plan: %w", err)
	}
	out := indentJSON(make([]byte, 0, len(b)*2), b)
	_, err = w.Write(append(out, '\n'))
	return err
}
