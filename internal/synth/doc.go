// Package synth generates synthetic monorepos for benchmarks and tests: a
// real git repository with a gates.yaml (SPEC §3, a portion of its services
// in services/<name>/gates.yaml fragments), a GitHub-dialect
// .github/CODEOWNERS, tens of thousands of files spread over services,
// libraries, contracts and docs, a long history, a diverged branch and
// branches that change exactly 1, 100 and 10,000 files.
//
// The repository is written through git fast-import (the git binary must be
// on PATH), then repacked into one pack with a full delta search and given a
// commit-graph, the layout of a fresh clone. Dates, authors and contents are
// drawn from Options.Seed only, so a seed always gives the same commit hashes.
//
// Usage:
//
//	repo, err := synth.Generate(ctx, b.TempDir(), synth.Small())
//	if err != nil {
//		b.Fatal(err)
//	}
//	base, head := repo.Pairs["change-100"][0], repo.Pairs["change-100"][1]
//	// git diff --name-only --no-renames base...head lists exactly 100 files.
//
// For benchmarks by hand, the synth command writes one and prints its pairs:
//
//	go run ./internal/synth/cmd/synth -dir /tmp/mono -files 100000
package synth
