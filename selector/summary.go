package selector

import (
	"fmt"
	"strings"
)

// Summary is the plan's one-line headline: how many gates in each layer.
func (p *Plan) Summary() string {
	counts := map[string]int{}
	for _, in := range p.Gates {
		counts[in.Layer]++
	}
	var parts []string
	for _, l := range []string{"contract", "global", "local", "smoke"} {
		parts = append(parts, fmt.Sprintf("%d %s", counts[l], l))
	}
	return fmt.Sprintf("%d gate(s): %s", len(p.Gates), strings.Join(parts, ", "))
}

// String renders an escalation in one line.
func (e Escalation) String() string {
	if e.Path != "" {
		return e.Kind + ": " + e.Path + ": " + e.Cause
	}
	return e.Kind + ": " + e.Cause
}

// Explain says why a dropped instance does not run.
func (d Dropped) Explain() string {
	switch d.Why {
	case "covered-by":
		return "covered by " + d.By
	case "profile":
		return "not in profile " + d.Profile
	}
	return d.Why
}
