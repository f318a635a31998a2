package gitrepo

import (
	"context"
	"testing"

	"github.com/gatesel/gatesel/internal/gittest"
	"github.com/stretchr/testify/require"
)

// Benchmarks of the git stages; the harness (the synthetic monorepo, GATESEL_BENCH_REPO)
// is internal/gittest's BenchRepo. Plain `go test` runs none of this.

// openBench opens the repository outside the timed loop.
func openBench(b *testing.B, dir string) *Repo {
	b.Helper()
	r, err := Open(context.Background(), dir)
	require.NoError(b, err)
	return r
}

// The git stages, each on a freshly opened repository where the first
// object read pays for the pack index, as a new process does.

func benchOpen(b *testing.B, r *gittest.BenchRepo) {
	b.ReportAllocs()
	for b.Loop() {
		_, err := Open(context.Background(), r.Dir)
		require.NoError(b, err)
	}
}

// benchFirstObject opens the repository and reads one commit: the fixed
// cost of the object store (pack index) paid once per process.
func benchFirstObject(b *testing.B, r *gittest.BenchRepo) {
	b.ReportAllocs()
	for b.Loop() {
		repo := openBench(b, r.Dir)
		h, err := repo.resolve("HEAD", "revision")
		require.NoError(b, err)
		_, err = repo.commitTree(h)
		require.NoError(b, err)
	}
}

func benchResolve(b *testing.B, r *gittest.BenchRepo) {
	r.EachPair(b, func(b *testing.B, p gittest.BenchPair) {
		repo := openBench(b, r.Dir)
		b.ReportAllocs()
		for b.Loop() {
			for _, rev := range []string{p.Base, p.Head} {
				_, err := repo.Resolve(context.Background(), rev)
				require.NoError(b, err)
			}
		}
	})
}

func benchMergeBase(b *testing.B, r *gittest.BenchRepo) {
	r.EachPair(b, func(b *testing.B, p gittest.BenchPair) {
		repo := openBench(b, r.Dir)
		bh, err := repo.resolve(p.Base, "base")
		require.NoError(b, err)
		hh, err := repo.resolve(p.Head, "head")
		require.NoError(b, err)
		b.ReportAllocs()
		for b.Loop() {
			repo.walk = newWalker(repo) // nothing carried over between runs
			bases, _, err := repo.walk.mergeBases(bh, hh)
			require.NoError(b, err)
			require.NotEmpty(b, bases)
		}
	})
}

func benchDiffTrees(b *testing.B, r *gittest.BenchRepo) {
	r.EachPair(b, func(b *testing.B, p gittest.BenchPair) {
		repo := openBench(b, r.Dir)
		d, err := repo.Diff(context.Background(), p.Base, p.Head)
		require.NoError(b, err)
		mb, hh := hashOf(d.MergeBase), hashOf(d.Head.Commit)
		b.ReportAllocs()
		b.ReportMetric(float64(len(d.Changes)), "files")
		for b.Loop() {
			cs, _, err := repo.diffCommits(context.Background(), mb, hh)
			require.NoError(b, err)
			require.Len(b, cs, len(d.Changes))
		}
	})
}

// benchDiff is Repo.Diff (resolve, merge base, tree diff) in a freshly
// opened repository: the whole git side of Compute.
func benchDiff(b *testing.B, r *gittest.BenchRepo) {
	r.EachPair(b, func(b *testing.B, p gittest.BenchPair) {
		b.ReportAllocs()
		for b.Loop() {
			repo := openBench(b, r.Dir)
			_, err := repo.Diff(context.Background(), p.Base, p.Head)
			require.NoError(b, err)
		}
	})
}

func BenchmarkSynthOpen(b *testing.B)        { benchOpen(b, gittest.SynthBench(b)) }
func BenchmarkSynthFirstObject(b *testing.B) { benchFirstObject(b, gittest.SynthBench(b)) }
func BenchmarkSynthResolve(b *testing.B)     { benchResolve(b, gittest.SynthBench(b)) }
func BenchmarkSynthMergeBase(b *testing.B)   { benchMergeBase(b, gittest.SynthBench(b)) }
func BenchmarkSynthDiffTrees(b *testing.B)   { benchDiffTrees(b, gittest.SynthBench(b)) }
func BenchmarkSynthDiff(b *testing.B)        { benchDiff(b, gittest.SynthBench(b)) }

func BenchmarkRealOpen(b *testing.B)        { benchOpen(b, gittest.RealBench(b)) }
func BenchmarkRealFirstObject(b *testing.B) { benchFirstObject(b, gittest.RealBench(b)) }
func BenchmarkRealResolve(b *testing.B)     { benchResolve(b, gittest.RealBench(b)) }
func BenchmarkRealMergeBase(b *testing.B)   { benchMergeBase(b, gittest.RealBench(b)) }
func BenchmarkRealDiffTrees(b *testing.B)   { benchDiffTrees(b, gittest.RealBench(b)) }
func BenchmarkRealDiff(b *testing.B)        { benchDiff(b, gittest.RealBench(b)) }
