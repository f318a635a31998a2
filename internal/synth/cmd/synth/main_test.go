package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRunSmall(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "mono")
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"-dir", dir, "-small", "-files", "3000", "-no-checkout"}, &stdout, &stderr)
	assert.Equal(t, 0, code, stderr.String())
	assert.Equal(t, "change-1 main change-1\nchange-100 main change-100\ndiverged main diverged\n", stdout.String())
	assert.True(t, strings.HasPrefix(stderr.String(), "synth: 3000 files, 50 services in "+dir+", generated in "), stderr.String())
}

var usageTests = []struct {
	name string
	args []string
	code int
	want string
}{
	{name: "no dir", args: nil, code: 2, want: "usage: synth -dir DIR [flags]\n"},
	{name: "extra argument", args: []string{"-dir", "x", "y"}, code: 2, want: "usage: synth -dir DIR [flags]\n"},
	{name: "bad options", args: []string{"-dir", "DIR", "-files", "-5"}, code: 1, want: "synth: files must not be negative, got -5\n"},
}

func TestRunUsage(t *testing.T) {
	for _, tt := range usageTests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			args := append([]string(nil), tt.args...)
			for i, a := range args {
				if a == "DIR" {
					args[i] = filepath.Join(t.TempDir(), "mono")
				}
			}
			assert.Equal(t, tt.code, run(context.Background(), args, &stdout, &stderr))
			assert.Equal(t, tt.want, stderr.String())
			assert.Empty(t, stdout.String())
		})
	}
}
