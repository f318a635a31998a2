package selector

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/graph"
)

// TestLongChainPlanIsLinear: smoke reasons along a chain of 20,000
// services share their chains (schema v2): the plan holds each link once,
// so its size and the memory to compute it grow with the chain, not with
// its square (v1: 177 MB of plan and 1 GB for 4,000 services; 20,000 did
// not answer).
func TestLongChainPlanIsLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("a 20,000-service policy")
	}
	const n = 20000
	var b strings.Builder
	b.WriteString("version: 1\ngates:\n  smoke: {run: 'smoke {{.Name}}'}\n  unit: {run: 'unit {{.Name}}'}\nservices:\n")
	for i := range n {
		fmt.Fprintf(&b, "  s%05d: {paths: [s%05d/**], gates: [unit], smoke: [smoke]", i, i)
		if i > 0 {
			fmt.Fprintf(&b, ", depends_on: [s%05d]", i-1)
		}
		b.WriteString("}\n")
	}
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "gates.yaml"), []byte(b.String()), 0o644))

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	p, err := Compute(context.Background(), Options{Dir: dir, Changes: changes("s00000/main.go")})
	require.NoError(t, err)
	out, err := appendPlan(nil, p)
	require.NoError(t, err)
	runtime.ReadMemStats(&after)

	require.Len(t, p.Gates, n) // unit:s00000 and the smoke gates of s00001…s19999
	assert.Len(t, p.Chains, n, "one link a service")
	last := p.Gates[len(p.Gates)-1]
	assert.Equal(t, "smoke:s19999", last.ID)
	assert.Equal(t, n, last.Reasons[0].Chain.Len)
	assert.Equal(t, n-1, last.Reasons[0].ChainID)
	assert.Equal(t, ChainLink{Node: "s19999", Prev: n - 2}, p.Chains[n-1])
	assert.Equal(t, "smoke: s00000 -> … 19996 more … -> s19997 -> s19998 -> s19999", last.Reasons[0].String())
	assert.Less(t, len(out), 20<<20, "JSON plan size")
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(400<<20), "bytes allocated to plan and encode")
	t.Logf("json %d bytes, %d MB allocated", len(out), (after.TotalAlloc-before.TotalAlloc)>>20)
}

// Two policies with the same dependency chain united: each instance keeps
// one smoke reason and the plan one copy of the chain; Full prints a
// chain whole, String (the one-line formats) shortens a long one.
func TestUnionSharesChains(t *testing.T) {
	var b strings.Builder
	b.WriteString("version: 1\ngates: {smoke: {run: s}}\nservices:\n")
	for i := range 12 {
		fmt.Fprintf(&b, "  s%02d: {paths: [s%02d/**], smoke: [smoke]", i, i)
		if i > 0 {
			fmt.Fprintf(&b, ", depends_on: [s%02d]", i-1)
		}
		b.WriteString("}\n")
	}
	var plans []*Plan
	for range 2 {
		in := Input{Graph: parseGraph(t, b.String()), Changes: changes("s00/x.go")}
		p, err := Select(in)
		require.NoError(t, err)
		plans = append(plans, p)
	}
	require.NotSame(t, plans[0].Gates[0].Reasons[0].Chain, plans[1].Gates[0].Reasons[0].Chain)
	u := Union(plans...)
	require.Len(t, u.Gates, 11)
	for _, g := range u.Gates {
		require.Len(t, g.Reasons, 1, g.ID)
	}
	assert.Len(t, u.Chains, 12)
	r := u.Gates[10].Reasons[0]
	assert.Equal(t, "smoke:s11", u.Gates[10].ID)
	assert.Equal(t, 11, r.ChainID)
	assert.Equal(t, "smoke: s00 -> … 8 more … -> s09 -> s10 -> s11", r.String())
	assert.Equal(t, "smoke: s00 -> s01 -> s02 -> s03 -> s04 -> s05 -> s06 -> s07 -> s08 -> s09 -> s10 -> s11", r.Full())
	assert.Equal(t, "smoke: s00 -> s01 -> s02 -> s03 -> s04 -> s05 -> s06 -> s07", u.Gates[6].Reasons[0].String())
	checkAppendPlan(t, u)
}

func parseGraph(t *testing.T, src string) *graph.Graph {
	t.Helper()
	g, _, err := graph.Parse("gates.yaml", []byte(src))
	require.NoError(t, err)
	return g
}

// BenchmarkChainsPlan: the plan of a 1,000- and a 10,000-file change over
// 10,000 services, each depending on up to three earlier ones (smoke
// transitive), from Select to the JSON it is sealed over. The plan's
// size (plan-bytes, chain-links, reasons) and its cost per changed file
// should stay flat from 1k to 10k: reason chains are shared, not copied
// (no O(n²) in the chains).
func BenchmarkChainsPlan(b *testing.B) {
	const n = 10000
	r := rand.New(rand.NewPCG(18, 4))
	var sb strings.Builder
	sb.WriteString("version: 1\ngates:\n  smoke: {run: 'smoke {{.Name}}'}\n  unit: {run: 'go test ./{{.Dir}}/...'}\nservices:\n")
	for i := range n {
		fmt.Fprintf(&sb, "  s%05d: {paths: [services/s%05d/**], gates: [unit], smoke: [smoke]", i, i)
		if i > 0 {
			deps := map[int]bool{}
			for range 3 {
				deps[r.IntN(i)] = true
			}
			sb.WriteString(", depends_on: [")
			first := true
			for d := range i {
				if deps[d] {
					if !first {
						sb.WriteString(", ")
					}
					fmt.Fprintf(&sb, "s%05d", d)
					first = false
				}
			}
			sb.WriteString("]")
		}
		sb.WriteString("}\n")
	}
	g, _, err := graph.Parse("gates.yaml", []byte(sb.String()))
	require.NoError(b, err)
	for _, files := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("files=%d", files), func(b *testing.B) {
			var cs []Change
			for i := range files {
				svc := n - 1 - i*(n/files) // from the top of the graph down: every change reaches dependents
				cs = append(cs, Change{Path: fmt.Sprintf("services/s%05d/f%d.go", svc, i), Status: Modified})
			}
			var plan *Plan
			var size int
			b.ReportAllocs()
			cpu, runs := cpuTime(), 0
			for b.Loop() {
				plan, err = Select(Input{Graph: g, Changes: cs})
				require.NoError(b, err)
				plan.normalize()
				out, err := appendPlan(nil, plan)
				require.NoError(b, err)
				size = len(out)
				runs++
			}
			elapsed := float64(cpuTime() - cpu)
			reasons := 0
			for _, in := range plan.Gates {
				reasons += len(in.Reasons)
			}
			b.ReportMetric(elapsed/float64(runs), "cpu-ns/op")
			b.ReportMetric(elapsed/float64(runs)/float64(files), "cpu-ns/file")
			b.ReportMetric(float64(size), "plan-bytes")
			b.ReportMetric(float64(size)/float64(files), "plan-bytes/file")
			b.ReportMetric(float64(len(plan.Chains)), "chain-links")
			b.ReportMetric(float64(reasons), "reasons")
		})
	}
}
