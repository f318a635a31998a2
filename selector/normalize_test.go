package selector

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestNormalizeSortedAgrees: normalize answers a list sorted by path,
// each path once, with the list itself; merge, the general way, gives the
// same for it, and for the same paths in any order, and with repeats.
func TestNormalizeSortedAgrees(t *testing.T) {
	r := rand.New(rand.NewPCG(18, 2))
	pool := []string{"", "a", "a/b", "a-b", "a.b", "a/b/c.go", "b", "é", "z/\xff", "\u2028"}
	statuses := []Status{Modified, Added, Deleted, Renamed, Copied, TypeChg, Unknown}
	for range 2000 {
		var cs []Change
		for _, p := range pool {
			if r.IntN(2) == 0 {
				continue
			}
			c := Change{Path: p, Status: statuses[r.IntN(len(statuses))]}
			if c.Status == Renamed || c.Status == Copied {
				c.OldPath = pool[r.IntN(len(pool))]
			}
			cs = append(cs, c)
		}
		slices.SortFunc(cs, func(a, b Change) int { return strings.Compare(a.Path, b.Path) })
		require.Equal(t, merge(slices.Clone(cs)), normalize(cs), "sorted: %q", cs)
		shuffled := slices.Clone(cs)
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		require.Equal(t, merge(slices.Clone(cs)), normalize(shuffled), "shuffled: %q", shuffled)
		if len(cs) > 0 {
			dup := append(slices.Clone(cs), cs[r.IntN(len(cs))])
			slices.SortStableFunc(dup, func(a, b Change) int { return strings.Compare(a.Path, b.Path) })
			require.Equal(t, merge(slices.Clone(dup)), normalize(dup), "repeated: %q", dup)
		}
	}
}

// TestNormalizeOnce: Compute normalizes its plan once, after uniting the
// plans of two policies; the plans are those that normalizing each plan,
// their union, and the union with its escalation again gave (the order
// before), JSON and dropped instances alike.
func TestNormalizeOnce(t *testing.T) {
	r := rand.New(rand.NewPCG(18, 5))
	for range 200 {
		base, head := randomParsed(t, r), randomParsed(t, r)
		changes := randomChanges(r, base.pool)
		profile := []string{"", "full", "quick"}[r.IntN(3)]
		in := func(p parsedPolicy) Input {
			return Input{Graph: p.g, Owners: p.rs, Changes: changes, Profile: profile}
		}
		escalation := Escalation{Kind: EscalationPolicy, Cause: "the change edits the policy"}

		pb, err := Select(in(base))
		require.NoError(t, err)
		ph, err := Select(in(head))
		require.NoError(t, err)
		want := unite(pb, ph)
		want.normalize() // unite normalized its union before
		want.Escalations = append(want.Escalations, escalation)
		want.normalize()

		ub, err := selectPlan(in(base))
		require.NoError(t, err)
		uh, err := selectPlan(in(head))
		require.NoError(t, err)
		got := unite(ub, uh)
		got.Escalations = append(got.Escalations, escalation)
		got.normalize()

		wantJSON, err := AppendJSON(nil, want)
		require.NoError(t, err)
		gotJSON, err := AppendJSON(nil, got)
		require.NoError(t, err)
		require.Equal(t, string(wantJSON), string(gotJSON))
		require.Equal(t, want.Dropped, got.Dropped)

		one, err := selectPlan(in(head))
		require.NoError(t, err)
		one.normalize()
		oneJSON, err := AppendJSON(nil, one)
		require.NoError(t, err)
		twice, err := Select(in(head))
		require.NoError(t, err)
		twice.normalize() // Select's plan, normalized again
		twiceJSON, err := AppendJSON(nil, twice)
		require.NoError(t, err)
		require.Equal(t, string(twiceJSON), string(oneJSON))
	}
}
