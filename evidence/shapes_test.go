package evidence_test

import (
	"bytes"
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/evidence"
	"github.com/gatesel/gatesel/selector"
	"github.com/gatesel/gatesel/selector/render"
)

// compile compiles an embedded schema as gatesel published it, asserting
// formats (date-time).
func compile(t testing.TB, name string, data []byte) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	require.NoError(t, err)
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	require.NoError(t, c.AddResource(name, doc))
	s, err := c.Compile(name)
	require.NoError(t, err)
	return s
}

// schemaAccepts is what ParsePlan and ParseResult accepted before the Go
// checks replaced the schemas: the schema validates the data and it
// decodes into the Go value (into must be a new pointer each call).
func schemaAccepts(s *jsonschema.Schema, data []byte, into any) bool {
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil || s.Validate(v) != nil {
		return false
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	return dec.Decode(into) == nil
}

// agree fails when the Go check and the schema disagree on data. Data
// with a key twice is refused by the Go scan before any schema question
// (the schema library reads the last), so it is left out.
func agree(t testing.TB, s *jsonschema.Schema, check func([]byte) error, into func() any, data []byte) {
	t.Helper()
	if dup := evidence.ScanJSON(data); dup != nil {
		return
	}
	err := check(data)
	want := schemaAccepts(s, data, into())
	if want != (err == nil) {
		t.Fatalf("the schema says %v, the Go check says %v, for\n%s", want, err, data)
	}
}

// replacements are the values every value of a valid document is replaced
// with in turn: every JSON type, the edges of the schemas' patterns,
// enums, minimums and formats.
var replacements = []any{nil, true, false, json.Number("0"), json.Number("-1"), json.Number("-2"), json.Number("1"),
	json.Number("1.5"), json.Number("1.0"), json.Number("1e2"), json.Number("99999999999999999999"),
	"", "x", "?", "A", "T", "pass", "skip", "smoke", "local", "fallback", "policy", "gatesel.plan/v2", "gatesel.result/v1",
	"sha256:" + hex64, "sha256:" + hex64[:63], "sha256:" + hex64 + "0", "SHA256:" + hex64, "sha256:0123456789ABCDEF" + hex64[16:],
	hex64[:40], hex64, hex64[:41], "g" + hex64[1:40],
	"2026-01-01T00:00:00Z", "2026-01-01T00:00:00.5+01:00", "2026-01-01t00:00:00z", "2026-01-01T23:59:60Z", "2026-02-30T00:00:00Z",
	"2026-01-01T24:00:00Z", "2026-01-01T00:00:00+24:00", "2026-01-01T00:00:00,5Z", "2026-1-01T00:00:00Z",
	[]any{}, []any{"x"}, []any{json.Number("1")}, map[string]any{}, map[string]any{"x": json.Number("1")}}

// mutations are data with one change each: at every value, a replacement,
// a deleted key, an unknown key, a cleared or doubled array.
func mutations(t testing.TB, data []byte) [][]byte {
	t.Helper()
	var doc any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	require.NoError(t, dec.Decode(&doc))
	var out [][]byte
	emit := func(v any) {
		b, err := json.Marshal(v)
		require.NoError(t, err)
		out = append(out, b)
	}
	var walk func(v any, set func(any))
	walk = func(v any, set func(any)) {
		for _, r := range replacements {
			set(r)
			emit(doc)
		}
		set(v)
		switch v := v.(type) {
		case map[string]any:
			v["unknown"] = json.Number("1")
			emit(doc)
			delete(v, "unknown")
			for k, e := range v {
				delete(v, k)
				emit(doc)
				v[k] = e
				walk(e, func(n any) { v[k] = n })
			}
		case []any:
			set([]any{})
			emit(doc)
			set(append(v[:len(v):len(v)], v...))
			emit(doc)
			set(v)
			for i, e := range v {
				walk(e, func(n any) { v[i] = n })
			}
		}
	}
	walk(doc, func(n any) { doc = n })
	return out
}

func planJSON(t testing.TB, p *selector.Plan) []byte {
	var buf bytes.Buffer
	require.NoError(t, render.JSON(&buf, p))
	return buf.Bytes()
}

// planSeeds are valid plans: real ones from a repository and from values
// (with smoke chains), and one not computed from git.
func planSeeds(t *testing.T) [][]byte {
	_, p := planFromRepo(t)
	noGit := examplePlan()
	noGit.Head = nil
	noGit.Warnings = []string{"w"}
	noGit.Escalations = []selector.Escalation{{Kind: "policy", Path: "gates.yaml", Cause: "c"}}
	noGit.Changes = append(noGit.Changes, selector.ChangeInfo{Change: selector.Change{Path: "b", OldPath: "a", Status: "R"}, Owners: []string{"@o"}, Claims: []string{}})
	return [][]byte{planJSON(t, p), planJSON(t, examplePlan()), planJSON(t, noGit)}
}

// resultSeeds are valid records: with and without run URL, JUnit
// summaries and head.
func resultSeeds(t *testing.T) [][]byte {
	p := examplePlan()
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var out [][]byte
	for i, in := range p.Gates {
		r, err := evidence.NewResult(p, in.ID, evidence.Pass, t0, t0.Add(time.Second))
		require.NoError(t, err)
		if i%2 == 0 {
			r.RunURL = "https://ci.example.com/run/" + strconv.Itoa(i)
			r.JUnit = []evidence.JUnitSummary{{File: "r.xml", Tests: 3, Failures: 1}}
			r.Head = ""
		}
		b, err := r.Marshal()
		require.NoError(t, err)
		out = append(out, b)
	}
	return out
}

// TestShapesAgreeWithSchemas: for valid plans and records and thousands
// of one-change variants of them, the Go checks accept exactly what the
// published JSON Schemas (and the decoding that followed them) accepted.
func TestShapesAgreeWithSchemas(t *testing.T) {
	ps := compile(t, "plan.schema.json", selector.PlanSchema())
	rs := compile(t, "result.schema.json", evidence.ResultSchema())
	newPlan := func() any { return new(selector.Plan) }
	newResult := func() any { return new(evidence.Result) }
	n := 0
	for _, seed := range planSeeds(t) {
		require.NoError(t, evidence.CheckPlanShape(seed), string(seed))
		for _, m := range mutations(t, seed) {
			agree(t, ps, evidence.CheckPlanShape, newPlan, m)
			n++
		}
	}
	for _, seed := range resultSeeds(t) {
		require.NoError(t, evidence.CheckResultShape(seed), string(seed))
		for _, m := range mutations(t, seed) {
			agree(t, rs, evidence.CheckResultShape, newResult, m)
			n++
		}
	}
	for _, tt := range resultTests {
		agree(t, rs, evidence.CheckResultShape, newResult, []byte(tt.json))
	}
	require.Greater(t, n, 5000, "variants compared")
}
