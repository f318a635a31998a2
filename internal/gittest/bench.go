package gittest

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/gatesel/gatesel/internal/synth"
	"github.com/stretchr/testify/require"
)

// The benchmark harness of every stage of `gatesel select` and of Compute
// end to end (the benchmarks are in selector, selector/gitrepo and
// selector/render).
//
// They run on a synthetic monorepo (internal/synth) generated once per
// process into a cache directory keyed by its options
// ($GATESEL_BENCH_CACHE, default the system temporary directory), so that a
// second run starts at once: synth.Medium() (20,000 files, 200 services),
// or the default size (100,000 files, 2,000 services, 10,000 edges, 5,000
// CODEOWNERS rules) with GATESEL_BENCH_FULL=1, or synth.Huge() without a
// checkout (1,000,000 files, 10,000 services, also change-100000; the work
// tree is empty, so only the benchmarks that read the head from its tree
// apply) with GATESEL_BENCH_FULL=huge. Each stage runs on the pairs
// change-1, change-100, change-10000 and diverged.
//
// With GATESEL_BENCH_REPO=/path/to/clone and GATESEL_BENCH_PAIRS="base..head,..."
// the git stages (and the selection, when the clone's work tree has a
// gates.yaml) also run on a real repository, e.g.
//
//	GATESEL_BENCH_REPO=/tmp/terraform GATESEL_BENCH_PAIRS=main~1..main,main~2000..main \
//	  go test ./selector/... -run '^$' -bench 'Real' -benchmem
//
// Plain `go test` runs none of this: benchmarks only run with -bench.

// BenchRepo is a benchmark repository with its pairs of revisions.
type BenchRepo struct {
	Dir   string      // the work tree
	Pairs []BenchPair // sorted by name
}

// BenchPair is a named pair of revisions.
type BenchPair struct{ Name, Base, Head string }

var (
	synthOnce sync.Once
	synthRepo *BenchRepo
	synthErr  error
)

// SynthBench returns the generated repository, generating it on first use.
func SynthBench(b *testing.B) *BenchRepo {
	b.Helper()
	synthOnce.Do(func() { synthRepo, synthErr = generateCached(synthOptions()) })
	require.NoError(b, synthErr)
	return synthRepo
}

func synthOptions() synth.Options {
	switch os.Getenv("GATESEL_BENCH_FULL") {
	case "1":
		return synth.Options{Seed: 1} // the defaults: 100,000 files, 2,000 services
	case "huge":
		o := synth.Huge() // 1,000,000 files, 10,000 services, change-100000: minutes to generate
		o.NoCheckout = true
		return o
	}
	return synth.Medium()
}

// generateCached generates the repository for opt into a directory named
// by a hash of the options, unless a complete one is already there.
func generateCached(opt synth.Options) (*BenchRepo, error) {
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
			return &BenchRepo{Dir: filepath.Join(dir, "repo"), Pairs: sortedPairs(pairs)}, nil
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
	return &BenchRepo{Dir: repo.Dir, Pairs: sortedPairs(repo.Pairs)}, nil
}

func sortedPairs(m map[string][2]string) []BenchPair {
	var out []BenchPair
	for name, p := range m {
		out = append(out, BenchPair{name, p[0], p[1]})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// RealBench is the repository of GATESEL_BENCH_REPO with the pairs of
// GATESEL_BENCH_PAIRS, or nil (the benchmark is skipped) when unset.
func RealBench(b *testing.B) *BenchRepo {
	b.Helper()
	dir := os.Getenv("GATESEL_BENCH_REPO")
	if dir == "" {
		b.Skip("set GATESEL_BENCH_REPO=/path/to/clone and GATESEL_BENCH_PAIRS=base..head,... to run on a real repository")
	}
	r := &BenchRepo{Dir: dir}
	for _, p := range strings.Split(os.Getenv("GATESEL_BENCH_PAIRS"), ",") {
		base, head, ok := strings.Cut(strings.TrimSpace(p), "..")
		if !ok {
			b.Fatalf("GATESEL_BENCH_PAIRS: %q is not base..head", p)
		}
		r.Pairs = append(r.Pairs, BenchPair{p, base, head})
	}
	return r
}

// EachPair runs fn as one sub-benchmark per pair.
func (r *BenchRepo) EachPair(b *testing.B, fn func(b *testing.B, p BenchPair)) {
	for _, p := range r.Pairs {
		b.Run(strings.ReplaceAll(p.Name, "/", "_"), func(b *testing.B) { fn(b, p) })
	}
}
