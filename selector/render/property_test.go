package render_test

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"github.com/gatesel/gatesel/graph"
	"github.com/gatesel/gatesel/ownership"
	"github.com/gatesel/gatesel/selector"
	"github.com/gatesel/gatesel/selector/internal/policytest"
	"github.com/gatesel/gatesel/selector/render"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// parsedPolicy is a random policy, parsed.
type parsedPolicy struct {
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
	return parsedPolicy{g, rs, pool}
}

// randomChanges picks about a third of the pool, each modified, added or
// deleted.
func randomChanges(r *rand.Rand, pool []string) []selector.Change {
	var set []selector.Change
	for _, p := range pool {
		if r.IntN(3) == 0 {
			set = append(set, selector.Change{Path: p, Status: []selector.Status{selector.Modified, selector.Added, selector.Deleted}[r.IntN(3)]})
		}
	}
	return set
}

func fmtErr(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// TestRenderDeterministic: every format renders the same plan to the same
// bytes, and a plan selected again from the same input (changes in
// another order) renders to the same bytes too.
func TestRenderDeterministic(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	for range 100 {
		pol := randomParsed(t, r)
		set := randomChanges(r, pol.pool)
		p1, err := selector.Select(selector.Input{Graph: pol.g, Owners: pol.rs, Changes: set})
		require.NoError(t, err)
		rev := slices.Clone(set)
		slices.Reverse(rev)
		p2, err := selector.Select(selector.Input{Graph: pol.g, Owners: pol.rs, Changes: rev})
		require.NoError(t, err)
		require.NoError(t, p1.Seal())
		require.NoError(t, p2.Seal())
		for _, format := range render.Formats {
			for _, explain := range []bool{false, true} {
				var a, b, c bytes.Buffer
				errA := render.Write(&a, p1, format, render.Options{Explain: explain})
				errB := render.Write(&b, p1, format, render.Options{Explain: explain})
				errC := render.Write(&c, p2, format, render.Options{Explain: explain})
				require.Equal(t, fmtErr(errA), fmtErr(errB), format)
				require.Equal(t, fmtErr(errA), fmtErr(errC), format)
				require.Equal(t, a.String(), b.String(), "%s rendered twice differs", format)
				require.Equal(t, a.String(), c.String(), "%s differs with the changes in another order", format)
			}
		}
	}
}

// TestSelectConcurrentSharedPolicy: one parsed graph and CODEOWNERS ruleset
// serve many concurrent Select, Union and Render calls (distinct plans),
// with the results of sequential calls.
func TestSelectConcurrentSharedPolicy(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	pol := randomParsed(t, r)
	sets := make([][]selector.Change, 16)
	for i := range sets {
		for _, p := range pol.pool {
			if r.IntN(3) == 0 {
				sets[i] = append(sets[i], selector.Change{Path: p, Status: selector.Modified})
			}
		}
	}
	renderAll := func(cs []selector.Change) string {
		p, err := selector.Select(selector.Input{Graph: pol.g, Owners: pol.rs, Changes: cs, Profile: "full"})
		if err != nil {
			return err.Error()
		}
		u := selector.Union(p, p)
		var b bytes.Buffer
		for _, f := range render.Formats {
			if err := render.Write(&b, u, f, render.Options{Explain: true}); err != nil {
				b.WriteString(err.Error())
			}
		}
		return b.String()
	}
	want := make([]string, len(sets))
	for i, cs := range sets {
		want[i] = renderAll(cs)
	}
	got := make([]string, len(sets))
	var wg sync.WaitGroup
	for i, cs := range sets {
		wg.Go(func() { got[i] = renderAll(cs) })
	}
	wg.Wait()
	assert.Equal(t, want, got)
}
