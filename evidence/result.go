package evidence

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/gatesel/gatesel/internal/suggest"
	"github.com/gatesel/gatesel/selector"
)

// ResultSchemaID names the result record's JSON format.
const ResultSchemaID = "gatesel.result/v1"

//go:embed result.schema.json
var resultSchemaJSON []byte

// ResultSchema returns the JSON Schema (draft 2020-12) of a result record.
func ResultSchema() []byte { return resultSchemaJSON }

// Status is a gate instance's outcome.
type Status string

// The statuses. Only Pass counts as passed: a skipped gate did not run.
const (
	Pass Status = "pass"
	Fail Status = "fail"
	Skip Status = "skip"
)

// ParseStatus reads pass, fail or skip.
func ParseStatus(s string) (Status, error) {
	switch st := Status(s); st {
	case Pass, Fail, Skip:
		return st, nil
	}
	return "", fmt.Errorf("unknown status %q (want pass, fail or skip)", s)
}

// Worst is the status of a gate with both outcomes: fail over skip over pass.
func Worst(a, b Status) Status {
	rank := map[Status]int{Pass: 0, Skip: 1, Fail: 2}
	if rank[b] > rank[a] {
		return b
	}
	return a
}

// Result is one gate instance's outcome, bound to the plan it ran for by
// the plan's digest and head commit (schema gatesel.result/v1).
type Result struct {
	Schema     string         `json:"schema"`
	Repository string         `json:"repository"` // CI's repository URL; "" when unknown
	PlanDigest string         `json:"plan_digest"`
	Head       string         `json:"head"` // the plan's head commit
	ID         string         `json:"id"`   // the gate instance id
	Status     Status         `json:"status"`
	StartedAt  time.Time      `json:"started_at"`
	FinishedAt time.Time      `json:"finished_at"`
	RunURL     string         `json:"run_url,omitempty"` // the CI run, when the environment has one
	JUnit      []JUnitSummary `json:"junit,omitempty"`   // the reports the status was read from

	// File is where the record was read from ("" for a new one); the
	// positions of the errors about it name it.
	File string `json:"-"`
	data []byte
}

// NewResult is the record of instance id of plan p. An id the plan does
// not hold is an error: a result is written for a planned gate.
func NewResult(p *selector.Plan, id string, st Status, started, finished time.Time) (*Result, error) {
	if p.Digest == "" {
		return nil, errors.New("the plan has no digest")
	}
	found := false
	for _, in := range p.Gates {
		found = found || in.ID == id
	}
	if !found {
		return nil, fmt.Errorf("the plan has no gate instance %q%s", id, suggestID(p, id))
	}
	if finished.Before(started) {
		return nil, fmt.Errorf("finished at %s, before it started at %s", finished.Format(time.RFC3339), started.Format(time.RFC3339))
	}
	r := &Result{Schema: ResultSchemaID, PlanDigest: p.Digest, ID: id, Status: st,
		StartedAt: started.UTC(), FinishedAt: finished.UTC()}
	if p.Head != nil {
		r.Head = p.Head.Commit
	}
	return r, nil
}

// Marshal is the record's JSON, indented, with a final newline.
func (r *Result) Marshal() ([]byte, error) {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// ParseResult reads a result record. name is only for the positions in
// errors. It is refused, with the position of the problem, when it is not
// one JSON value, has a key twice, does not match the record's schema, or
// finishes before it starts.
func ParseResult(name string, data []byte) (*Result, error) {
	if err := scanJSON(name, data, nil); err != nil {
		return nil, err
	}
	if err := checkShape(name, data, resultShape, "the result schema "+ResultSchemaID); err != nil {
		return nil, err
	}
	var r Result
	if err := json.NewDecoder(bytes.NewReader(data)).Decode(&r); err != nil {
		return nil, errAt(name, data, 0, fmt.Errorf("read result: %w", err))
	}
	r.File, r.data = name, data
	if r.FinishedAt.Before(r.StartedAt) {
		return nil, r.errAt("finished_at", fmt.Errorf("finished_at %s is before started_at %s", r.FinishedAt.Format(time.RFC3339), r.StartedAt.Format(time.RFC3339)))
	}
	return &r, nil
}

// errAt is a positioned error at a top-level key of the record as read.
func (r *Result) errAt(key string, err error) error {
	if r.data == nil {
		return fmt.Errorf("%s: %w", r.File, err)
	}
	return errAtPath(r.File, r.data, []string{key}, err)
}

func suggestID(p *selector.Plan, id string) string {
	ids := make([]string, len(p.Gates))
	for i, in := range p.Gates {
		ids[i] = in.ID
	}
	return suggest.DidYouMean(id, ids)
}
