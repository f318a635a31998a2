package selector

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"
)

// SchemaID names the plan's JSON format.
const SchemaID = "gatesel.plan/v1"

//go:embed plan.schema.json
var planSchema []byte

// PlanSchema returns the JSON Schema (draft 2020-12) of the JSON plan.
func PlanSchema() []byte { return planSchema }

// Plan is the selector's answer: the gate instances to run, each with its
// reasons, and what they were computed from. Every list is sorted, so the
// same inputs give byte-identical JSON.
type Plan struct {
	Schema      string       `json:"schema"`
	Base        *Revision    `json:"base"`       // nil when the change did not come from git
	MergeBase   string       `json:"merge_base"` // "" when the change did not come from git
	Head        *Revision    `json:"head"`
	Profile     string       `json:"profile"`
	All         bool         `json:"all"` // every gate is selected; Escalations say why
	Changes     []ChangeInfo `json:"changes"`
	Gates       []Instance   `json:"gates"`
	Escalations []Escalation `json:"escalations"`
	Warnings    []string     `json:"warnings"`
	Digest      string       `json:"digest,omitempty"` // "sha256:…" of the plan without the digest

	// Dropped lists the instances the rules selected but the plan does not
	// run, and why (profile, covered-by). It is part of the explanation, not
	// of the JSON plan.
	Dropped []Dropped `json:"-"`
}

// ChangeInfo is a changed path with what the policy says of it.
type ChangeInfo struct {
	Change
	Owners []string `json:"owners"` // CODEOWNERS owners of Path
	Claims []string `json:"claims"` // "trigger:NAME", "contract:NAME", "service:NAME", "service:NAME (internal)", "domain:NAME", "policy"
}

// Instance is a gate bound to the scope it was selected for.
type Instance struct {
	ID      string         `json:"id"`    // GATE:SCOPE, or GATE for an unscoped gate
	Gate    string         `json:"gate"`  // the catalogue name
	Layer   string         `json:"layer"` // contract, global, local, smoke
	Scope   string         `json:"scope"` // service, contract or domain name; "" when unscoped
	Owners  []string       `json:"owners"`
	Run     string         `json:"run"`
	With    map[string]any `json:"with"`
	Reasons []Reason       `json:"reasons"`
}

// Reason kinds.
const (
	ReasonAlways   = "always"   // a contract gate: in every plan
	ReasonTrigger  = "trigger"  // a trigger's path matched
	ReasonChanged  = "changed"  // a file of the scope changed
	ReasonOwner    = "owner"    // a domain: owned by its owners, or in one of its services
	ReasonContract = "contract" // a provider of a changed contract
	ReasonSmoke    = "smoke"    // something the scope depends on changed
	ReasonUnowned  = "unowned"  // escalation: a changed path nothing claims
	ReasonFallback = "fallback" // --on-error all: the plan could not be computed
)

// Reason says why an instance is in the plan.
type Reason struct {
	Kind  string   `json:"kind"`
	Path  string   `json:"path,omitempty"`  // the changed path behind it
	Via   string   `json:"via,omitempty"`   // trigger, contract, service or owner linking path and gate
	Chain []string `json:"chain,omitempty"` // smoke: from the changed service or contract to the scope
	Note  string   `json:"note,omitempty"`  // free text: an error for fallback, the policy revision, …
}

// Escalation records a rule that selected more than the change's own gates.
type Escalation struct {
	Kind  string `json:"kind"` // unowned, trigger, policy, lockfile, fallback
	Path  string `json:"path,omitempty"`
	Cause string `json:"cause"`
}

// Dropped is an instance selected by the rules but left out of the plan.
type Dropped struct {
	ID      string
	Why     string // "profile", "covered-by"
	By      string // the covering instance for covered-by
	Profile string // the profile that excluded it, for profile
	Reason  []Reason
}

// String renders a reason in one line, as the text format prints it.
func (r Reason) String() string {
	s := r.Kind
	switch {
	case r.Kind == ReasonLockfile && r.Note != "":
		return s + ": " + r.Path + ": " + r.Note // lockfile: pnpm-lock.yaml: lodash 4.17.20 -> 4.17.21
	case len(r.Chain) > 0:
		s += ": " + joinChain(r.Chain)
	case r.Via != "" && r.Path != "":
		s += ": " + r.Path + " (" + r.Via + ")"
	case r.Path != "":
		s += ": " + r.Path
	case r.Via != "":
		s += ": " + r.Via
	}
	if r.Note != "" {
		s += " — " + r.Note
	}
	return s
}

func joinChain(c []string) string {
	out := ""
	for i, n := range c {
		if i > 0 {
			out += " -> "
		}
		out += n
	}
	return out
}

// Seal computes Digest over the canonical plan without it. Compute seals
// the plans it returns; a plan built or changed by hand is sealed again
// with Seal.
func (p *Plan) Seal() error {
	p.Digest = ""
	b, err := appendPlan(nil, p)
	if err != nil {
		return fmt.Errorf("encode plan: %w", err)
	}
	sum := sha256.Sum256(b)
	p.Digest = "sha256:" + hex.EncodeToString(sum[:])
	return nil
}

// Verify reports whether the plan's digest matches its contents, so a
// later CI stage can check that it runs the plan that was computed.
func (p *Plan) Verify() bool {
	q := *p
	want := q.Digest
	if err := q.Seal(); err != nil {
		return false
	}
	return want != "" && q.Digest == want
}
