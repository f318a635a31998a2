package render

import (
	"fmt"
	"io"

	"github.com/gatesel/gatesel/selector"
)

// Formats lists the names Render accepts.
var Formats = []string{"text", "json", "github", "gitlab", "markdown"}

// Options tune the human formats.
type Options struct {
	Explain bool // text: every reason with its full chain, and the dropped instances
}

// Render writes the plan in a named format.
func Write(w io.Writer, p *selector.Plan, format string, opt Options) error {
	switch format {
	case "", "text":
		return Text(w, p, opt)
	case "json":
		return JSON(w, p)
	case "github":
		return GitHub(w, p)
	case "gitlab":
		return GitLab(w, p)
	case "markdown":
		return Markdown(w, p)
	}
	return fmt.Errorf("unknown format %q (want text, json, github, gitlab or markdown)", format)
}

// JSON writes the plan as gatesel.plan/v2 JSON, indented, fields in
// schema order. It encodes the plan as it is now: a plan changed after
// Compute prints its new contents (and a digest that Verify rejects).
func JSON(w io.Writer, p *selector.Plan) error {
	b, err := selector.AppendJSON(nil, p)
	if err != nil {
		return fmt.Errorf("encode plan: %w", err)
	}
	out := indentJSON(make([]byte, 0, len(b)*2), b)
	_, err = w.Write(append(out, '\n'))
	return err
}
