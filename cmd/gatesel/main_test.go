package main

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCommandNames: each entry of commands builds the command it is
// named for, so that only finds the command cobra would dispatch to.
func TestCommandNames(t *testing.T) {
	e := &env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard}
	for _, c := range commands {
		assert.Equal(t, c.name, c.mk(e).Name())
	}
}

// TestOnlyOneCommandBuilt: a command line naming a subcommand builds it
// alone, and its help, its flag errors and its run say what they say
// with every command built; the others build all of them.
func TestOnlyOneCommandBuilt(t *testing.T) {
	runWith := func(sub string, args ...string) (int, string, string) {
		var out, errOut bytes.Buffer
		e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }}
		root := newRoot(e, sub)
		root.SetArgs(args)
		code := report(&errOut, root.ExecuteContext(context.Background()))
		return code, out.String(), errOut.String()
	}
	for _, c := range commands {
		for _, args := range [][]string{{c.name, "--help"}, {c.name, "--no-such-flag"}, {c.name, "-C"}} {
			require.Equal(t, c.name, only(args))
			code, out, errOut := runWith(c.name, args...)
			wantCode, wantOut, wantErr := runWith("", args...)
			assert.Equal(t, wantCode, code, args)
			assert.Equal(t, wantOut, out, args)
			assert.Equal(t, wantErr, errOut, args)
		}
	}
	code, out, _ := runWith(only([]string{"version"}), "version")
	assert.Equal(t, exitOK, code)
	assert.NotEmpty(t, out)
	for _, args := range [][]string{nil, {"help"}, {"--color", "never", "select"}, {"selct"}, {"completion", "bash"}, {"__complete", "sel"}} {
		assert.Equal(t, "", only(args), args)
	}
}

// platformDir is the absolute path of the example repository
// examples/platform, which the command tests select in.
func platformDir(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs("../../examples/platform")
	require.NoError(t, err)
	return dir
}
