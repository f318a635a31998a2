package evidence

import (
	_ "embed"
	"encoding/json"
	"errors"
	"time"

	"github.com/gatesel/gatesel/graph"
	"github.com/gatesel/gatesel/selector"
)

// The in-toto Statement v1 this package writes.
const (
	StatementType = "https://in-toto.io/Statement/v1"
	PredicateType = "https://gatesel.dev/evidence/v1"
)

//go:embed predicate.schema.json
var predicateSchema []byte

// PredicateSchema returns the JSON Schema (draft 2020-12) of the
// predicate, whose $id is the predicateType.
func PredicateSchema() []byte { return predicateSchema }

// Statement is an in-toto Statement v1 (in-toto/attestation
// spec/v1/statement.md): the head commit as its subject, and the plan, the
// policy it was computed from and every gate's result as its predicate.
// It is unsigned: sign it with cosign attest-blob or GitHub artifact
// attestations (README).
type Statement struct {
	Type          string               `json:"_type"`
	Subject       []ResourceDescriptor `json:"subject"`
	PredicateType string               `json:"predicateType"`
	Predicate     Predicate            `json:"predicate"`
}

// ResourceDescriptor is in-toto's pointer to an artifact: a name and a
// DigestSet (spec/v1/resource_descriptor.md).
type ResourceDescriptor struct {
	Name   string            `json:"name,omitempty"`
	URI    string            `json:"uri,omitempty"`
	Digest map[string]string `json:"digest"`
}

// Predicate is the evidence about the head commit (predicateType
// https://gatesel.dev/evidence/v1).
type Predicate struct {
	Repository  string                `json:"repository"` // "" when unknown
	Plan        PlanEvidence          `json:"plan"`
	Policy      PolicyEvidence        `json:"policy"`
	Gates       []GateEvidence        `json:"gates"`
	Chains      []selector.ChainLink  `json:"chains"` // the plan's chains: a smoke reason's chain indexes them
	Escalations []selector.Escalation `json:"escalations"`
	Verified    bool                  `json:"verified"` // every planned instance passed exactly once
	Findings    []Finding             `json:"findings"` // why not, as gatesel verify lists them
}

// PlanEvidence is what identifies the plan: its digest, the revisions it
// was computed from and its profile.
type PlanEvidence struct {
	Digest    string             `json:"digest"`
	Base      *selector.Revision `json:"base"`
	MergeBase string             `json:"merge_base"`
	Head      *selector.Revision `json:"head"`
	Profile   string             `json:"profile"`
	All       bool               `json:"all"`
}

// PolicyEvidence lists the policy files (gates.yaml, its fragments,
// CODEOWNERS) at the base and at the head, each with its git blob hash.
// Base is empty when the plan has no base revision.
type PolicyEvidence struct {
	Base []ResourceDescriptor `json:"base"`
	Head []ResourceDescriptor `json:"head"`
}

// GateEvidence is one planned instance with its reasons and its result.
type GateEvidence struct {
	ID      string            `json:"id"`
	Gate    string            `json:"gate"`
	Layer   graph.Layer       `json:"layer"`
	Scope   string            `json:"scope"`
	Reasons []selector.Reason `json:"reasons"`
	Result  *ResultEvidence   `json:"result"` // null when no single result is bound to the plan
}

// ResultEvidence is the one result of an instance for the plan.
type ResultEvidence struct {
	Status     Status    `json:"status"`
	StartedAt  time.Time `json:"started_at"`
	FinishedAt time.Time `json:"finished_at"`
	RunURL     string    `json:"run_url,omitempty"`
	File       string    `json:"file"`
}

// NewStatement builds the statement of plan p from its verification
// report and the policy files. A plan without a head commit (computed
// from --files) has no commit to attest and is an error.
func NewStatement(p *selector.Plan, rep *Report, policy PolicyEvidence, repository string) (*Statement, error) {
	if p.Head == nil || p.Head.Commit == "" {
		return nil, errors.New("the plan has no head commit (it was not computed from git): there is no commit to attest")
	}
	name := repository
	if name == "" {
		name = "head"
	}
	pred := Predicate{
		Repository: repository,
		Plan: PlanEvidence{Digest: p.Digest, Base: p.Base, MergeBase: p.MergeBase, Head: p.Head,
			Profile: p.Profile, All: p.All},
		Policy:      policy,
		Gates:       make([]GateEvidence, 0, len(p.Gates)),
		Chains:      p.Chains,
		Escalations: p.Escalations,
		Verified:    rep.OK(),
		Findings:    rep.Findings,
	}
	if pred.Chains == nil {
		pred.Chains = []selector.ChainLink{}
	}
	if pred.Escalations == nil {
		pred.Escalations = []selector.Escalation{}
	}
	if pred.Policy.Base == nil {
		pred.Policy.Base = []ResourceDescriptor{}
	}
	if pred.Policy.Head == nil {
		pred.Policy.Head = []ResourceDescriptor{}
	}
	for _, in := range p.Gates {
		g := GateEvidence{ID: in.ID, Gate: in.Gate, Layer: in.Layer, Scope: in.Scope, Reasons: in.Reasons}
		if r := rep.Current[in.ID]; r != nil {
			g.Result = &ResultEvidence{Status: r.Status, StartedAt: r.StartedAt, FinishedAt: r.FinishedAt, RunURL: r.RunURL, File: r.File}
		}
		pred.Gates = append(pred.Gates, g)
	}
	return &Statement{
		Type:          StatementType,
		Subject:       []ResourceDescriptor{{Name: name, Digest: map[string]string{"gitCommit": p.Head.Commit}}},
		PredicateType: PredicateType,
		Predicate:     pred,
	}, nil
}

// Marshal is the statement's JSON, indented, with a final newline.
func (s *Statement) Marshal() ([]byte, error) {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}
