package ownership

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/gatesel/gatesel/ownership/ownershiptest"
)

// BenchmarkMatchTestbed: one op is every tracked file of a real repository
// matched against its CODEOWNERS.
func BenchmarkMatchTestbed(b *testing.B) {
	for _, tb := range testbeds {
		b.Run(tb.name, func(b *testing.B) {
			rs, paths := loadTestbed(b, tb.name, tb.location)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				for _, p := range paths {
					rs.Match(p)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(paths)), "ns/path")
		})
	}
}

// BenchmarkMatchSynthetic: one op is 100,000 paths against 5,000 rules.
func BenchmarkMatchSynthetic(b *testing.B) {
	co, paths := ownershiptest.Synthetic(5000, 100000)
	rs, err := Parse("CODEOWNERS", co, GitHub)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, p := range paths {
			rs.Match(p)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(paths)), "ns/path")
}

// BenchmarkParse: parsing and indexing each real file, and the synthetic one.
func BenchmarkParse(b *testing.B) {
	inputs := map[string][]byte{}
	for _, tb := range testbeds {
		data, err := os.ReadFile(filepath.Join(testbedDir, tb.name, "CODEOWNERS"))
		if err != nil {
			b.Fatal(err)
		}
		inputs[tb.name] = data
	}
	inputs["synthetic-5000"], _ = ownershiptest.Synthetic(5000, 1)
	for _, name := range []string{"esphome", "integrations-extras", "dd-trace-py", "gitlab-runner", "synthetic-5000"} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(inputs[name])))
			for b.Loop() {
				if _, err := Parse("CODEOWNERS", inputs[name], Auto); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
