package ownership

import (
	"bytes"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGitWildmatchDifferential compares GitHub-dialect matching with git's
// own gitignore matching (git check-ignore --no-index) over generated
// patterns and paths. It keeps to the constructs where gitignore and GitHub
// CODEOWNERS agree: no final "*" segment (not recursive in CODEOWNERS), no
// "foo/**/", no "[ ]", "\#" or "!". git reports a path ignored when it or
// one of its parent directories matches, which is CODEOWNERS' "a directory
// pattern owns everything below it".
func TestGitWildmatchDifferential(t *testing.T) {
	gitBin, err := exec.LookPath("git")
	require.NoError(t, err, "the differential test needs git")
	dir := t.TempDir()
	git := func(stdin string, args ...string) string {
		cmd := exec.Command(gitBin, append([]string{"-c", "core.ignorecase=false", "-c", "core.quotepath=false"}, args...)...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null")
		cmd.Stdin = strings.NewReader(stdin)
		var out, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &stderr
		err := cmd.Run()
		// check-ignore exits 1 when no path is ignored.
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
			require.NoError(t, err, stderr.String())
		}
		return out.String()
	}
	git("", "init", "-q")

	rng := rand.New(rand.NewSource(1))
	patterns := genPatterns(rng, 250)
	paths := genPaths(rng, 400)
	stdin := strings.Join(paths, "\n") + "\n"

	mismatches := 0
	for _, pat := range patterns {
		require.NoError(t, os.WriteFile(filepath.Join(dir, ".gitignore"), []byte(pat+"\n"), 0o644))
		out := git(stdin, "check-ignore", "--no-index", "-v", "-n", "--stdin")
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		require.Len(t, lines, len(paths), "pattern %q", pat)
		rs, err := Parse("CODEOWNERS", []byte(pat+" @o\n"), GitHub)
		require.NoError(t, err, "pattern %q", pat)
		for i, line := range lines {
			src, path, ok := strings.Cut(line, "\t")
			require.True(t, ok, line)
			require.Equal(t, paths[i], path)
			want := src != "::"
			if got := rs.Match(path).Matched(); got != want {
				mismatches++
				assert.Failf(t, "mismatch", "pattern %q path %q: git says %v, we say %v", pat, path, want, got)
				if mismatches > 20 {
					t.FailNow()
				}
			}
		}
	}
	assert.Equal(t, 0, mismatches)
}

var (
	patSegs  = []string{"a", "b", "ab", "a.x", "*", "?", "**", "a*", "*b", "*.x", "?b", "a?", ".x", "a**", "b*b"}
	pathSegs = []string{"a", "b", "ab", "ba", "abb", "a.x", "b.x", ".x", "aab", "x"}
)

// genPatterns makes gitignore patterns in the subset where gitignore and
// GitHub CODEOWNERS agree.
func genPatterns(rng *rand.Rand, n int) []string {
	seen := map[string]bool{}
	var out []string
	for len(out) < n {
		k := 1 + rng.Intn(3)
		parts := make([]string, k)
		for i := range parts {
			parts[i] = patSegs[rng.Intn(len(patSegs))]
		}
		p := strings.Join(parts, "/")
		if rng.Intn(3) == 0 {
			p = "/" + p
		}
		trailing := rng.Intn(3) == 0
		if trailing {
			p += "/"
		}
		last := parts[len(parts)-1]
		if (last == "*" && !trailing) || (last == "**" && trailing) {
			continue // CODEOWNERS differs from gitignore here by design
		}
		if seen[p] {
			continue
		}
		seen[p] = true
		out = append(out, p)
	}
	return out
}

func genPaths(rng *rand.Rand, n int) []string {
	seen := map[string]bool{}
	var out []string
	for len(out) < n {
		k := 1 + rng.Intn(4)
		parts := make([]string, k)
		for i := range parts {
			parts[i] = pathSegs[rng.Intn(len(pathSegs))]
		}
		p := strings.Join(parts, "/")
		if seen[p] {
			continue
		}
		seen[p] = true
		out = append(out, p)
	}
	return out
}

func TestGenPatternsDeterministic(t *testing.T) {
	a := genPatterns(rand.New(rand.NewSource(1)), 5)
	b := genPatterns(rand.New(rand.NewSource(1)), 5)
	assert.Equal(t, a, b)
	assert.Equal(t, 5, len(a), fmt.Sprint(a))
}
