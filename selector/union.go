package selector

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// HeadSuffix ends the id of a gate instance as the head revision's policy
// defines it, when the base revision's policy defines the same instance
// differently: sec-review:security runs the base's definition,
// sec-review:security@head the head's. Names never hold an `@`, so the id
// is never another instance's; the GitLab format turns it into a job name
// of its own (sec-review:security_head, made unique like every job name).
const HeadSuffix = "@head"

// unite merges the base's and the head's plans of one change (Union) so
// that the head's policy can add to the plan but never weaken it: where
// both select an instance and its definition differs (run or with, as
// rendered: `run: "true"`, `with: {when: manual, allow_failure: true}`),
// both definitions run, the base's under the usual id and the head's
// under id+HeadSuffix, each with a note in its reasons and a policy
// escalation that says why. A covers or profiles of the head's alone
// removes nothing: an instance the base's plan keeps stays (Union).
// base is nil when only the head's policy decides. The plan is not
// normalized: its caller normalizes it once, after adding to it (finish).
func unite(base, head *Plan) *Plan {
	if base == nil {
		return head
	}
	b, h := *base, *head
	b.Gates, h.Gates = slices.Clone(base.Gates), slices.Clone(head.Gates)
	at := map[string]int{}
	for i, in := range b.Gates {
		at[in.ID] = i
	}
	var escalations []Escalation
	for i := range h.Gates {
		in := &h.Gates[i]
		j, ok := at[in.ID]
		if !ok {
			continue
		}
		what := differences(b.Gates[j], *in)
		if len(what) == 0 {
			continue
		}
		headID := in.ID + HeadSuffix
		note := fmt.Sprintf("the head's policy defines %s differently (%s): both run, the base's definition as %s and the head's as %s",
			in.ID, strings.Join(what, ", "), in.ID, headID)
		b.Gates[j].Reasons = withNote(b.Gates[j].Reasons, note)
		in.Reasons = withNote(in.Reasons, note)
		in.ID = headID
		escalations = append(escalations, Escalation{Kind: EscalationPolicy, Cause: note})
	}
	p := union(&h, &b) // the head's first, as the plan always listed owners
	p.Escalations = append(p.Escalations, escalations...)
	return p
}

// differences names what differs between two definitions of an instance
// that is executed: its run command and its with attributes.
func differences(a, b Instance) []string {
	var out []string
	if a.Run != b.Run {
		out = append(out, "run")
	}
	if !reflect.DeepEqual(a.With, b.With) && (len(a.With) > 0 || len(b.With) > 0) {
		out = append(out, "with")
	}
	return out
}

// withNote adds note to each reason's note.
func withNote(rs []Reason, note string) []Reason {
	out := slices.Clone(rs)
	for i := range out {
		if out[i].Note == "" {
			out[i].Note = note
		} else {
			out[i].Note += "; " + note
		}
	}
	return out
}
