// Package golden compares what a test produced with a file kept in the
// repository, and rewrites the file when the test binary runs with
// -update (go test ./selector -update), so a deliberate change of output
// is one command and a diff to review.
//
//	golden.Check(t, filepath.Join("testdata", "plan.json"), got)
//
// Every golden test of gatesel uses it: one -update flag, one message.
package golden

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files instead of comparing with them")

// Check compares got with the file at path, or, with -update, writes got
// there (creating its directory) and passes.
func Check[T string | []byte](t testing.TB, path string, got T) {
	t.Helper()
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "golden file %s: run go test -update to create it", path)
	assert.Equal(t, string(want), string(got), "golden file %s differs (-want +got); go test -update rewrites it, after checking the change", path)
}

// Updating reports whether the test binary runs with -update, for a test
// that must skip a check of the files it is rewriting.
func Updating() bool { return *update }
