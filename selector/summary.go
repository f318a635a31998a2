package selector

import (
	"fmt"
	"strings"

	"github.com/gatesel/gatesel/graph"
)

// Summary is the plan's one-line headline: how many gates in each layer.
func (p *Plan) Summary() string {
	counts := map[graph.Layer]int{}
	for _, in := range p.Gates {
		counts[in.Layer]++
	}
	var parts []string
	for _, l := range graph.Layers {
		parts = append(parts, fmt.Sprintf("%d %s", counts[l], l))
	}
	return fmt.Sprintf("%d gate(s): %s", len(p.Gates), strings.Join(parts, ", "))
}

// String renders an escalation in one line.
func (e Escalation) String() string {
	if e.Path != "" {
		return string(e.Kind) + ": " + e.Path + ": " + e.Cause
	}
	return string(e.Kind) + ": " + e.Cause
}

// Explain says why a dropped instance does not run.
func (d Dropped) Explain() string {
	switch d.Why {
	case DropCoveredBy:
		return "covered by " + d.By
	case DropProfile:
		return "not in profile " + d.Profile
	}
	return string(d.Why)
}
