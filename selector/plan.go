package selector

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"

	"github.com/gatesel/gatesel/graph"
)

// SchemaID names the plan's JSON format.
//
// v2 (from v1): a smoke reason's chain is an index into the plan's chains,
// which hold every chain once, each link naming its node and the link
// before it, so that a long dependency chain is stored once and shared by
// the instances along it (in v1 each reason held its whole chain: a chain
// of 4,000 services made a plan of 177 MB).
const SchemaID = "gatesel.plan/v2"

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
	Chains      []ChainLink  `json:"chains"` // the chains of the smoke reasons, each link once
	Escalations []Escalation `json:"escalations"`
	Warnings    []string     `json:"warnings"`
	Digest      string       `json:"digest,omitempty"` // "sha256:…" of the plan without the digest

	// Dropped lists the instances the rules selected but the plan does not
	// run, and why (profile, covered-by). It is part of the explanation, not
	// of the JSON plan.
	Dropped []Dropped `json:"-"`

	// sealed is the canonical JSON Seal encoded and hashed (without the
	// digest), and sealedDigest the digest it gave, for SealedJSON.
	sealed       []byte
	sealedDigest string
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
	Layer   graph.Layer    `json:"layer"` // contract, global, local, smoke: the earliest layer of its reasons (a gate in two roles, graph.Graph.RoleLayer)
	Scope   string         `json:"scope"` // service, contract or domain name; "" when unscoped
	Owners  []string       `json:"owners"`
	Run     string         `json:"run"`
	With    map[string]any `json:"with"`
	Reasons []Reason       `json:"reasons"`
}

// ReasonKind says which rule put an instance in the plan.
type ReasonKind string

// Reason kinds.
const (
	ReasonAlways   ReasonKind = "always"   // a contract gate: in every plan
	ReasonTrigger  ReasonKind = "trigger"  // a trigger's path matched
	ReasonChanged  ReasonKind = "changed"  // a file of the scope changed
	ReasonOwner    ReasonKind = "owner"    // a domain: owned by its owners, or in one of its services
	ReasonContract ReasonKind = "contract" // a provider of a changed contract
	ReasonSmoke    ReasonKind = "smoke"    // something the scope depends on changed
	ReasonUnowned  ReasonKind = "unowned"  // escalation: a changed path nothing claims
	ReasonLockfile ReasonKind = "lockfile" // a changed lockfile (Path): the scope's dependencies differ (Note: "lodash 4.17.20 -> 4.17.21"), or every gate for a root-level change
	ReasonFallback ReasonKind = "fallback" // OnErrorAll: the plan could not be computed
	ReasonEvent    ReasonKind = "event"    // the CI event has no change to compare (a schedule, a tag): every gate
)

// Reason says why an instance is in the plan.
type Reason struct {
	Kind ReasonKind `json:"kind"`
	Path string     `json:"path,omitempty"` // the changed path behind it
	Via  string     `json:"via,omitempty"`  // trigger, contract, service or owner linking path and gate
	// Chain is, for smoke, the path from the changed service or contract
	// to the scope. Chains share their prefixes (graph.Chain); in JSON a
	// chain is ChainID, the index of its last link in Plan.Chains.
	Chain   *graph.Chain `json:"-"`
	ChainID int          `json:"chain,omitempty"` // set by the plan from Chain; never 0 for a chain (Plan.Chains)
	Note    string       `json:"note,omitempty"`  // free text: an error for fallback, the policy revision, …
}

// ChainLink is one node of a chain of Plan.Chains: the chain of link i is
// the chain of link Prev followed by Node. Links come before the links
// that extend them, so Chains[0] starts a chain and no reason's chain (two
// nodes at least) is 0.
type ChainLink struct {
	Node string `json:"node"`
	Prev int    `json:"prev"` // -1 at the changed service or contract that starts the chain
}

// Escalation records a rule that selected more than the change's own gates.
type Escalation struct {
	Kind  EscalationKind `json:"kind"`
	Path  string         `json:"path,omitempty"`
	Cause string         `json:"cause"`
}

