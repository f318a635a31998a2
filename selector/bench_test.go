package selector

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/gatesel/gatesel/graph"
	"github.com/gatesel/gatesel/internal/synth"
	"github.com/gatesel/gatesel/ownership"
	"github.com/stretchr/testify/require"
)

// Benchmarks of every stage of `gatesel select` and of Compute end to end.
//
// They run on a synthetic monorepo (internal/synth) generated once per
// process into a cache directory keyed by its options
// ($GATESEL_BENCH_CACHE, default the system temporary directory), so that a
// second run starts at once: synth.Medium() (20,000 files, 200 services),
// or the default size (100,000 files, 2,000 services, 10,000 edges, 5,000
// CODEOWNERS rules) with GATESEL_BENCH_FULL=1. Each stage runs on the pairs
// change-1, change-100, change-10000 and diverged.
//
// With GATESEL_BENCH_REPO=/path/to/clone and GATESEL_BENCH_PAIRS="base..head,..."
// the git stages (and the selection, when the clone's work tree has a
// gates.yaml) also run on a real repository, e.g.
//
//	GATESEL_BENCH_REPO=/tmp/terraform GATESEL_BENCH_PAIRS=main~1..main,main~2000..main \
//	  go test ./selector -run '^$' -bench 'Real' -benchmem
//
// Plain `go test` runs none of this: benchmarks only run with -bench.

// benchRepo is the generated repository with its pairs.
type benchRepo struct {
	dir   string
	pairs []benchPair
}

type benchPair struct{ name, base, head string }

var (
	synthOnce sync.Once
	synthRepo *benchRepo
	synthErr  error
)

// synthBench returns the generated repository, generating it on first use.
func synthBench(b *testing.B) *benchRepo {
	b.Helper()
	synthOnce.Do(func() { synthRepo, synthErr = generateCached(synthOptions()) })
	require.NoError(b, synthErr)
	return synthRepo
}

func synthOptions() synth.Options {
	if os.Getenv("GATESEL_BENCH_FULL") == "1" {
		return synth.Options{Seed: 1} // the defaults: 100,000 files, 2,000 services
	}
	return synth.Medium()
}

// generateCached generates the repository for opt into a directory named
// by a hash of the options, unless a complete one is already there.
func generateCached(opt synth.Options) (*benchRepo, error) {
	key, err := json.Marshal(opt)
	if err != nil {
		return nil, err
	}
	cache := os.Getenv("GATESEL_BENCH_CACHE")
	if cache == "" {
		cache = os.TempDir()
	}
	dir := filepath.Join(cache, fmt.Sprintf("gatesel-bench-%x", sha256.Sum256(key))[:len("gatesel-bench-")+16])
	done := filepath.Join(dir, "pairs.json")
	if data, err := os.ReadFile(done); err == nil {
		var pairs map[string][2]string
		if err := json.Unmarshal(data, &pairs); err == nil {
			return &benchRepo{dir: filepath.Join(dir, "repo"), pairs: sortedPairs(pairs)}, nil
		}
	}
	if err := os.RemoveAll(dir); err != nil {
		return nil, err
	}
	repo, err := synth.Generate(context.Background(), filepath.Join(dir, "repo"), opt)
	if err != nil {
		return nil, err
	}
	data, err := json.Marshal(repo.Pairs)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(done, data, 0o644); err != nil {
		return nil, err
	}
	return &benchRepo{dir: repo.Dir, pairs: sortedPairs(repo.Pairs)}, nil
}

