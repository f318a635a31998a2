package audit

import (
	"slices"
	"sort"
	"strings"

	"github.com/gatesel/gatesel/graph"
	"github.com/gatesel/gatesel/selector"
)

// Layers are the plan's layers, in plan order.
var Layers = []string{"contract", "global", "local", "smoke"}

// LayerCount is one layer of a commit: planned instances of all.
type LayerCount struct {
	Layer   string `json:"layer"`
	Planned int    `json:"planned"`
	All     int    `json:"all"`
}

// Commit is the replay of one commit.
type Commit struct {
	Commit  string       `json:"commit"`
	Parent  string       `json:"parent"`  // the first parent; "" for a root commit
	Planned int          `json:"planned"` // instances in the plan
	All     int          `json:"all"`     // instances the commit's policy can plan
	Layers  []LayerCount `json:"layers"`
	// Everything says the plan selected every gate, Causes why (one line
	// an escalation that selects everything). A commit whose plan could not
	// be computed counts as everything, as --on-error all would plan it —
	// every instance of its policy, or of its parent's when its own does
	// not load —, with the error as its cause.
	Everything bool     `json:"everything"`
	Causes     []string `json:"causes"`
	Error      string   `json:"error,omitempty"`

	plan   *selector.Plan
	policy selector.Input
}

// Rate is the commit's selection rate: planned ÷ all (1 when the policy
// has no instance).
func (c *Commit) Rate() float64 {
	if c.All == 0 {
		return 1
	}
	return float64(c.Planned) / float64(c.All)
}

// Report is the audit of a range.
type Report struct {
	Range       string   `json:"range"`
	FirstParent bool     `json:"first_parent"`
	Commits     []Commit `json:"commits"` // oldest first
	Summary     Summary  `json:"summary"`
	Recall      *Recall  `json:"recall,omitempty"` // with failures
}

// Summary is the range's numbers.
type Summary struct {
	Commits int `json:"commits"`
	// SelectionRate is the share of instances planned over the range:
	// Σ planned ÷ Σ all.
	SelectionRate float64 `json:"selection_rate"`
	// MeanRate is the mean of the commits' rates.
	MeanRate  float64      `json:"mean_rate"`
	PlanSizes Distribution `json:"plan_sizes"`
	// Everything lists the commits that selected everything; Causes
	// counts the commits behind each cause, most first.
	Everything []Everything `json:"everything"`
	Causes     []Cause      `json:"causes"`
	Errors     int          `json:"errors"` // commits whose plan could not be computed
}

// Distribution is the spread of the plan sizes (instances per commit).
type Distribution struct {
	Min  int     `json:"min"`
	P50  int     `json:"p50"`
	P90  int     `json:"p90"`
	Max  int     `json:"max"`
	Mean float64 `json:"mean"`
}

// Everything is a commit that selected everything, and why.
type Everything struct {
	Commit string   `json:"commit"`
	Causes []string `json:"causes"`
}

// Cause is a reason to select everything with the number of commits it
// escalated: "unowned: docs/new.txt", "trigger toolchain: go.mod", "error".
type Cause struct {
	Cause   string `json:"cause"`
	Commits int    `json:"commits"`
}

// newCommit counts a commit's plan against its policy.
func newCommit(id, parent string, plan *selector.Plan, in selector.Input, all map[string]map[string]bool) Commit {
	c := Commit{Commit: id, Parent: parent, plan: plan, policy: in, Causes: []string{}}
	planned := map[string]int{}
	extra := map[string]int{} // instances of the base policy alone, in a union
	for _, g := range plan.Gates {
		planned[g.Layer.String()]++
		if !all[g.Layer.String()][g.ID] {
			extra[g.Layer.String()]++
		}
	}
	for _, l := range Layers {
		lc := LayerCount{Layer: l, Planned: planned[l], All: len(all[l]) + extra[l]}
		c.Layers = append(c.Layers, lc)
		c.Planned += lc.Planned
		c.All += lc.All
	}
	c.Everything = plan.All
	if plan.All {
		for _, e := range plan.Escalations {
			if cause := everythingCause(e); cause != "" {
				c.Causes = append(c.Causes, cause)
			}
		}
	}
	return c
}

// failedCommit is a commit whose plan could not be computed.
func failedCommit(id, parent string, err error) Commit {
	return Commit{Commit: id, Parent: parent, Everything: true, Layers: []LayerCount{},
		Causes: []string{"error: " + oneLine(err.Error())}, Error: oneLine(err.Error())}
}

// everythingCause names an escalation that selects everything, "" for
// one that does not (a policy union, a trigger of named gates).
func everythingCause(e selector.Escalation) string {
	switch {
	case e.Kind == "unowned" && strings.Contains(e.Cause, "settings.unowned: "+string(graph.UnownedAll)):
		return "unowned: " + e.Path
	case e.Kind == "trigger" && strings.HasSuffix(e.Cause, "selects every gate"):
		name := strings.TrimSuffix(strings.TrimPrefix(e.Cause, "trigger "), " selects every gate")
		return "trigger " + name + ": " + e.Path
	case e.Kind == "fallback":
		return "fallback: " + e.Cause
	}
	return ""
}

// summarize fills the report's summary from its commits.
func (r *Report) summarize() {
	s := Summary{Commits: len(r.Commits), Everything: []Everything{}, Causes: []Cause{}}
	if len(r.Commits) == 0 {
		r.Summary = s
		return
	}
	var planned, all int
	sizes := make([]int, 0, len(r.Commits))
	counts := map[string]int{}
	for _, c := range r.Commits {
		planned += c.Planned
		all += c.All
		s.MeanRate += c.Rate()
		sizes = append(sizes, c.Planned)
		if c.Error != "" {
			s.Errors++
		}
		if c.Everything {
			s.Everything = append(s.Everything, Everything{Commit: c.Commit, Causes: c.Causes})
			seen := map[string]bool{}
			for _, cause := range c.Causes {
				key := cause
				if strings.HasPrefix(cause, "error: ") {
					key = "error"
				}
				if !seen[key] {
					seen[key] = true
					counts[key]++
				}
			}
		}
	}
	s.SelectionRate = 1
	if all > 0 {
		s.SelectionRate = float64(planned) / float64(all)
	}
	s.MeanRate /= float64(len(r.Commits))
	slices.Sort(sizes)
	s.PlanSizes = Distribution{Min: sizes[0], P50: percentile(sizes, 50), P90: percentile(sizes, 90),
		Max: sizes[len(sizes)-1], Mean: float64(planned) / float64(len(sizes))}
	for cause, n := range counts {
		s.Causes = append(s.Causes, Cause{Cause: cause, Commits: n})
	}
	sort.Slice(s.Causes, func(i, j int) bool {
		if s.Causes[i].Commits != s.Causes[j].Commits {
			return s.Causes[i].Commits > s.Causes[j].Commits
		}
		return s.Causes[i].Cause < s.Causes[j].Cause
	})
	r.Summary = s
}

// percentile is the nearest-rank percentile of sorted values.
func percentile(sorted []int, p int) int {
	rank := (p*len(sorted) + 99) / 100 // ceil(p/100 × n)
	return sorted[max(rank, 1)-1]
}

// oneLine folds a multi-line error into one line.
func oneLine(s string) string {
	s = strings.ReplaceAll(strings.TrimSpace(s), ":\n", ": ")
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", "; ")), " ")
}
