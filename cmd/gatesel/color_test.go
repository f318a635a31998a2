//go:build linux

package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/gatesel/gatesel/internal/testtool"
)

// openPTY opens a pseudo-terminal: the controller, and the terminal a
// program writes to.
func openPTY(t *testing.T) (ctl, tty *os.File) {
	t.Helper()
	ctl, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil && testtool.Required() {
		t.Fatalf("no pseudo-terminal (/dev/ptmx): %v", err)
	} else if err != nil {
		t.Skipf("SKIP: no pseudo-terminal here (/dev/ptmx), so --color auto was not checked on one: %v", err)
	}
	t.Cleanup(func() { ctl.Close() })
	unlock := 0
	_, _, errno := unix.Syscall(unix.SYS_IOCTL, ctl.Fd(), unix.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock)))
	require.Zero(t, errno, "unlock the pseudo-terminal")
	n, err := unix.IoctlGetInt(int(ctl.Fd()), unix.TIOCGPTN)
	require.NoError(t, err)
	tty, err = os.OpenFile("/dev/pts/"+strconv.Itoa(n), os.O_RDWR|unix.O_NOCTTY, 0)
	require.NoError(t, err)
	t.Cleanup(func() { tty.Close() })
	return ctl, tty
}

// TestColorAutoOnATerminal: --color auto (the default) colours the plan
// on a terminal, and not when NO_COLOR is set or TERM is dumb (the
// scripts' stdout is a file, so only a real terminal shows auto at work).
func TestColorAutoOnATerminal(t *testing.T) {
	dir := platformDir(t)
	args := []string{"select", "-C", dir, "--files", filepath.Join(dir, "changes/ledger.txt")}
	for _, tc := range []struct {
		name, noColor, term string
		want                bool
	}{
		{name: "a terminal", want: true},
		{name: "NO_COLOR=1", noColor: "1", want: false},
		{name: "TERM=dumb", term: "dumb", want: false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("NO_COLOR", tc.noColor)
			t.Setenv("TERM", tc.term)
			ctl, tty := openPTY(t)
			var stderr bytes.Buffer
			code := run(context.Background(), args, nil, tty, &stderr)
			require.Equal(t, 0, code, stderr.String())
			tty.Close()
			out, _ := io.ReadAll(ctl) // EIO once the terminal is closed and read
			require.Contains(t, string(out), "unit:ledger", "the plan was read from the terminal")
			assert.Equal(t, tc.want, bytes.Contains(out, []byte("\x1b[1;34mlocal\x1b[0m")), "%q", out)
		})
	}
}