func sortedPairs(m map[string][2]string) []benchPair {
	var out []benchPair
	for name, p := range m {
		out = append(out, benchPair{name, p[0], p[1]})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

// realBench is the repository of GATESEL_BENCH_REPO with the pairs of
// GATESEL_BENCH_PAIRS, or nil (the benchmark is skipped) when unset.
func realBench(b *testing.B) *benchRepo {
	b.Helper()
	dir := os.Getenv("GATESEL_BENCH_REPO")
	if dir == "" {
		b.Skip("set GATESEL_BENCH_REPO=/path/to/clone and GATESEL_BENCH_PAIRS=base..head,... to run on a real repository")
	}
	r := &benchRepo{dir: dir}
	for _, p := range strings.Split(os.Getenv("GATESEL_BENCH_PAIRS"), ",") {
		base, head, ok := strings.Cut(strings.TrimSpace(p), "..")
		if !ok {
			b.Fatalf("GATESEL_BENCH_PAIRS: %q is not base..head", p)
		}
		r.pairs = append(r.pairs, benchPair{p, base, head})
	}
	return r
}

// eachPair runs fn as one sub-benchmark per pair.
func (r *benchRepo) eachPair(b *testing.B, fn func(b *testing.B, p benchPair)) {
	for _, p := range r.pairs {
		b.Run(strings.ReplaceAll(p.name, "/", "_"), func(b *testing.B) { fn(b, p) })
	}
}

// openBench opens the repository outside the timed loop.
func openBench(b *testing.B, dir string) *Repo {
	b.Helper()
	r, err := OpenRepo(context.Background(), dir)
	require.NoError(b, err)
	return r
}

// The git stages, each on a freshly opened repository where the first
// object read pays for the pack index, as a new process does.

func benchOpen(b *testing.B, r *benchRepo) {
	b.ReportAllocs()
	for b.Loop() {
		_, err := OpenRepo(context.Background(), r.dir)
		require.NoError(b, err)
	}
}

// benchFirstObject opens the repository and reads one commit: the fixed
// cost of the object store (pack index) paid once per process.
func benchFirstObject(b *testing.B, r *benchRepo) {
	b.ReportAllocs()
	for b.Loop() {
		repo := openBench(b, r.dir)
		h, err := repo.resolve("HEAD", "revision")
		require.NoError(b, err)
		_, err = repo.commitTree(h)
		require.NoError(b, err)
	}
}

func benchResolve(b *testing.B, r *benchRepo) {
	r.eachPair(b, func(b *testing.B, p benchPair) {
		repo := openBench(b, r.dir)
		b.ReportAllocs()
		for b.Loop() {
			for _, rev := range []string{p.base, p.head} {
				_, err := repo.Resolve(context.Background(), rev)
				require.NoError(b, err)
			}
		}
	})
}

func benchMergeBase(b *testing.B, r *benchRepo) {
	r.eachPair(b, func(b *testing.B, p benchPair) {
		repo := openBench(b, r.dir)
		bh, err := repo.resolve(p.base, "base")
		require.NoError(b, err)
		hh, err := repo.resolve(p.head, "head")
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

func benchDiffTrees(b *testing.B, r *benchRepo) {
	r.eachPair(b, func(b *testing.B, p benchPair) {
		repo := openBench(b, r.dir)
		d, err := repo.Diff(context.Background(), p.base, p.head)
		require.NoError(b, err)
		mb, hh := hashOf(d.MergeBase), hashOf(d.Head.Commit)
		b.ReportAllocs()
		b.ReportMetric(float64(len(d.Changes)), "files")
		for b.Loop() {
			cs, err := repo.diffCommits(context.Background(), mb, hh)
			require.NoError(b, err)
			require.Len(b, cs, len(d.Changes))
		}
	})
}

// benchDiff is Repo.Diff (resolve, merge base, tree diff) in a freshly
// opened repository: the whole git side of Compute.
func benchDiff(b *testing.B, r *benchRepo) {
	r.eachPair(b, func(b *testing.B, p benchPair) {
		b.ReportAllocs()
		for b.Loop() {
			repo := openBench(b, r.dir)
			_, err := repo.Diff(context.Background(), p.base, p.head)
			require.NoError(b, err)
		}
	})
}

func BenchmarkSynthOpen(b *testing.B)        { benchOpen(b, synthBench(b)) }
func BenchmarkSynthFirstObject(b *testing.B) { benchFirstObject(b, synthBench(b)) }
func BenchmarkSynthResolve(b *testing.B)     { benchResolve(b, synthBench(b)) }
func BenchmarkSynthMergeBase(b *testing.B)   { benchMergeBase(b, synthBench(b)) }
func BenchmarkSynthDiffTrees(b *testing.B)   { benchDiffTrees(b, synthBench(b)) }
func BenchmarkSynthDiff(b *testing.B)        { benchDiff(b, synthBench(b)) }

func BenchmarkRealOpen(b *testing.B)        { benchOpen(b, realBench(b)) }
func BenchmarkRealFirstObject(b *testing.B) { benchFirstObject(b, realBench(b)) }
func BenchmarkRealResolve(b *testing.B)     { benchResolve(b, realBench(b)) }
func BenchmarkRealMergeBase(b *testing.B)   { benchMergeBase(b, realBench(b)) }
func BenchmarkRealDiffTrees(b *testing.B)   { benchDiffTrees(b, realBench(b)) }
func BenchmarkRealDiff(b *testing.B)        { benchDiff(b, realBench(b)) }

// The policy stages read the work tree, as Compute does for HEAD.

func BenchmarkSynthPolicyLoad(b *testing.B) {
	fsys := os.DirFS(synthBench(b).dir)
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
	r := synthBench(b)
	for _, loc := range ownership.Locations(ownership.Auto) {
		if data, err := os.ReadFile(filepath.Join(r.dir, loc)); err == nil {
			return loc, data
		}
	}
	b.Fatal("the generated repository has no CODEOWNERS")
	return "", nil
}

// selectInput is the head policy and the pair's changes, read outside the
// timed loop.
func selectInput(b *testing.B, dir string, p benchPair) Input {
	b.Helper()
	in, _, err := LoadPolicy(context.Background(), Options{Dir: dir})
	require.NoError(b, err)
	d, err := openBench(b, dir).Diff(context.Background(), p.base, p.head)
	require.NoError(b, err)
	in.Changes = d.Changes
	return in
}

// benchSelect is the selection step after the diff: classify every changed
// path, propagate, escalate, build the plan, seal it.
func benchSelect(b *testing.B, r *benchRepo) {
	r.eachPair(b, func(b *testing.B, p benchPair) {
		in := selectInput(b, r.dir, p)
		b.ReportMetric(float64(len(in.Changes)), "files")
		b.ReportAllocs()
		for b.Loop() {
			plan, err := Select(in)
			require.NoError(b, err)
			plan.normalize()
			require.NoError(b, plan.seal())
		}
	})
}

func BenchmarkSynthSelect(b *testing.B) { benchSelect(b, synthBench(b)) }

func BenchmarkRealSelect(b *testing.B) {
	r := realBench(b)
	if _, err := os.Stat(filepath.Join(r.dir, "gates.yaml")); err != nil {
		b.Skip("the work tree of GATESEL_BENCH_REPO has no gates.yaml (bench/e2e.sh writes one)")
	}
	benchSelect(b, r)
}

func BenchmarkSynthRender(b *testing.B) {
	r := synthBench(b)
	for _, p := range r.pairs {
		in := selectInput(b, r.dir, p)
		plan, err := Select(in)
		require.NoError(b, err)
		plan.normalize()
		require.NoError(b, plan.seal())
		for _, format := range []string{"json", "github"} {
			b.Run(p.name+"/"+format, func(b *testing.B) {
				var buf bytes.Buffer
				if err := Render(&buf, plan, format, RenderOptions{}); errors.Is(err, ErrMatrixLimit) {
					b.Skipf("%d gates: over GitHub's matrix limit, an error by design", len(plan.Gates))
				}
				b.ReportAllocs()
				for b.Loop() {
					buf.Reset()
					require.NoError(b, Render(&buf, plan, format, RenderOptions{}))
				}
				b.SetBytes(int64(buf.Len()))
			})
		}
	}
}

// BenchmarkSynthCompute is the library end to end: open, resolve, merge
// base, diff, policy, CODEOWNERS, selection, seal and JSON rendering, with
// nothing cached between runs but the operating system's page cache.
func BenchmarkSynthCompute(b *testing.B) {
	r := synthBench(b)
	r.eachPair(b, func(b *testing.B, p benchPair) {
		b.ReportAllocs()
		for b.Loop() {
			plan, err := Compute(context.Background(), Options{Dir: r.dir, Base: p.base, Head: p.head})
			require.NoError(b, err)
			require.NoError(b, RenderJSON(io.Discard, plan))
		}
	})
}

// BenchmarkRealCompute needs a gates.yaml in the work tree and head
// revisions equal to the checked-out HEAD (the policy of any other head is
// read from its tree, which has none).
func BenchmarkRealCompute(b *testing.B) {
	r := realBench(b)
	if _, err := os.Stat(filepath.Join(r.dir, "gates.yaml")); err != nil {
		b.Skip("the work tree of GATESEL_BENCH_REPO has no gates.yaml (bench/e2e.sh writes one)")
	}
	r.eachPair(b, func(b *testing.B, p benchPair) {
		b.ReportAllocs()
		for b.Loop() {
			plan, err := Compute(context.Background(), Options{Dir: r.dir, Base: p.base, Head: "HEAD"})
			require.NoError(b, err)
			require.NoError(b, RenderJSON(io.Discard, plan))
		}
	})
}
