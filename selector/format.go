package selector

import (
	"encoding/json"
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

// RenderJSON writes the plan as gatesel.plan/v1 JSON, indented, fields in
// schema order.
//
// A plan sealed by Compute is printed from the encoding its digest was
// computed over (the plan is encoded once, not twice): change a plan after
// Compute only together with its Digest (e.g. clear it), or RenderJSON
// prints it as it was sealed.
func RenderJSON(w io.Writer, p *Plan) error {
	var out []byte
	if s := p.sealed; s.compact != nil && s.digest == p.Digest {
		// the digest is the last field: the compact encoding with it, indented
		digest, err := json.Marshal(p.Digest)
		if err != nil {
			return fmt.Errorf("encode plan: %w", err)
		}
		c := s.compact[: len(s.compact)-1 : len(s.compact)-1]
		c = append(append(append(c, `,"digest":`...), digest...), '}')
		out = indentJSON(make([]byte, 0, len(c)*2), c)
	} else {
		b, err := json.Marshal(p)
		if err != nil {
			return fmt.Errorf("encode plan: %w", err)
		}
		out = indentJSON(make([]byte, 0, len(b)*2), b)
	}
	_, err := w.Write(append(out, '\n'))
	return err
}
