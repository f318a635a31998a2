package evidence

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

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
// plan's JSON Schema (an unknown or misspelt key, a wrong type), has no
// digest, or has a digest that is not the sha256 of its content: an edited
// (tampered) plan never passes for the one that was computed.
func ParsePlan(name string, data []byte) (*selector.Plan, error) {
	if err := scanJSON(name, data, nil); err != nil {
		return nil, err
	}
	if err := validateSchema(name, data, planSchema(), "the plan schema "+selector.SchemaID); err != nil {
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

// planSchema is the plan's JSON Schema, compiled on first use (not at
// package initialisation: every gatesel run links this package, and
// compiling the schema took several milliseconds of a `select`).
var planSchema = sync.OnceValue(func() *jsonschema.Schema {
	return mustCompile("plan.schema.json", selector.PlanSchema())
})

// english prints the schema's messages.
var english = message.NewPrinter(language.English)

// mustCompile compiles an embedded JSON Schema.
func mustCompile(name string, data []byte) *jsonschema.Schema {
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err == nil {
		err = c.AddResource(name, doc)
	}
	var s *jsonschema.Schema
	if err == nil {
		s, err = c.Compile(name)
	}
	if err != nil {
		panic("evidence: compile " + name + ": " + err.Error()) // embedded: a build defect
	}
	return s
}

// validateSchema validates data against s and turns the first problem
// into a positioned error.
func validateSchema(name string, data []byte, s *jsonschema.Schema, what string) error {
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return errAt(name, data, 0, err)
	}
	err = s.Validate(v)
	if err == nil {
		return nil
	}
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return errAt(name, data, 0, err)
	}
	leaf := ve
	for len(leaf.Causes) > 0 {
		leaf = leaf.Causes[0]
	}
	msg := strings.TrimSpace(leaf.ErrorKind.LocalizedString(english))
	loc := "/" + strings.Join(leaf.InstanceLocation, "/")
	return errAtPath(name, data, leaf.InstanceLocation, fmt.Errorf("does not match %s at %s: %s", what, loc, msg))
}
