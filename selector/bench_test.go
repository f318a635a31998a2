package selector

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/gatesel/gatesel/graph"
	"github.com/gatesel/gatesel/internal/gittest"
	"github.com/gatesel/gatesel/ownership"
	"github.com/gatesel/gatesel/selector/gitrepo"
	"github.com/stretchr/testify/require"
)

// Benchmarks of the policy and selection stages; the harness (the synthetic monorepo, GATESEL_BENCH_REPO)
// is internal/gittest's BenchRepo. Plain `go test` runs none of this.

// The policy stages read the work tree, as Compute does for HEAD.

func BenchmarkSynthPolicyLoad(b *testing.B) {
	fsys := os.DirFS(gittest.SynthBench(b).Dir)
	b.ReportAllocs()
	for b.Loop() {
		g, _, err := graph.Load(fsys, "gates.yaml")
		require.NoError(b, err)
		require.NotEmpty(b, g.Services)
	}
}

func BenchmarkSynthCodeownersParse(b *testing.B) {
	name, data := synthCodeowners(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		rs, err := ownership.Parse(name, data, ownership.Auto)
		require.NoError(b, err)
		require.NotNil(b, rs)
	}
}

func synthCodeowners(b *testing.B) (string, []byte) {
	r := gittest.SynthBench(b)
	for _, loc := range ownership.Locations(ownership.Auto) {
		if data, err := os.ReadFile(filepath.Join(r.Dir, loc)); err == nil {
			return loc, data
		}
	}
	b.Fatal("the generated repository has no CODEOWNERS")
	return "", nil
}

// selectInput is the head policy and the pair's changes, read outside the
// timed loop.
func selectInput(b *testing.B, dir string, p gittest.BenchPair) Input {
	b.Helper()
	in, _, err := LoadPolicy(context.Background(), Options{Dir: dir})
	require.NoError(b, err)
	d, err := openBench(b, dir).Diff(context.Background(), p.Base, p.Head)
	require.NoError(b, err)
	in.Changes = d.Changes
	return in
}

// benchSelect is the selection step after the diff: classify every changed
// path, propagate, escalate, build the plan, seal it.
func benchSelect(b *testing.B, r *gittest.BenchRepo) {
	r.EachPair(b, func(b *testing.B, p gittest.BenchPair) {
		in := selectInput(b, r.Dir, p)
		b.ReportMetric(float64(len(in.Changes)), "files")
		b.ReportAllocs()
		cpu, n := cpuTime(), 0
		for b.Loop() {
			plan, err := selectPlan(in) // as Compute: normalized once, in finish
			require.NoError(b, err)
			plan.normalize()
			require.NoError(b, plan.Seal())
			n++
		}
		b.ReportMetric(float64(cpuTime()-cpu)/float64(n), "cpu-ns/op")
	})
}

func BenchmarkSynthSelect(b *testing.B) { benchSelect(b, gittest.SynthBench(b)) }

func BenchmarkRealSelect(b *testing.B) {
	r := gittest.RealBench(b)
	if _, err := os.Stat(filepath.Join(r.Dir, "gates.yaml")); err != nil {
		b.Skip("the work tree of GATESEL_BENCH_REPO has no gates.yaml (bench/e2e.sh writes one)")
	}
	benchSelect(b, r)
}

// openBench opens the repository outside the timed loop.
func openBench(b *testing.B, dir string) *gitrepo.Repo {
	b.Helper()
	r, err := gitrepo.Open(context.Background(), dir)
	require.NoError(b, err)
	return r
}
