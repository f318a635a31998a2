package selector_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/gatesel/gatesel/internal/gittest"
	"github.com/gatesel/gatesel/selector"
	"github.com/gatesel/gatesel/selector/render"
	"github.com/stretchr/testify/require"
)

// Benchmarks of the library end to end; the harness (the synthetic monorepo, GATESEL_BENCH_REPO)
// is internal/gittest's BenchRepo. Plain `go test` runs none of this.

// BenchmarkSynthCompute is the library end to end: open, resolve, merge
// base, diff, policy, CODEOWNERS, selection, seal and JSON rendering, with
// nothing cached between runs but the operating system's page cache.
func BenchmarkSynthCompute(b *testing.B) {
	r := gittest.SynthBench(b)
	r.EachPair(b, func(b *testing.B, p gittest.BenchPair) {
		b.ReportAllocs()
		for b.Loop() {
			plan, err := selector.Compute(context.Background(), selector.Options{Dir: r.Dir, Base: p.Base, Head: p.Head})
			require.NoError(b, err)
			require.NoError(b, render.JSON(io.Discard, plan))
		}
	})
}

// BenchmarkRealCompute needs a gates.yaml in the work tree and head
// revisions equal to the checked-out HEAD (the policy of any other head is
// read from its tree, which has none).
func BenchmarkRealCompute(b *testing.B) {
	r := gittest.RealBench(b)
	if _, err := os.Stat(filepath.Join(r.Dir, "gates.yaml")); err != nil {
		b.Skip("the work tree of GATESEL_BENCH_REPO has no gates.yaml (bench/e2e.sh writes one)")
	}
	r.EachPair(b, func(b *testing.B, p gittest.BenchPair) {
		b.ReportAllocs()
		for b.Loop() {
			plan, err := selector.Compute(context.Background(), selector.Options{Dir: r.Dir, Base: p.Base, Head: "HEAD"})
			require.NoError(b, err)
			require.NoError(b, render.JSON(io.Discard, plan))
		}
	})
}