// EscalationKind says which rule selected more than the change's own gates.
type EscalationKind string

// Escalation kinds.
const (
	EscalationUnowned  EscalationKind = "unowned"  // a changed path nothing claims
	EscalationTrigger  EscalationKind = "trigger"  // a trigger with select: all matched
	EscalationPolicy   EscalationKind = "policy"   // the change edits the policy: the plan is the union
	EscalationFallback EscalationKind = "fallback" // OnErrorAll: the plan could not be computed
	EscalationLockfile EscalationKind = "lockfile" // a lockfile change that concerns every package, or one that cannot be read
	EscalationEvent    EscalationKind = "event"    // the CI event has no change to compare: every gate
)

// Dropped is an instance selected by the rules but left out of the plan.
type Dropped struct {
	ID      string
	Why     DropReason
	By      string // the covering instance for covered-by
	Profile string // the profile that excluded it, for profile
	Reason  []Reason
}

// DropReason says why a selected instance is not in the plan.
type DropReason string

// Drop reasons.
const (
	DropProfile   DropReason = "profile"    // not in Options.Profile
	DropCoveredBy DropReason = "covered-by" // a covering instance runs instead
)

// String renders a reason in one line, as the text format prints it. A
// chain of more than maxChainShown nodes is shortened to its first node and
// its last ones, so that the one-line formats stay linear in the plan
// (Full prints it whole).
func (r Reason) String() string { return r.format(false) }

// Full is String with every node of the chain.
func (r Reason) Full() string { return r.format(true) }

// maxChainShown is the longest chain String prints whole.
const maxChainShown = 8

func (r Reason) format(full bool) string {
	s := string(r.Kind)
	switch {
	case r.Kind == ReasonLockfile && r.Note != "":
		return s + ": " + r.Path + ": " + r.Note // lockfile: pnpm-lock.yaml: lodash 4.17.20 -> 4.17.21
	case r.Chain != nil && (full || r.Chain.Len <= maxChainShown):
		s += ": " + r.Chain.String()
	case r.Chain != nil:
		last := make([]string, 0, 3)
		for l := r.Chain; l != nil && len(last) < 3; l = l.Prev {
			last = append(last, l.Node)
		}
		s += fmt.Sprintf(": %s -> … %d more … -> %s -> %s -> %s", r.Chain.Start, r.Chain.Len-4, last[2], last[1], last[0])
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

// Seal computes Digest over the canonical plan without it. Compute seals
// the plans it returns; a plan built or changed by hand is sealed again
// with Seal.
func (p *Plan) Seal() error {
	p.Digest, p.sealed, p.sealedDigest = "", nil, ""
	b, err := appendPlan(nil, p)
	if err != nil {
		return fmt.Errorf("encode plan: %w", err)
	}
	sum := sha256.Sum256(b)
	p.Digest = "sha256:" + hex.EncodeToString(sum[:])
	// The digest goes last, as appendPlan puts it, into the same bytes
	// (planSizeHint leaves room for it): SealedJSON then needs no copy.
	b = append(b[:len(b)-1], `,"digest":`...)
	b = appendString(b, p.Digest)
	p.sealed, p.sealedDigest = append(b, '}'), p.Digest
	return nil
}

// SealedJSON returns the plan's canonical JSON as Seal encoded it, with
// the digest: the bytes AppendJSON gives, without encoding the plan a
// second time (on a 10,000-file change the encoding is a tenth of a run)
// and without a copy (the plan of a 100,000-file change is 50 MB). The
// bytes are the plan's own: the caller must not modify them. It is the
// plan as it was sealed: a plan changed after Seal (or after Compute,
// which seals) must be printed with AppendJSON, or sealed again. It
// returns nil for a plan that was not sealed, and for one whose Digest
// was changed since.
func (p *Plan) SealedJSON() []byte {
	b := p.sealed
	if len(b) == 0 || p.Digest == "" || p.Digest != p.sealedDigest {
		return nil
	}
	return b[:len(b):len(b)]
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
