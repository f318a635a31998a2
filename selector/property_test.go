package selector

import (
	"encoding/json"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/graph"
	"github.com/gatesel/gatesel/ownership"
	"github.com/gatesel/gatesel/selector/internal/policytest"
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
				if d.Why == "covered-by" {
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
