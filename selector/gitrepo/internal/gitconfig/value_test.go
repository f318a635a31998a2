package gitconfig

import (
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBoolIsGits: Entry.Bool reads a value as git config --type=bool
// (git_config_bool) does, or refuses it as git does.
func TestBoolIsGits(t *testing.T) {
	file := filepath.Join(t.TempDir(), "config")
	for _, v := range []string{"", "= true", "= TRUE", "= Yes", "= on", "= 1", "= 2", "= -1", "= 0", "= 0x0", "= 1k", "= 0k", "= false",
		"= No", "= OFF", "=", "= x", "= yes please", "= 08", "= 2g", "= \" 1\""} {
		text := "[remote \"a\"]\n\tpromisor " + v + "\n"
		require.NoError(t, os.WriteFile(file, []byte(text), 0o644))
		cmd := exec.Command("git", "config", "-f", file, "--type=bool", "--get", "remote.a.promisor")
		cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null")
		out, gitErr := cmd.CombinedOutput()
		entries, err := Parse(file, []byte(text))
		require.NoError(t, err)
		got, err := entries[0].Bool()
		if gitErr != nil {
			require.Error(t, err, "%q: git refuses it: %s", v, out)
			assert.Contains(t, string(out), err.Error(), "%q", v)
			continue
		}
		require.NoError(t, err, "%q: git reads %s", v, out)
		assert.Equal(t, strings.TrimSpace(string(out)) == "true", got, "%q", v)
	}
}

// FuzzParseInt: no panic, a value within a 32-bit int, and a decimal
// number within it reads as itself.
func FuzzParseInt(f *testing.F) {
	for _, s := range []string{"0", "1", "-0x1", "1k", "2g", "08", " 1", "+7M", "2147483647", "k", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := parseInt(s)
		if err == nil && (n > math.MaxInt32 || n < -math.MaxInt32) {
			t.Fatalf("%q: %d is out of range", s, n)
		}
		if v, err := strconv.ParseInt(s, 10, 32); err == nil && v > -math.MaxInt32 && (len(s) < 2 || s[0] != '0' && s[0] != '-' && s[0] != '+') {
			if got, err := parseInt(s); err != nil || got != int(v) {
				t.Fatalf("%q: %d, %v; want %d", s, got, err, v)
			}
		}
	})
}
