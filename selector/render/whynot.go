package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/gatesel/gatesel/selector"
)

// WhyNot prints the fate of a gate instance (selector.WhyNot) as
// `gatesel explain --gate` does, e.g.
//
//	unit:billing does not run: no changed file belongs to service billing (paths services/billing/**)
func WhyNot(w io.Writer, f selector.Fate) error {
	text := fateText(f)
	if f.BaseOnly {
		text += "\n" + f.ID + " comes from the base revision's policy only: the head's policy does not define it, and a change to the policy is planned with both, so that it cannot drop its own gates"
	}
	_, err := fmt.Fprintln(w, escapeLines(text))
	return err
}

func fateText(f selector.Fate) string {
	switch {
	case f.Runs:
		lines := []string{f.ID + " runs:"}
		for _, r := range f.Reasons {
			lines = append(lines, "  because "+r.Full())
		}
		return strings.Join(lines, "\n")
	case f.Dropped != nil:
		return f.ID + " is selected but does not run: " + f.Dropped.Explain()
	}
	var why string
	switch f.Miss {
	case selector.MissNoTrigger:
		why = "no changed path matches a trigger that selects it"
		var trig []string
		for _, t := range f.Triggers {
			trig = append(trig, t.Name+" "+strings.Join(t.Paths, " "))
		}
		if len(trig) > 0 {
			why += " (" + strings.Join(trig, "; ") + ")"
		}
	case selector.MissService:
		s := f.Service
		why = "no changed file belongs to service " + s.Name + " (paths " + strings.Join(s.Paths, " ") + ")"
		if len(s.Provides) > 0 {
			why += " and no contract it provides changed (" + strings.Join(s.Provides, ", ") + ")"
		}
	case selector.MissDomain:
		d := f.Domain
		why = "no changed file is owned by " + strings.Join(d.Owners, " ") + " or belongs to " + strings.Join(d.Services, ", ")
	case selector.MissSmoke:
		s := f.Service
		why = "nothing " + s.Name + " depends on changed (depends_on: " + orNone(s.DependsOn) + "; consumes: " + orNone(s.Consumes) + ")"
	case selector.MissBeyondDepth:
		why = fmt.Sprintf("%s is %d hops from the change (%s), beyond settings.smoke_depth %d",
			f.Service.Name, f.Reached.Hops, f.Reached.Chain.String(), f.Depth)
	}
	return f.ID + " does not run: " + why
}

func orNone(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}

// escapeLines escapes each line of s (Escape), keeping its line breaks.
func escapeLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = Escape(l)
	}
	return strings.Join(lines, "\n")
}
