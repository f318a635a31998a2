package graph_test

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/gatesel/gatesel/graph"
	"github.com/gatesel/gatesel/internal/fastyaml"
)

// synthetic is graph.SyntheticPolicy, the benchmarks' policy.
func synthetic(n int) []byte { return graph.SyntheticPolicy(n) }

func loadSynthetic(b *testing.B, n int) *graph.Graph {
	b.Helper()
	g, _, err := graph.Parse("gates.yaml", synthetic(n))
	if err != nil {
		b.Fatal(err)
	}
	return g
}

func countEdges(g *graph.Graph) int {
	n := 0
	for _, s := range g.Services {
		n += len(s.DependsOn) + len(s.Consumes)
	}
	return n
}

// BenchmarkDependents: transitive dependents of one low-level service
// (which reaches most of the graph) in 10,000 services and ~50,000 edges.
func BenchmarkDependents(b *testing.B) {
	g := loadSynthetic(b, 10000)
	edges := countEdges(g)
	start := []graph.Node{{Kind: graph.ServiceNode, Name: "s3"}, {Kind: graph.ContractNode, Name: "c7"}}
	b.ReportAllocs()
	b.ResetTimer()
	var reached int
	for b.Loop() {
		reached = len(g.Dependents(start, 0))
	}
	b.ReportMetric(float64(reached), "reached")
	b.ReportMetric(float64(edges), "edges")
}

func BenchmarkDependentsDepth2(b *testing.B) {
	g := loadSynthetic(b, 10000)
	start := []graph.Node{{Kind: graph.ServiceNode, Name: "s9000"}}
	b.ReportAllocs()
	for b.Loop() {
		g.Dependents(start, 2)
	}
}

// BenchmarkClassify: 100,000 paths against 10,000 services (20,000 globs).
func BenchmarkClassify(b *testing.B) {
	g := loadSynthetic(b, 10000)
	paths := make([]string, 100000)
	for i := range paths {
		switch i % 4 {
		case 0:
			paths[i] = fmt.Sprintf("services/s%d/pkg/file%d.go", i%10000, i)
		case 1:
			paths[i] = fmt.Sprintf("libs/s%d/x/y/z.go", i%10000)
		case 2:
			paths[i] = fmt.Sprintf("services/s%d/testdata/f%d.json", i%10000, i)
		default:
			paths[i] = fmt.Sprintf("unclaimed/dir%d/file.txt", i)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range paths {
			g.Classify(p)
		}
	}
}

func BenchmarkParse(b *testing.B) {
	data := synthetic(10000)
	b.SetBytes(int64(len(data)))
	graph.BenchCPU(b, func() error { _, _, err := graph.Parse("gates.yaml", data); return err })
}

// BenchmarkYAML is the YAML stage of BenchmarkParse alone, the tree of
// the 10,000-service policy from internal/fastyaml and from yaml.v3 (its
// node tree, then fastyaml.FromYAML, the yaml.v3 path of the loader), and
// the whole Parse with and without the fast path: what the fast path saves.
func BenchmarkYAML(b *testing.B) {
	data := synthetic(10000)
	parsers := []struct {
		name  string
		parse func() error
	}{
		{"fastyaml", func() error {
			if _, ok := fastyaml.Parse(data); !ok {
				return fmt.Errorf("left to yaml.v3")
			}
			return nil
		}},
		{"yaml.v3", func() error {
			var n yaml.Node
			if err := yaml.Unmarshal(data, &n); err != nil {
				return err
			}
			fastyaml.FromYAML(&n, math.MaxInt, nil)
			return nil
		}},
		{"parse-fastyaml", func() error { _, _, err := graph.Parse("gates.yaml", data); return err }},
		{"parse-yaml.v3", func() error {
			defer graph.SetFastPath(false)()
			_, _, err := graph.Parse("gates.yaml", data)
			return err
		}},
	}
	for _, p := range parsers {
		b.Run(p.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			graph.BenchCPU(b, p.parse)
		})
	}
}

