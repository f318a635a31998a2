package audit

import (
	"context"
	"testing"

	"github.com/gatesel/gatesel/internal/synth"
)

// BenchmarkAuditSynth audits 1,000 first-parent commits of a generated
// monorepo (20,000 files, 200 services, 1,400 commits of history with a
// policy in every commit); docs/performance.md, "Audit (issue 17)", has
// its numbers. The goal: under 10 s.
func BenchmarkAuditSynth(b *testing.B) {
	ctx := context.Background()
	opt := synth.Medium()
	opt.History, opt.NoCheckout = 1_200, true
	repo, err := synth.Generate(ctx, b.TempDir(), opt)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		rep, err := Replay(ctx, Options{Dir: repo.Dir, Range: "main~1000..main", FirstParent: true})
		if err != nil {
			b.Fatal(err)
		}
		if len(rep.Commits) != 1000 || rep.Summary.Errors != 0 {
			b.Fatalf("%d commits, %d errors", len(rep.Commits), rep.Summary.Errors)
		}
	}
}
