package gitblob

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The names are git's own (git hash-object, in a repository of each
// format), and Is takes exactly the name of the content, in either format.
func TestNameIsGits(t *testing.T) {
	for _, format := range []string{"sha1", "sha256"} {
		dir := t.TempDir()
		if out, err := exec.Command("git", "init", "-q", "--object-format="+format, dir).CombinedOutput(); err != nil {
			t.Skipf("git init --object-format=%s: %v %s", format, err, out)
		}
		for _, content := range []string{"", "package a\n", strings.Repeat("x\x00y", 5000)} {
			cmd := exec.Command("git", "hash-object", "--no-filters", "--stdin")
			cmd.Dir, cmd.Stdin = dir, strings.NewReader(content)
			out, err := cmd.Output()
			require.NoError(t, err)
			want := strings.TrimSpace(string(out))
			assert.Equal(t, want, Name([]byte(content), format == "sha256"), format)
			assert.True(t, Is([]byte(content), want), format)
			assert.False(t, Is([]byte(content+"."), want), format)
			assert.False(t, Is([]byte(content), want[:len(want)-2]), "a name of another length")
			assert.False(t, Is([]byte(content), strings.ToUpper(want)), "git's names are lower case")
		}
	}
}
