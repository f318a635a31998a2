package odb

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkCommitGraphOpen is the cost of reading the commit-graph of
// GATESEL_BENCH_REPO (objects/info/commit-graph) with its checksum
// computed (checked) and without (recorded: graphStamps). Plain `go test`
// skips it.
//
//	GATESEL_BENCH_REPO=/tmp/moby go test ./selector/gitrepo/internal/odb -run '^$' -bench CommitGraphOpen
func BenchmarkCommitGraphOpen(b *testing.B) {
	repo := os.Getenv("GATESEL_BENCH_REPO")
	if repo == "" {
		b.Skip("GATESEL_BENCH_REPO is not set")
	}
	data, err := os.ReadFile(filepath.Join(repo, ".git", "objects", "info", "commit-graph"))
	if err != nil {
		b.Skip(err)
	}
	for _, tc := range []struct {
		name   string
		verify bool
	}{{"checked", true}, {"recorded", false}} {
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := parseCommitGraph(data, 0, tc.verify); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
