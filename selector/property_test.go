package selector

import (
	"encoding/json"
	"errors"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/gatesel/gatesel/graph"
	"github.com/gatesel/gatesel/ownership"
	"github.com/gatesel/gatesel/selector/internal/policytest"
	"github.com/stretchr/testify/require"
)

func encode(t testing.TB, p *Plan) string {
	b, err := json.Marshal(p)
	require.NoError(t, err)
	return string(b)
}

// TestSelectProperties checks SPEC §10 over generated policies and change
// sets: contract gates always present, every gate has a reason, the output
// does not depend on the order of the input, and adding a changed path
// never removes a gate unless a covering gate replaced it.
func TestSelectProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	cases := 0
	for range 300 {
		src, co, pool := policytest.RandomPolicy(r)
		g, _, err := graph.Parse("gates.yaml", []byte(src))
		require.NoError(t, err, src)
		rs, err := ownership.Parse("CODEOWNERS", []byte(co), ownership.GitHub)
		require.NoError(t, err)
		profile := []string{"", "", "ci", "full"}[r.IntN(4)]
		for range 10 {
			cases++
			var set []Change
			for _, p := range pool {
				if r.IntN(4) == 0 {
					set = append(set, Change{Path: p, Status: Modified})
				}
			}
			extra := Change{Path: pool[r.IntN(len(pool))], Status: Added}
			in := Input{Graph: g, Owners: rs, Changes: set, Profile: profile}
			small, err := Select(in)
			require.NoError(t, err)
			in.Changes = append(slices.Clone(set), extra)
			big, err := Select(in)
			require.NoError(t, err)

			for _, p := range []*Plan{small, big} {
				ids := map[string]bool{}
				for _, inst := range p.Gates {
					require.NotEmpty(t, inst.Reasons, "instance %s has no reason", inst.ID)
					require.False(t, ids[inst.ID], "instance %s twice", inst.ID)
					ids[inst.ID] = true
				}
				for name, c := range g.Contracts {
					for _, gate := range c.Gates {
						require.True(t, ids[gate+":"+name], "contract gate %s:%s missing", gate, name)
					}
				}
			}

			bigIDs := map[string]bool{}
			for _, inst := range big.Gates {
				bigIDs[inst.ID] = true
			}
			for _, d := range big.Dropped {
				if d.Why == DropCoveredBy {
					bigIDs[d.ID] = true
				}
			}
			for _, inst := range small.Gates {
				require.True(t, bigIDs[inst.ID], "adding %s removed %s\npolicy:\n%s\nchanges: %v", extra.Path, inst.ID, src, set)
			}

			rev := slices.Clone(in.Changes)
			slices.Reverse(rev)
			in.Changes = rev
			again, err := Select(in)
			require.NoError(t, err)
			require.Equal(t, encode(t, big), encode(t, again), "order of changes changed the plan")
		}
	}
	t.Logf("%d change sets checked", cases)
}

// parsedPolicy is a random policy, parsed.
type parsedPolicy struct {
	src  string
	g    *graph.Graph
	rs   *ownership.Ruleset
	pool []string
}

func randomParsed(t *testing.T, r *rand.Rand) parsedPolicy {
	t.Helper()
	src, co, pool := policytest.RandomPolicy(r)
	g, _, err := graph.Parse("gates.yaml", []byte(src))
	require.NoError(t, err, src)
	rs, err := ownership.Parse("CODEOWNERS", []byte(co), ownership.GitHub)
	require.NoError(t, err)
	return parsedPolicy{src, g, rs, pool}
}

// selected is the set of instance ids a plan runs or replaced by a
// covering gate (which is not a removal).
func selected(p *Plan) map[string]bool {
	ids := map[string]bool{}
	for _, in := range p.Gates {
		ids[in.ID] = true
	}
	for _, d := range p.Dropped {
		if d.Why == DropCoveredBy {
			ids[d.ID] = true
		}
	}
	return ids
}

