package evidence_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/evidence"
	"github.com/gatesel/gatesel/internal/gittest"
	"github.com/gatesel/gatesel/selector"
	"github.com/gatesel/gatesel/selector/render"
)

const policy = `version: 1
settings: {base: main}
gates:
  contract-check: {run: "make contract-check"}
  unit: {run: "go test ./{{.Dir}}/...", with: {timeout-minutes: 30, ratio: 0.5, big: 12345678901234567890, tags: [a, "<b>"]}}
  smoke: {run: "smoke {{.Name}}"}
include: ["services/*/gates.yaml"]
contracts:
  platform: {gates: [contract-check]}
services:
  ledger: {paths: ["services/ledger/**"], gates: [unit], smoke: [smoke]}
`

const fragment = `version: 1
services:
  billing: {paths: ["services/billing/**"], depends_on: [ledger], gates: [unit], smoke: [smoke]}
`

// statementSchema compiles the in-toto Statement v1 schema of testdata,
// asserting formats (uri).
func statementSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	data, err := os.ReadFile("testdata/in-toto-statement-v1.schema.json")
	require.NoError(t, err)
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	require.NoError(t, err)
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	require.NoError(t, c.AddResource("statement.schema.json", doc))
	s, err := c.Compile("statement.schema.json")
	require.NoError(t, err)
	return s
}

// planFromRepo computes a plan on a real repository whose change edits
// the policy (so the base and head policies differ), renders it as select
// --format json does and reads it back.
func planFromRepo(t *testing.T) (*gittest.Repo, *selector.Plan) {
	r := gittest.New(t)
	r.Commit("one", map[string]string{"gates.yaml": policy, "services/billing/gates.yaml": fragment,
		"CODEOWNERS": "* @acme/platform\n", "services/ledger/a.go": "package a\n", "services/billing/b.go": "package b\n"})
	r.Git("checkout", "-q", "-b", "feature")
	r.Commit("two", map[string]string{"services/ledger/a.go": "package a // 2\n", "CODEOWNERS": "* @acme/platform\n/services/ @acme/services\n"})
	p, err := selector.Compute(context.Background(), selector.Options{Dir: r.Dir, Base: "main", Head: "feature"})
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, render.JSON(&buf, p))
	got, err := evidence.ParsePlan("plan.json", buf.Bytes())
	require.NoError(t, err, buf.String())
	return r, got
}

func TestParsePlanRoundTripsTheDigest(t *testing.T) {
	_, p := planFromRepo(t)
	d, err := evidence.Digest(p)
	require.NoError(t, err)
	assert.Equal(t, p.Digest, d)
	assert.True(t, p.Verify())
	require.Len(t, p.Gates, 3, "contract-check:platform, smoke:billing, unit:ledger")
	// the with: numbers survive as written (a float64 would round the big one)
	var unit selector.Instance
	for _, in := range p.Gates {
		if in.ID == "unit:ledger" {
			unit = in
		}
	}
	assert.Equal(t, json.Number("12345678901234567890"), unit.With["big"])
}

