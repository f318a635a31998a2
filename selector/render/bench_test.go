package render_test

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/gatesel/gatesel/internal/gittest"
	"github.com/gatesel/gatesel/selector"
	"github.com/gatesel/gatesel/selector/render"
	"github.com/stretchr/testify/require"
)

// Benchmarks of the renderers; the harness (the synthetic monorepo, GATESEL_BENCH_REPO)
// is internal/gittest's BenchRepo. Plain `go test` runs none of this.

func BenchmarkSynthRender(b *testing.B) {
	r := gittest.SynthBench(b)
	for _, p := range r.Pairs {
		plan, err := selector.Compute(context.Background(), selector.Options{Dir: r.Dir, Base: p.Base, Head: p.Head})
		require.NoError(b, err)
		for _, format := range []string{"json", "github"} {
			b.Run(p.Name+"/"+format, func(b *testing.B) {
				var buf bytes.Buffer
				if err := render.Write(&buf, plan, format, render.Options{}); errors.Is(err, render.ErrMatrixLimit) {
					b.Skipf("%d gates: over GitHub's matrix limit, an error by design", len(plan.Gates))
				}
				b.ReportAllocs()
				for b.Loop() {
					buf.Reset()
					require.NoError(b, render.Write(&buf, plan, format, render.Options{}))
				}
				b.SetBytes(int64(buf.Len()))
			})
		}
	}
}
