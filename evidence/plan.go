package evidence

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/gatesel/gatesel/internal/poserr"
	"github.com/gatesel/gatesel/selector"
)

// Error is a problem at a position in a named input: "file:line:col:
// message", with Unwrap.
type Error = poserr.Error

// ParsePlan reads a plan as `gatesel select --format json` writes it
// (schema gatesel.plan/v2) and checks that its digest matches its content.
// name is only for the positions in errors.
//
// A plan is refused, with the position of the problem, when it is not one
// JSON value, has a key twice in an object, does not validate against the
// plan's JSON Schema (an unknown or misspelt key, a wrong type; checked by
// the schema's rendering in Go, shapes.go), has no digest, or has a digest
// that is not the sha256 of its content: an edited (tampered) plan never
// passes for the one that was computed.
func ParsePlan(name string, data []byte) (*selector.Plan, error) {
	if err := scanJSON(name, data, nil); err != nil {
		return nil, err
	}
	if err := checkShape(name, data, planShape, "the plan schema "+selector.SchemaID); err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber() // with: values are re-encoded exactly as written
	var p selector.Plan
	if err := dec.Decode(&p); err != nil {
		return nil, errAt(name, data, dec.InputOffset(), fmt.Errorf("read plan: %w", err))
	}
	got, err := Digest(&p)
	if err != nil {
		return nil, errAtPath(name, data, []string{"digest"}, err)
	}
	if got != p.Digest || !p.Verify() {
		return nil, errAtPath(name, data, []string{"digest"},
			fmt.Errorf("the plan's digest %s is not the digest of its content (%s): the plan was changed after gatesel computed it", p.Digest, got))
	}
	return &p, nil
}

// Digest computes a plan's digest as the selector seals it: the sha256 of
// the plan's canonical JSON without the digest ("sha256:" and 64 hex
// digits). It lets a caller check a plan it recomputed or received.
func Digest(p *selector.Plan) (string, error) {
	q := *p
	q.Digest = ""
	b, err := json.Marshal(&q) // byte for byte the selector's encoding (selector.TestAppendPlanIsMarshal)
	if err != nil {
		return "", fmt.Errorf("encode plan: %w", err)
	}
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:]), nil
}
