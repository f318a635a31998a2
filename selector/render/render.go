package render

import (
	"fmt"
	"io"

	"github.com/gatesel/gatesel/selector"
)

// Formats lists the names Render accepts.
var Formats = []string{"text", "json", "github", "gitlab", "buildkite", "markdown"}

// Options tune the human formats.
type Options struct {
	Explain bool // text: every reason with its full chain, and the dropped instances
	// MaxJobs is the most entries a GitHub matrix holds (github and the
	// step outputs; 0 is DefaultMaxJobs) or jobs a GitLab child pipeline
	// holds (0 is DefaultGitLabMaxJobs): larger plans are packed into bundles.
	MaxJobs int
	// Sealed prints json from the encoding Seal made (Plan.SealedJSON)
	// instead of encoding the plan again: for a plan as Compute returned
	// it, unchanged since. A plan without that encoding is encoded.
	Sealed bool
	// Color colours the headings of the text format (ANSI); the other
	// formats never are.
	Color bool
}

// Render writes the plan in a named format.
func Write(w io.Writer, p *selector.Plan, format string, opt Options) error {
	switch format {
	case "", "text":
		return Text(w, p, opt)
	case "json":
		if opt.Sealed {
			if b := p.SealedJSON(); b != nil {
				return writeIndented(w, b)
			}
		}
		return JSON(w, p)
	case "github":
		return GitHub(w, p, opt)
	case "gitlab":
		return GitLab(w, p, opt)
	case "buildkite":
		return Buildkite(w, p, opt)
	case "markdown":
		return Markdown(w, p)
	}
	return fmt.Errorf("unknown format %q (want text, json, github, gitlab, buildkite or markdown)", format)
}

// JSON writes the plan as gatesel.plan/v2 JSON, indented, fields in
// schema order. It encodes the plan as it is now: a plan changed after
// Compute prints its new contents (and a digest that Verify rejects).
func JSON(w io.Writer, p *selector.Plan) error {
	b, err := selector.AppendJSON(nil, p)
	if err != nil {
		return fmt.Errorf("encode plan: %w", err)
	}
	return writeIndented(w, b)
}