func TestStatementValidatesAgainstInTotoSchema(t *testing.T) {
	r, p := planFromRepo(t)
	start := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
	var results []*evidence.Result
	for _, in := range p.Gates {
		res, err := evidence.NewResult(p, in.ID, evidence.Pass, start, start.Add(time.Minute))
		require.NoError(t, err)
		res.File = in.ID + ".json"
		results = append(results, res)
	}
	rep, err := evidence.Verify(p, results, evidence.VerifyOptions{})
	require.NoError(t, err)
	require.True(t, rep.OK(), "%+v", rep.Findings)

	tree, err := repoTree(t, r.Dir, p.Head.Commit)
	require.NoError(t, err)
	head, err := evidence.PolicyFiles(tree, []string{"gates.yaml", "services/billing/gates.yaml", "CODEOWNERS"}, false)
	require.NoError(t, err)
	// the gitBlob digests are git's own object ids
	for _, f := range head {
		assert.Equal(t, r.Git("rev-parse", "feature:"+f.Name), f.Digest["gitBlob"], f.Name)
	}
	st, err := evidence.NewStatement(p, rep, evidence.PolicyEvidence{Head: head}, "https://github.com/acme/shop")
	require.NoError(t, err)
	b, err := st.Marshal()
	require.NoError(t, err)
	// a smoke reason's chain is an index into the chains the predicate carries
	require.NotEmpty(t, p.Chains, "smoke:billing has a chain")
	assert.Equal(t, p.Chains, st.Predicate.Chains)
	for _, g := range st.Predicate.Gates {
		for _, rs := range g.Reasons {
			assert.Less(t, rs.ChainID, max(len(st.Predicate.Chains), 1), g.ID)
		}
	}

	schema := statementSchema(t)
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	require.NoError(t, err)
	require.NoError(t, schema.Validate(v), string(b))

	// the predicate matches its own schema
	pdoc, err := jsonschema.UnmarshalJSON(bytes.NewReader(evidence.PredicateSchema()))
	require.NoError(t, err)
	pc := jsonschema.NewCompiler()
	pc.AssertFormat()
	require.NoError(t, pc.AddResource("predicate.schema.json", pdoc))
	ps, err := pc.Compile("predicate.schema.json")
	require.NoError(t, err)
	pb, err := json.Marshal(st.Predicate)
	require.NoError(t, err)
	pv, err := jsonschema.UnmarshalJSON(bytes.NewReader(pb))
	require.NoError(t, err)
	require.NoError(t, ps.Validate(pv), string(pb))
	// so does a failed one: findings, and results that are null
	failed, err := evidence.Verify(p, results[:1], evidence.VerifyOptions{})
	require.NoError(t, err)
	require.False(t, failed.OK())
	fst, err := evidence.NewStatement(p, failed, evidence.PolicyEvidence{Head: head}, "")
	require.NoError(t, err)
	pb, err = json.Marshal(fst.Predicate)
	require.NoError(t, err)
	pv, err = jsonschema.UnmarshalJSON(bytes.NewReader(pb))
	require.NoError(t, err)
	require.NoError(t, ps.Validate(pv), string(pb))
	assert.Contains(t, string(pb), `"result":null`)

	var back map[string]any
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, "https://in-toto.io/Statement/v1", back["_type"])
	assert.Equal(t, "https://gatesel.dev/evidence/v1", back["predicateType"])
	subject := back["subject"].([]any)[0].(map[string]any)
	assert.Equal(t, map[string]any{"gitCommit": r.Git("rev-parse", "feature")}, subject["digest"])
	pred := back["predicate"].(map[string]any)
	assert.Equal(t, true, pred["verified"])
	assert.Equal(t, p.Digest, pred["plan"].(map[string]any)["digest"])
	assert.Len(t, pred["gates"], 3)
	assert.NotEmpty(t, pred["escalations"], "the change edits CODEOWNERS: the policy escalation is recorded")

	// the schema is not a formality: it refuses what the spec forbids
	for name, edit := range map[string]func(m map[string]any){
		"wrong _type":       func(m map[string]any) { m["_type"] = "https://in-toto.io/Statement/v0.1" },
		"no subject digest": func(m map[string]any) { delete(m["subject"].([]any)[0].(map[string]any), "digest") },
		"empty subject":     func(m map[string]any) { m["subject"] = []any{} },
		"short gitCommit": func(m map[string]any) {
			m["subject"].([]any)[0].(map[string]any)["digest"] = map[string]any{"gitCommit": "abc"}
		},
		"no predicateType": func(m map[string]any) { delete(m, "predicateType") },
	} {
		var m map[string]any
		require.NoError(t, json.Unmarshal(b, &m))
		edit(m)
		bad, err := json.Marshal(m)
		require.NoError(t, err)
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(bad))
		require.NoError(t, err)
		assert.Error(t, schema.Validate(v), name)
	}
}

func TestStatementNeedsAHead(t *testing.T) {
	p := &selector.Plan{Schema: selector.SchemaID, Digest: "sha256:00"}
	_, err := evidence.NewStatement(p, &evidence.Report{}, evidence.PolicyEvidence{}, "")
	assert.EqualError(t, err, "the plan has no head commit (it was not computed from git): there is no commit to attest")
}

func TestGitBlob(t *testing.T) {
	// digest_set.md's example: "Hello" without a newline
	assert.Equal(t, "5ab2f8a4323abafb10abb68657d9d39f1a775057", evidence.GitBlob([]byte("Hello"), false))
}
