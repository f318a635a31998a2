package golden_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/internal/golden"
)

// TestCheck: a file that holds what the test produced passes, one that
// differs or is missing fails (seen through a recording testing.TB).
func TestCheck(t *testing.T) {
	if golden.Updating() {
		t.Skip("-update rewrites instead of comparing")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "out.txt")
	require.NoError(t, os.WriteFile(path, []byte("plan\n"), 0o644))
	golden.Check(t, path, "plan\n")
	golden.Check(t, path, []byte("plan\n"))

	for name, c := range map[string]struct{ path, got string }{
		"differs": {path, "other\n"},
		"missing": {filepath.Join(dir, "none.txt"), "plan\n"},
	} {
		rec := &recorder{TB: t}
		func() {
			defer func() { _ = recover() }() // require stops with FailNow
			golden.Check(rec, c.path, c.got)
		}()
		assert.True(t, rec.failed, name)
	}
}

// recorder records a failure instead of failing the test.
type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Errorf(string, ...any) { r.failed = true }
func (r *recorder) FailNow()              { r.failed = true; panic("FailNow") }
func (r *recorder) Fail()                 { r.failed = true }
func (r *recorder) Helper()               {}