// TestSyntheticTakesFastPath: the benchmarks' policy is parsed by the fast
// path, to the graph yaml.v3's tree gives.
func TestSyntheticTakesFastPath(t *testing.T) {
	data := synthetic(300)
	got, ok := fastyaml.Parse(data)
	require.True(t, ok, "the synthetic policy is left to yaml.v3")
	require.Equal(t, yaml.MappingNode, got.Root().Kind)
	fast, slow := graph.ParseBothPaths("gates.yaml", data)
	assert.Equal(t, slow, fast, "the fast path and yaml.v3 give the same graph")
}

// floatingPolicy is a policy whose globs are not under a literal
// directory: 2,000 services under services/, 200 contracts each claiming
// its proto file wherever it is ("**/cN.proto"), and triggers on names
// and extensions anywhere ("**/*.md", "**/BUILD.bazel", "**/Dockerfile",
// ...), as Bazel and proto monorepos write them.
func floatingPolicy() []byte {
	var b strings.Builder
	b.WriteString("version: 1\ngates:\n  unit: {run: \"go test ./{{.Dir}}/...\"}\n  docs: {run: docs}\ntriggers:\n")
	for i, g := range []string{"**/*.md", "**/BUILD.bazel", "**/Dockerfile", "*.bzl", "**/*.bzl", "**/go.mod", "**/package.json", "**/*.sql", "**/Makefile", "**/*.tf"} {
		fmt.Fprintf(&b, "  - {name: t%d, paths: [%q], select: [docs]}\n", i, g)
	}
	b.WriteString("contracts:\n")
	for c := range 200 {
		fmt.Fprintf(&b, "  c%d: {paths: [\"**/c%d.proto\", \"api/c%d/**\"]}\n", c, c, c)
	}
	b.WriteString("services:\n")
	for i := range 2000 {
		fmt.Fprintf(&b, "  s%d: {paths: [\"services/s%d/**\"], internal: [\"**/*_test.go\"], gates: [unit]}\n", i, i)
	}
	return []byte(b.String())
}

// BenchmarkClassifyFloating: 10,000 paths against floatingPolicy: the
// floating globs are keyed by name and extension, so a path tries only
// those that can match its last segment.
func BenchmarkClassifyFloating(b *testing.B) {
	g, _, err := graph.Parse("gates.yaml", floatingPolicy())
	require.NoError(b, err)
	names := []string{"main.go", "main_test.go", "README.md", "BUILD.bazel", "c7.proto", "x.proto", "schema.sql", "Dockerfile"}
	paths := make([]string, 10000)
	for i := range paths {
		paths[i] = fmt.Sprintf("services/s%d/pkg/sub/%s", i%2000, names[i%len(names)])
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range paths {
			g.Classify(p)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(paths)), "ns/path")
}

// BenchmarkReindex: the indexes of the 10,000-service policy alone (the
// glob trie and the dependents' edges), which a cached load rebuilds.
func BenchmarkReindex(b *testing.B) {
	g := loadSynthetic(b, 10000)
	graph.BenchCPU(b, func() error { g.Reindex(); return nil })
}

// BenchmarkLoad: the policies of 2,000 and 10,000 services read from a
// directory, by Load, by LoadCached with its entry written (a hit: read
// the file, check the entry, decode it, index it) and by LoadCached
// without it (a miss).
func BenchmarkLoad(b *testing.B) {
	for _, n := range []int{2000, 10000} {
		repo := b.TempDir()
		require.NoError(b, os.WriteFile(filepath.Join(repo, "gates.yaml"), synthetic(n), 0o644))
		fsys := os.DirFS(repo)
		cache := filepath.Join(b.TempDir(), "policy-cache")
		_, _, err := graph.LoadCached(fsys, "gates.yaml", cache)
		require.NoError(b, err)
		for _, c := range []struct {
			name string
			load func() error
		}{
			{"uncached", func() error { _, _, err := graph.Load(fsys, "gates.yaml"); return err }},
			{"cached", func() error { _, _, err := graph.LoadCached(fsys, "gates.yaml", cache); return err }},
			{"miss", func() error { // a cache without the entry: Load, then writing it
				if err := os.RemoveAll(cache); err != nil {
					return err
				}
				_, _, err := graph.LoadCached(fsys, "gates.yaml", cache)
				return err
			}},
		} {
			b.Run(fmt.Sprintf("%s-%d", c.name, n), func(b *testing.B) { graph.BenchCPU(b, c.load) })
		}
	}
}
