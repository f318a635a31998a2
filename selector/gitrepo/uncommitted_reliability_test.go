package gitrepo

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/gatesel/gatesel/internal/gittest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestUncommittedNamedPipe: a tracked file replaced by a named pipe, and an
// untracked pipe, are reported without being opened (opening a pipe with
// no writer blocks forever).
func TestUncommittedNamedPipe(t *testing.T) {
	g := gittest.New(t)
	g.Commit("base", map[string]string{"a.txt": "a", "b.txt": "b"})
	g.Write(map[string]string{"a.txt": "-"})
	require.NoError(t, syscall.Mkfifo(filepath.Join(g.Dir, "a.txt"), 0o644))
	require.NoError(t, syscall.Mkfifo(filepath.Join(g.Dir, "new.pipe"), 0o644))
	type result struct {
		got []Change
		err error
	}
	done := make(chan result, 1)
	go func() {
		got, err := gitOpen(g).Uncommitted(context.Background())
		done <- result{got, err}
	}()
	select {
	case r := <-done:
		require.NoError(t, r.err)
		assert.Equal(t, []Change{{"a.txt", TypeChg, ""}, {"new.pipe", Added, ""}}, r.got)
	case <-time.After(20 * time.Second):
		t.Fatal("Uncommitted blocked on a named pipe")
	}
	_, err := os.Stat(filepath.Join(g.Dir, "b.txt"))
	require.NoError(t, err)
}
