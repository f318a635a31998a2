package selector

import (
	"encoding/json"
	"math/rand/v2"
	"testing"

	"github.com/gatesel/gatesel/graph"
	"github.com/stretchr/testify/require"
)

// checkAppendPlan: appendPlan gives json.Marshal's bytes, error or not.
func checkAppendPlan(t *testing.T, p *Plan) {
	t.Helper()
	want, wantErr := json.Marshal(p)
	got, err := appendPlan(nil, p)
	if wantErr != nil {
		require.Error(t, err)
		return
	}
	require.NoError(t, err)
	require.Equal(t, string(want), string(got))
}

// TestAppendPlanIsMarshal compares the plan encoder with encoding/json on
// the plans of generated policies and changes (sealed and not) and on
// plans with every optional field empty, nil or odd.
func TestAppendPlanIsMarshal(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for range 100 {
		pol := randomParsed(t, r)
		set := randomChanges(r, pol.pool)
		p, err := Select(Input{Graph: pol.g, Owners: pol.rs, Changes: set, Profile: []string{"", "ci", "full"}[r.IntN(3)]})
		require.NoError(t, err)
		checkAppendPlan(t, p)
		require.NoError(t, p.Seal())
		checkAppendPlan(t, p)
	}
	odd := "<a&b> \"q\" \\ \t\n\r\b\f\x00\x1f\x7f é \u2028\u2029 \xff\xfe 😀"
	checkAppendPlan(t, &Plan{})
	checkAppendPlan(t, &Plan{Schema: SchemaID, Base: &Revision{Rev: odd, Commit: "c"}, Head: &Revision{}, MergeBase: odd, Profile: odd, All: true,
		Changes:     []ChangeInfo{{Change: Change{Path: odd, Status: Renamed, OldPath: odd}, Owners: []string{}, Claims: []string{odd, ""}}, {}},
		Gates:       []Instance{{ID: odd, With: map[string]any{"b": []any{1, 2.5, true, nil, "x<y"}, "a": map[string]any{"k": odd}}, Reasons: []Reason{{Kind: ReasonKind(odd), Path: odd, Via: odd, ChainID: 3, Note: odd}, {}}}, {With: map[string]any{}, Reasons: []Reason{}, Owners: []string{}}},
		Chains:      []ChainLink{{Node: odd, Prev: -1}, {Node: "", Prev: 0}},
		Escalations: []Escalation{{Kind: EscalationUnowned, Path: odd, Cause: odd}, {Kind: EscalationKind(odd)}, {}},
		Warnings:    []string{odd}, Digest: odd})
	checkAppendPlan(t, &Plan{Changes: []ChangeInfo{}, Gates: []Instance{}, Escalations: []Escalation{}, Warnings: []string{}})
	for _, l := range graph.Layers {
		checkAppendPlan(t, &Plan{Gates: []Instance{{Layer: l}}})
	}
	// An unencodable with: value, or an unknown layer, is an error from both.
	for _, l := range []graph.Layer{-1, graph.Layer(len(graph.Layers))} {
		_, err := appendPlan(nil, &Plan{Gates: []Instance{{Layer: l}}})
		require.Error(t, err, "layer %d", l)
		checkAppendPlan(t, &Plan{Gates: []Instance{{Layer: l}}})
	}
	checkAppendPlan(t, &Plan{Gates: []Instance{{With: map[string]any{"f": func() {}}}}})
	checkAppendPlan(t, &Plan{Gates: []Instance{{With: map[string]any{odd: odd, "runs-on": "ubuntu-latest", "": "", "\xff": "a", "\ufffd": "b", "B": "c", "a": "d"}}}})
}

// FuzzAppendPlan: any strings, any bytes, encode as encoding/json does.
func FuzzAppendPlan(f *testing.F) {
	f.Add("a", "<b>&", "\u2028", []byte("\xff"))
	f.Fuzz(func(t *testing.T, a, b, c string, d []byte) {
		checkAppendPlan(t, &Plan{Schema: a, Base: &Revision{Rev: b, Commit: c}, Profile: string(d),
			Changes: []ChangeInfo{{Change: Change{Path: a, Status: Status(b), OldPath: c}, Owners: []string{string(d)}}},
			Gates: []Instance{{ID: b, Run: c, With: map[string]any{a: b, c: []any{string(d)}}, Reasons: []Reason{{Kind: ReasonKind(a), Note: string(d), ChainID: len(c)}}},
				{With: map[string]any{a: c, b: string(d), string(d): a}}}, // strings only: appendWith's own path
			Chains:   []ChainLink{{Node: c, Prev: len(a) - 1}},
			Warnings: []string{a, b, c}, Digest: string(d)})
	})
}

// TestSealedJSON: the encoding Seal keeps, with the digest, is
// AppendJSON's, byte for byte, on generated plans and on a plan of odd
// strings; an unsealed plan, or one whose digest was changed, has none.
func TestSealedJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 13))
	for range 60 {
		pol := randomParsed(t, r)
		p, err := Select(Input{Graph: pol.g, Owners: pol.rs, Changes: randomChanges(r, pol.pool)})
		require.NoError(t, err)
		require.Nil(t, p.SealedJSON(), "not sealed")
		require.NoError(t, p.Seal())
		want, err := AppendJSON(nil, p)
		require.NoError(t, err)
		require.Equal(t, string(want), string(p.SealedJSON()))
		p.Digest = "sha256:" + p.Digest[len("sha256:")+1:] + "0"
		require.Nil(t, p.SealedJSON(), "the digest changed")
	}
	odd := "<a&b> \"q\" \\ \t\n\r\b\f\x00\x1f\x7f é \u2028\u2029 \xff\xfe 😀"
	p := &Plan{Schema: SchemaID, Head: &Revision{Rev: odd}, Warnings: []string{odd}, Digest: "stale"}
	require.NoError(t, p.Seal())
	want, err := AppendJSON(nil, p)
	require.NoError(t, err)
	require.Equal(t, string(want), string(p.SealedJSON()))
	q := *p // Verify copies the plan and seals the copy
	require.True(t, q.Verify())
	require.Equal(t, string(want), string(p.SealedJSON()))
}
