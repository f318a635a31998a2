package render

import "github.com/gatesel/gatesel/graph"

// Colour for the text formats (Options.Color): ANSI SGR sequences around
// the headings, never in the formats a program reads (json, github,
// gitlab, buildkite, markdown, the graph views). The CLI turns it on for
// a terminal, unless NO_COLOR is set (--color auto), or always.
const (
	sgrReset = "\x1b[0m"
	sgrBold  = "\x1b[1m"
	sgrWarn  = "\x1b[1;33m" // bold yellow: escalations, warnings, dropped instances
	sgrAlert = "\x1b[1;31m" // bold red: every gate selected
)

// layerSGR colours each layer's heading.
var layerSGR = map[graph.Layer]string{
	graph.LayerContract: "\x1b[1;35m", // magenta
	graph.LayerGlobal:   "\x1b[1;31m", // red
	graph.LayerLocal:    "\x1b[1;34m", // blue
	graph.LayerSmoke:    "\x1b[1;36m", // cyan
}

// paint wraps s in the SGR sequence when on.
func paint(on bool, sgr, s string) string {
	if !on || s == "" {
		return s
	}
	return sgr + s + sgrReset
}

// Heading is s in bold when on: a heading of a text output.
func Heading(on bool, s string) string { return paint(on, sgrBold, s) }

// LayerHeading is s in the colour of layer l when on.
func LayerHeading(on bool, l graph.Layer, s string) string { return paint(on, layerSGR[l], s) }

// Warning is s in the colour of warnings when on.
func Warning(on bool, s string) string { return paint(on, sgrWarn, s) }
