package bench

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gatesel/gatesel/ownership"
	"github.com/gatesel/gatesel/ownership/ownershiptest"
	"github.com/hmarr/codeowners"
)

const testbedDir = "../testdata/testbeds"

// input is one CODEOWNERS file and the paths to look up in it.
type input struct {
	name       string
	codeowners []byte
	paths      []string
}

// inputs: the GitHub-dialect testbeds (hmarr reads GitHub's syntax only)
// and the synthetic 5,000-rule, 100,000-path monorepo.
func inputs(tb testing.TB) []input {
	tb.Helper()
	var out []input
	for _, name := range []string{"esphome", "integrations-extras", "dd-trace-py"} {
		co, err := os.ReadFile(filepath.Join(testbedDir, name, "CODEOWNERS"))
		if err != nil {
			tb.Fatal(err)
		}
		files, err := os.ReadFile(filepath.Join(testbedDir, name, "files.txt"))
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, input{name, co, strings.Split(strings.TrimSuffix(string(files), "\n"), "\n")})
	}
	co, paths := ownershiptest.Synthetic(5000, 100000)
	return append(out, input{"synthetic-5000x100000", co, paths})
}

func parseOurs(tb testing.TB, in input) *ownership.Ruleset {
	rs, err := ownership.Parse("CODEOWNERS", in.codeowners, ownership.GitHub)
	if err != nil {
		tb.Fatal(err)
	}
	return rs
}

func parseHmarr(tb testing.TB, in input) codeowners.Ruleset {
	rs, err := codeowners.ParseFile(bytes.NewReader(in.codeowners))
	if err != nil {
		tb.Fatal(err)
	}
	return rs
}

// BenchmarkMatch: one op is every path of an input looked up once.
func BenchmarkMatch(b *testing.B) {
	for _, in := range inputs(b) {
		b.Run("gatesel/"+in.name, func(b *testing.B) {
			rs := parseOurs(b, in)
			b.ReportAllocs()
			for b.Loop() {
				for _, p := range in.paths {
					rs.Match(p)
				}
			}
		})
		b.Run("hmarr/"+in.name, func(b *testing.B) {
			rs := parseHmarr(b, in)
			b.ReportAllocs()
			for b.Loop() {
				for _, p := range in.paths {
					if _, err := rs.Match(p); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

// BenchmarkParse: parsing each input's CODEOWNERS.
func BenchmarkParse(b *testing.B) {
	for _, in := range inputs(b) {
		b.Run("gatesel/"+in.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				parseOurs(b, in)
			}
		})
		b.Run("hmarr/"+in.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				parseHmarr(b, in)
			}
		})
	}
}

// TestSameOwners: both libraries give the same owners for every path of
// the real testbeds (and the first 5,000 synthetic paths), so the benchmark compares equal work. (hmarr keeps an
// owner written twice on a line twice; gatesel lists it once.)
func TestSameOwners(t *testing.T) {
	for _, in := range inputs(t) {
		ours, theirs := parseOurs(t, in), parseHmarr(t, in)
		paths := in.paths
		if len(paths) > 5000 {
			paths = paths[:5000] // hmarr takes ~70 µs a path on the synthetic file
		}
		diff := 0
		for _, p := range paths {
			want := []string{}
			r, err := theirs.Match(p)
			if err != nil {
				t.Fatal(err)
			}
			if r != nil {
				seen := map[string]bool{}
				for _, o := range r.Owners {
					if !seen[o.String()] {
						seen[o.String()] = true
						want = append(want, o.String())
					}
				}
			}
			got := ours.Match(p).Owners
			if strings.Join(want, " ") != strings.Join(got, " ") {
				diff++
				if diff <= 10 {
					t.Errorf("%s: %s: hmarr %v, gatesel %v", in.name, p, want, got)
				}
			}
		}
		if diff > 0 {
			t.Errorf("%s: %d of %d paths differ", in.name, diff, len(paths))
		}
	}
}
