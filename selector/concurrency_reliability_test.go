package selector

import (
	"context"
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
	want, err := Compute(ctx, Options{Dir: g.Dir})
	require.NoError(t, err)
	var wg sync.WaitGroup
	got := make([]string, 8)
	for i := range got {
		wg.Go(func() {
			p, err := Compute(ctx, Options{Dir: g.Dir, Uncommitted: i%2 == 0})
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
