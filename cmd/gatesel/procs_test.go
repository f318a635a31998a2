package main

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSerialSelect: select runs on one processor, unless GOMAXPROCS is
// set (the user's choice stands) or the change includes the work tree
// (--uncommitted walks it in parallel); other commands keep theirs.
func TestSerialSelect(t *testing.T) {
	dir := platformDir(t)
	files := filepath.Join(dir, "changes/ledger.txt")
	var asked []int
	setProcs = func(n int) { asked = append(asked, n) }
	t.Cleanup(func() { setProcs = nil })
	runs := func(args ...string) []int {
		t.Helper()
		asked = nil
		var stdout, stderr bytes.Buffer
		require.Equal(t, 0, run(context.Background(), args, nil, &stdout, &stderr), stderr.String())
		return asked
	}
	t.Setenv("GOMAXPROCS", "")
	assert.Equal(t, []int{1}, runs("select", "-C", dir, "--files", files, "--format", "json"))
	assert.Empty(t, runs("select", "-C", dir, "--base", "HEAD", "--uncommitted", "--format", "json"))
	assert.Empty(t, runs("version"))
	t.Setenv("GOMAXPROCS", "2")
	assert.Empty(t, runs("select", "-C", dir, "--files", files, "--format", "json"))
}

// TestLaterProcs: a request for processors waits until the run has lasted
// (due), one made after that is set at once, and none is set unasked.
func TestLaterProcs(t *testing.T) {
	var set []int
	p := &laterProcs{set: func(n int) int { set = append(set, n); return 2 }}
	p.ask(1)
	assert.Empty(t, set, "set before the run has lasted")
	p.due()
	assert.Equal(t, []int{1}, set)

	set = nil
	p = &laterProcs{set: func(n int) int { set = append(set, n); return 2 }}
	p.due()
	assert.Empty(t, set, "set unasked")
	p.ask(1)
	assert.Equal(t, []int{1}, set)
}
