package selector

import (
	"bytes"
	"context"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestComputeConcurrent: Compute calls on one repository from many
// goroutines (each opens its own Repo, half of them also reading the
// work tree) give the same plan as one call.
func TestComputeConcurrent(t *testing.T) {
	ctx := context.Background()
	g := relRepo(t)
	want, err := Compute(ctx, Options{Dir: g.dir})
	require.NoError(t, err)
	var wg sync.WaitGroup
	got := make([]string, 8)
	for i := range got {
		wg.Go(func() {
			p, err := Compute(ctx, Options{Dir: g.dir, Uncommitted: i%2 == 0})
			if err == nil {
				got[i] = p.Digest
			} else {
				got[i] = err.Error()
			}
		})
	}
	wg.Wait()
	for i, d := range got { // the work tree is clean: --uncommitted adds nothing
		assert.Equal(t, want.Digest, d, "call %d", i)
	}
}

// TestSelectConcurrentSharedPolicy: one parsed graph and CODEOWNERS ruleset
// serve many concurrent Select, Union and Render calls (distinct plans),
// with the results of sequential calls.
func TestSelectConcurrentSharedPolicy(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	pol := randomParsed(t, r)
	sets := make([][]Change, 16)
	for i := range sets {
		for _, p := range pol.pool {
			if r.IntN(3) == 0 {
				sets[i] = append(sets[i], Change{Path: p, Status: Modified})
			}
		}
	}
	render := func(cs []Change) string {
		p, err := Select(Input{Graph: pol.g, Owners: pol.rs, Changes: cs, Profile: "full"})
		if err != nil {
			return err.Error()
		}
		u := Union(p, p)
		var b bytes.Buffer
		for _, f := range Formats {
			if err := Render(&b, u, f, RenderOptions{Explain: true}); err != nil {
				b.WriteString(err.Error())
			}
		}
		return b.String()
	}
	want := make([]string, len(sets))
	for i, cs := range sets {
		want[i] = render(cs)
	}
	got := make([]string, len(sets))
	var wg sync.WaitGroup
	for i, cs := range sets {
		wg.Go(func() { got[i] = render(cs) })
	}
	wg.Wait()
	assert.Equal(t, want, got)
}
