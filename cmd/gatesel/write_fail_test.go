package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSelectOutputFails: when standard output fails, select exits 1 and
// says why, at the first write (a full disk: /dev/full) and several
// chunks into a large plan (a pipe whose reader goes away after 100 KB);
// never exit 0 with a plan cut short.
func TestSelectOutputFails(t *testing.T) {
	dir := platformDir(t)
	var list strings.Builder
	for i := range 3000 { // a change of 3,000 files of a service: a plan of megabytes
		fmt.Fprintf(&list, "services/ledger/gen%d.go\n", i)
	}
	files := filepath.Join(t.TempDir(), "files.txt")
	require.NoError(t, os.WriteFile(files, []byte(list.String()), 0o644))
	args := []string{"select", "-C", dir, "--files", files, "--format", "json"}

	var whole bytes.Buffer
	var stderr bytes.Buffer
	require.Equal(t, 0, run(context.Background(), args, nil, &whole, &stderr), stderr.String())
	require.Greater(t, whole.Len(), 300<<10, "the plan is several chunks of 64 KiB")

	t.Run("a full disk", func(t *testing.T) {
		if runtime.GOOS != "linux" {
			t.Skip("/dev/full is Linux's")
		}
		full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
		require.NoError(t, err)
		defer full.Close()
		var stderr bytes.Buffer
		code := run(context.Background(), args, nil, full, &stderr)
		assert.Equal(t, 1, code)
		assert.Contains(t, stderr.String(), "no space left on device")
	})
	t.Run("a reader that goes away", func(t *testing.T) {
		r, w, err := os.Pipe()
		require.NoError(t, err)
		got := make(chan int)
		go func() {
			n, _ := io.CopyN(io.Discard, r, 100<<10)
			r.Close()
			got <- int(n)
		}()
		var stderr bytes.Buffer
		code := run(context.Background(), args, nil, w, &stderr)
		w.Close()
		assert.Equal(t, 100<<10, <-got, "the reader read its 100 KB")
		assert.Equal(t, 1, code, "exit status")
		assert.Contains(t, stderr.String(), "broken pipe")
	})
}
