package audit

import (
	"fmt"
	"strings"

	"github.com/gatesel/gatesel/selector"
	"github.com/gatesel/gatesel/selector/render"
)

// Recall is what selection caught of the failures of full runs.
type Recall struct {
	Failures int     `json:"failures"` // failures of commits in the range
	Caught   int     `json:"caught"`   // whose instance the commit's plan ran (or a gate covering it)
	Recall   float64 `json:"recall"`   // caught ÷ failures; 1 when there is none
	Misses   []Miss  `json:"misses"`
	// OutOfRange lists failures of commits the range does not hold; they
	// are not counted.
	OutOfRange []Failure `json:"out_of_range"`
}

// Miss is a failure whose gate the commit's plan did not run, and why.
type Miss struct {
	Commit string `json:"commit"`
	ID     string `json:"id"`
	Why    string `json:"why"`
}

// recall measures the replayed commits against the failures of full
// runs. judge has already said, for each failure of a commit in the
// range, whether its gate ran and why not.
func recall(failures []Failure, inRange map[string]bool, misses []Miss, judged int) *Recall {
	rc := &Recall{Misses: misses, OutOfRange: []Failure{}}
	if rc.Misses == nil {
		rc.Misses = []Miss{}
	}
	for _, f := range failures {
		if !inRange[f.Commit] {
			rc.OutOfRange = append(rc.OutOfRange, f)
		}
	}
	rc.Failures = judged
	rc.Caught = judged - len(rc.Misses)
	rc.Recall = 1
	if rc.Failures > 0 {
		rc.Recall = float64(rc.Caught) / float64(rc.Failures)
	}
	return rc
}

// whyNot says whether the commit's plan ran instance id (itself, or a
// gate that covers it) and, when not, why.
func (c *Commit) whyNot(id string) (string, bool) {
	if c.Error != "" {
		return "", true // a plan that failed runs every gate (--on-error all)
	}
	for _, in := range c.plan.Gates {
		if in.ID == id {
			return "", true
		}
	}
	for _, d := range c.plan.Dropped {
		if d.ID == id && d.Why == "covered-by" {
			return "", true // the covering gate ran in its place
		}
	}
	in := c.policy
	in.Changes = make([]selector.Change, 0, len(c.plan.Changes))
	for _, ch := range c.plan.Changes {
		in.Changes = append(in.Changes, ch.Change)
	}
	fate, err := selector.WhyNot(in, c.plan, id)
	if err != nil {
		return "not an instance of the commit's policy: " + err.Error(), false
	}
	var b strings.Builder
	_ = render.WhyNot(&b, fate) // as gatesel explain --gate prints it
	return strings.TrimPrefix(strings.TrimSpace(b.String()), id+" "), false
}

// String is a miss in one line.
func (m Miss) String() string { return fmt.Sprintf("%s %s: %s", short(m.Commit), m.ID, m.Why) }

func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}
