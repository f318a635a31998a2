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
