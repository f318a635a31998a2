package gitrepo

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAssumeValid reads the assume-unchanged bits that git writes, in index
// versions 2, 3 (extended flags, from an intent-to-add entry) and 4
// (prefix-compressed names), against git ls-files -v ("h" marks them).
func TestAssumeValid(t *testing.T) {
	for _, version := range []string{"2", "3", "4"} {
		t.Run("v"+version, func(t *testing.T) {
			dir := t.TempDir()
			git := func(args ...string) string {
				cmd := exec.Command("git", args...)
				cmd.Dir = dir
				cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null")
				out, err := cmd.CombinedOutput()
				require.NoError(t, err, string(out))
				return string(out)
			}
			git("init", "-q")
			for _, n := range []string{"a", "ab", "abc/d", "abc/de", "b", strings.Repeat("long", 30), "z"} {
				full := filepath.Join(dir, filepath.FromSlash(n))
				require.NoError(t, os.MkdirAll(filepath.Dir(full), 0o755))
				require.NoError(t, os.WriteFile(full, []byte(n), 0o644))
			}
			git("add", ".")
			if version == "3" {
				require.NoError(t, os.WriteFile(filepath.Join(dir, "n"), nil, 0o644))
				git("add", "-N", "n")
			}
			git("update-index", "--index-version", version)
			git("update-index", "--assume-unchanged", "ab", "abc/de", "z")
			data, err := os.ReadFile(filepath.Join(dir, ".git", "index"))
			require.NoError(t, err)
			got, err := assumeValid(data)
			require.NoError(t, err)
			var want []bool
			for _, line := range strings.Split(strings.TrimSpace(git("ls-files", "-v")), "\n") {
				want = append(want, line[0] == 'h')
			}
			assert.Equal(t, want, got)
			for i := range data {
				_, _ = assumeValid(data[:i]) // no panic on a cut file
			}
		})
	}
}

// FuzzAssumeValid: no panic and no error-free answer longer than the
// entries the header counts.
func FuzzAssumeValid(f *testing.F) {
	f.Add([]byte("DIRC\x00\x00\x00\x02\x00\x00\x00\x00"))
	f.Add([]byte("DIRC\x00\x00\x00\x04\x00\x00\x00\x01" + strings.Repeat("\x00", 60) + "\x80\x01\x00a\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := assumeValid(data)
		if err == nil && got != nil && len(data) >= 12 && uint32(len(got)) != uint32(data[8])<<24|uint32(data[9])<<16|uint32(data[10])<<8|uint32(data[11]) {
			t.Fatalf("%d flags for the header's count", len(got))
		}
	})
}