// TestUnionProperties: the plan of a change that edits the policy (the
// union of the base and head policies' plans) holds every instance of
// either plan, has a reason for each, keeps every contract gate of both
// policies, and stays monotone: adding a changed path never removes an
// instance from the union.
func TestUnionProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	cases := 0
	for range 150 {
		base, head := randomParsed(t, r), randomParsed(t, r)
		pool := append(slices.Clone(base.pool), head.pool...)
		profile := []string{"", "ci", "full"}[r.IntN(3)]
		for range 10 {
			cases++
			var set []Change
			for _, p := range pool {
				if r.IntN(5) == 0 {
					set = append(set, Change{Path: p, Status: Modified})
				}
			}
			union := func(cs []Change) (*Plan, *Plan, *Plan) {
				hp, err := Select(Input{Graph: head.g, Owners: head.rs, Changes: cs, Profile: profile})
				require.NoError(t, err)
				bp, err := Select(Input{Graph: base.g, Owners: base.rs, Changes: cs, Profile: profile})
				require.NoError(t, err)
				return Union(hp, bp), hp, bp
			}
			u, hp, bp := union(set)
			uIDs := selected(u)
			for _, p := range []*Plan{hp, bp} {
				for id := range selected(p) {
					require.True(t, uIDs[id], "the union lost %s", id)
				}
			}
			for _, in := range u.Gates {
				require.NotEmpty(t, in.Reasons, in.ID)
			}
			for _, pol := range []parsedPolicy{base, head} {
				for name, c := range pol.g.Contracts {
					for _, gate := range c.Gates {
						require.True(t, uIDs[gate+":"+name], "contract gate %s:%s missing from the union", gate, name)
					}
				}
			}
			extra := Change{Path: pool[r.IntN(len(pool))], Status: Added}
			bigger, _, _ := union(append(slices.Clone(set), extra))
			bIDs := selected(bigger)
			for id := range uIDs {
				require.True(t, bIDs[id], "adding %s removed %s from the union", extra.Path, id)
			}
		}
	}
	t.Logf("%d unions checked", cases)
}

// TestFallbackProperties: a fallback plan (--on-error all) of any policy
// selects every instance the policy can plan, each with a reason, the
// contract gates always, and says why.
func TestFallbackProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 17))
	for range 200 {
		pol := randomParsed(t, r)
		profile := []string{"", "ci", "full"}[r.IntN(3)]
		c := &computation{opt: Options{Profile: profile, OnError: "all"}, head: &policy{graph: pol.g, owners: pol.rs, where: "work tree"}}
		c.changes = []Change{{Path: pol.pool[r.IntN(len(pol.pool))], Status: Modified}}
		p, err := c.fallback(errors.New("boom: the cause"))
		require.NoError(t, err)
		require.True(t, p.All)
		require.Equal(t, []Escalation{{Kind: EscalationFallback, Cause: "boom: the cause"}}, p.Escalations)
		ids := selected(p)
		for _, in := range p.Gates {
			require.NotEmpty(t, in.Reasons, in.ID)
			if in.Layer != graph.LayerContract {
				require.Equal(t, Reason{Kind: ReasonFallback, Note: "boom: the cause"}, in.Reasons[0], in.ID)
			}
		}
		for name, ct := range pol.g.Contracts {
			for _, gate := range ct.Gates {
				require.True(t, ids[gate+":"+name], "contract gate %s:%s missing", gate, name)
			}
		}
		// every instance any change could select is in the fallback plan
		all, err := Select(Input{Graph: pol.g, Owners: pol.rs, Changes: poolChanges(pol.pool), Profile: profile})
		require.NoError(t, err)
		for id := range selected(all) {
			require.True(t, ids[id], "fallback misses %s\n%s", id, pol.src)
		}
		require.True(t, p.Verify(), "the digest verifies")
	}
}

// randomChanges picks about a third of the pool, each modified, added or
// deleted.
func randomChanges(r *rand.Rand, pool []string) []Change {
	var set []Change
	for _, p := range pool {
		if r.IntN(3) == 0 {
			set = append(set, Change{Path: p, Status: []Status{Modified, Added, Deleted}[r.IntN(3)]})
		}
	}
	return set
}

func poolChanges(pool []string) []Change {
	out := make([]Change, len(pool))
	for i, p := range pool {
		out[i] = Change{Path: p, Status: Modified}
	}
	return out
}
