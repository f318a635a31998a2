package selector

import (
	"cmp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// plan turns the builder's selection into a plan, not yet normalized.
func (b *builder) plan() (*Plan, error) {
	if b.err != nil {
		return nil, b.err
	}
	kept, dropped := b.filter()
	p := &Plan{
		Schema:      SchemaID,
		Profile:     b.in.Profile,
		All:         b.all,
		Changes:     b.changes,
		Gates:       make([]Instance, 0, len(kept)),
		Escalations: b.escalations,
		Warnings:    slices.Concat(b.warnings, notUTF8(b.changes)),
		Dropped:     dropped,
	}
	for _, in := range kept {
		p.Gates = append(p.Gates, *in)
	}
	return p, nil
}

// notUTF8 warns of each changed path whose bytes are not UTF-8. The
// selection matched its bytes, but JSON holds text only: the JSON plan
// (as encoding/json) writes each invalid byte as U+FFFD, so that its
// changes no longer name such a file. The warning quotes the bytes.
func notUTF8(changes []ChangeInfo) []string {
	var out []string
	warn := func(what, path string) {
		if !utf8.ValidString(path) {
			out = append(out, what+" path "+strconv.Quote(path)+" is not UTF-8: the JSON plan writes each of its invalid bytes as U+FFFD")
		}
	}
	for _, ch := range changes {
		warn("changed", ch.Path)
		warn("renamed", ch.OldPath)
	}
	return out
}

// normalize sorts every list of the plan and replaces nil lists by empty
// ones, so that equal plans encode to equal bytes.
func (p *Plan) normalize() {
	if p.Changes == nil {
		p.Changes = []ChangeInfo{}
	}
	if p.Gates == nil {
		p.Gates = []Instance{}
	}
	if p.Escalations == nil {
		p.Escalations = []Escalation{}
	}
	if p.Warnings == nil {
		p.Warnings = []string{}
	}
	sortStable(p.Changes, func(a, b ChangeInfo) int { return strings.Compare(a.Path, b.Path) })
	sortStable(p.Gates, func(a, b Instance) int {
		return cmp.Or(cmp.Compare(a.Layer, b.Layer), cmp.Compare(a.ID, b.ID)) // graph.Layers is in Layer order
	})
	p.canonicalChains()
	for i := range p.Gates {
		in := &p.Gates[i]
		sortStable(in.Reasons, compareReasons)
		in.Reasons = slices.CompactFunc(in.Reasons, sameReason)
	}
	p.numberChains()
	sortStable(p.Escalations, func(a, b Escalation) int {
		return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Path, b.Path), cmp.Compare(a.Cause, b.Cause))
	})
	p.Escalations = slices.Compact(p.Escalations)
	slices.Sort(p.Warnings)
	p.Warnings = slices.Compact(p.Warnings)
	sortStable(p.Dropped, func(a, b Dropped) int { return cmp.Compare(a.ID, b.ID) })
	// A union of plans may drop the same instance twice.
	p.Dropped = slices.CompactFunc(p.Dropped, func(a, b Dropped) bool { return a.ID == b.ID })
}

// sortStable sorts s stably, unless it is sorted already: a stable sort
// leaves a sorted list as it is, and the changes of a diff and the reasons
// of most instances come sorted (sorting them again was a third of
// normalize on moby master~2000: 10,901 changes, an instance with 4,814
// reasons).
func sortStable[T any](s []T, cmp func(a, b T) int) {
	if !slices.IsSortedFunc(s, cmp) {
		slices.SortStableFunc(s, cmp)
	}
}

// reasonRank orders reason kinds in an instance's list; the kinds not
// named rank first, with fallback (a switch: the sort calls it for every
// comparison, where a map lookup cost more than the comparison).
func reasonRank(k ReasonKind) int {
	switch k {
	case ReasonAlways:
		return 1
	case ReasonTrigger:
		return 2
	case ReasonUnowned:
		return 3
	case ReasonChanged:
		return 4
	case ReasonContract:
		return 5
	case ReasonOwner:
		return 6
	case ReasonSmoke:
		return 7
	}
	return 0
}

func compareReasons(a, b Reason) int {
	if a.Kind != b.Kind {
		return cmp.Or(cmp.Compare(reasonRank(a.Kind), reasonRank(b.Kind)), cmp.Compare(a.Kind, b.Kind))
	}
	return cmp.Or(
		a.Chain.Compare(b.Chain),
		cmp.Compare(a.Path, b.Path),
		cmp.Compare(a.Via, b.Via),
		cmp.Compare(a.Note, b.Note),
	)
}

// Union merges plans computed from the same change with different
// policies (the base and head revisions' gates.yaml and CODEOWNERS): an
// instance selected by either is selected, with the reasons of both.
// Revisions, profile and digest are taken from the first plan.
func Union(plans ...*Plan) *Plan {
	p := union(plans...)
	if p != nil {
		p.normalize()
	}
	return p
}

// union is Union without the normalize, which its caller does.
func union(plans ...*Plan) *Plan {
	if len(plans) == 0 {
		return nil
	}
	out := *plans[0]
	out.Digest = ""
	byID := map[string]int{}
	out.Gates = slices.Clone(out.Gates)
	for i, in := range out.Gates {
		byID[in.ID] = i
	}
	changes := map[string]int{}
	out.Changes = slices.Clone(out.Changes)
	for i, c := range out.Changes {
		changes[c.Path] = i
	}
	for _, p := range plans[1:] {
		out.All = out.All || p.All
		for _, in := range p.Gates {
			if i, ok := byID[in.ID]; ok {
				out.Gates[i].Reasons = append(slices.Clone(out.Gates[i].Reasons), in.Reasons...)
				out.Gates[i].Layer = min(out.Gates[i].Layer, in.Layer) // the earlier layer, as in one plan
				continue
			}
			byID[in.ID] = len(out.Gates)
			out.Gates = append(out.Gates, in)
		}
		for _, c := range p.Changes {
			if i, ok := changes[c.Path]; ok {
				out.Changes[i].Claims = sortedUnique(append(slices.Clone(out.Changes[i].Claims), c.Claims...))
				out.Changes[i].Owners = unionKeepOrder(out.Changes[i].Owners, c.Owners)
				continue
			}
			changes[c.Path] = len(out.Changes)
			out.Changes = append(out.Changes, c)
		}
		out.Escalations = append(slices.Clone(out.Escalations), p.Escalations...)
		out.Warnings = append(slices.Clone(out.Warnings), p.Warnings...)
		out.Dropped = append(slices.Clone(out.Dropped), p.Dropped...)
	}
	// An instance that one policy dropped but the other selected runs.
	out.Dropped = slices.DeleteFunc(out.Dropped, func(d Dropped) bool { _, ok := byID[d.ID]; return ok })
	return &out
}

func unionKeepOrder(a, b []string) []string {
	out := slices.Clone(a)
	for _, s := range b {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// sortedUnique sorts s in place, drops the repeats, and makes nil empty.
func sortedUnique(s []string) []string {
	slices.Sort(s)
	s = slices.Compact(s)
	if s == nil {
		s = []string{}
	}
	return s
}

func sameReason(a, b Reason) bool {
	return a.Kind == b.Kind && a.Path == b.Path && a.Via == b.Via && a.Note == b.Note && a.Chain.Equal(b.Chain)
}
