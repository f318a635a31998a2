package graph

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"strings"
	"syscall"
	"testing"
)

// ParseBothPaths parses data twice, with the fast YAML path
// (internal/fastyaml, yaml.v3 for what it declines) and with yaml.v3
// alone, and describes each result: its errors, its warnings and the
// graph in the policy cache's encoding (every field, position, with:
// value and template source, and the dependents' edges).
func ParseBothPaths(name string, data []byte) (fast, slow string) {
	describe := func() string {
		g, warns, err := Parse(name, data)
		var b strings.Builder
		if err != nil {
			b.WriteString("error: " + err.Error() + "\n")
		}
		for _, w := range warns {
			fmt.Fprintf(&b, "warning %s: %s\n", w.Kind, w)
		}
		if g != nil {
			in := g.Infer
			fmt.Fprintf(&b, "infer: %+v\n", in)
			g.Infer = nil
			b.Write(encodeEntry("", nil, nil, g, nil))
			g.Infer = in
		}
		return b.String()
	}
	fast = describe()
	fastPath = false
	defer func() { fastPath = true }()
	return fast, describe()
}

// SetFastPath turns the fast YAML path on or off (the benchmarks compare
// the two) and returns a function that turns it back on.
func SetFastPath(on bool) (restore func()) {
	fastPath = on
	return func() { fastPath = true }
}

// AcceptedKeys exposes the loader's keys to the schema test.
func AcceptedKeys() map[string][]string { return maps.Clone(keys) }

// SyntheticPolicy generates a policy of n services with about 5n dependency
// edges (depends_on and contract consumption), each service under
// services/NAME/**, one contract per 10 services.
func SyntheticPolicy(n int) []byte {
	r := rand.New(rand.NewPCG(1, 2))
	var b strings.Builder
	b.WriteString("version: 1\ngates:\n  unit: {run: \"go test ./{{.Dir}}/...\"}\n  smoke: {run: smoke}\ncontracts:\n")
	for c := 0; c < n/10; c++ {
		fmt.Fprintf(&b, "  c%d: {paths: [\"api/c%d/**\"]}\n", c, c)
	}
	b.WriteString("services:\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "  s%d:\n    paths: [\"services/s%d/**\", \"libs/s%d/**\"]\n    internal: [\"services/s%d/testdata/**\"]\n    gates: [unit]\n    smoke: [smoke]\n", i, i, i, i)
		if i > 0 {
			b.WriteString("    depends_on: [")
			for j := 0; j < 4; j++ {
				if d := r.IntN(i); d != i {
					fmt.Fprintf(&b, "s%d, ", d)
				}
			}
			b.WriteString("]\n")
		}
		if i%10 == 0 {
			fmt.Fprintf(&b, "    provides: [c%d]\n", i/10)
		} else {
			fmt.Fprintf(&b, "    consumes: [c%d]\n", r.IntN(n/10))
		}
	}
	return []byte(b.String())
}

// BenchCPU runs f in b's loop, failing on its error, and reports the
// allocations and the process's CPU time a run (cpu-ns/op: on a shared
// machine it says what a run costs better than the wall clock).
func BenchCPU(b *testing.B, f func() error) {
	b.Helper()
	b.ReportAllocs()
	cpu, n := cpuTime(), 0
	for b.Loop() {
		if err := f(); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(cpuTime()-cpu)/float64(n), "cpu-ns/op")
}

// cpuTime is the process's user and system CPU time in nanoseconds.
func cpuTime() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
