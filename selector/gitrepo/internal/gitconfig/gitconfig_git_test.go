package gitconfig

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

var valueParts = []string{
	"false", "true", "yes", "Off", "0", "2", "", " ", "a b", "\"q u\"", `\"`, `\\`, `\t`, `\n`,
	"# c", "; c", "\\\n", "\"un", `\x`, "~/ign", "x\r",
}

var keyParts = []string{"core.fileMode", "core.filemode", "CORE.TRUSTCTIME", "core.checkStat", "core.excludesFile", "other.x"}

// genConfig makes a configuration file of generated sections and values.
func genConfig(rng *rand.Rand) string {
	var b strings.Builder
	for i := 0; i < 1+rng.Intn(4); i++ {
		key := keyParts[rng.Intn(len(keyParts))]
		dot := strings.IndexByte(key, '.')
		switch rng.Intn(6) {
		case 0:
			b.WriteString("[" + key[:dot] + " \"Sub\"]\n")
		case 1:
			b.WriteString("  [" + key[:dot] + "] # comment\n")
		default:
			b.WriteString("[" + key[:dot] + "]\n")
		}
		b.WriteString("\t" + key[dot+1:])
		if rng.Intn(5) == 0 {
			b.WriteString("\n")
			continue
		}
		b.WriteString(" = ")
		for j := 0; j < 1+rng.Intn(3); j++ {
			b.WriteString(valueParts[rng.Intn(len(valueParts))])
		}
		b.WriteString("\n")
	}
	return b.String()
}

// TestGitConfigDifferential compares Parse with git config -f over
// generated files: the same last value of each key, or both refusing the
// file.
func TestGitConfigDifferential(t *testing.T) {
	gitBin, err := exec.LookPath("git")
	require.NoError(t, err, "the differential test needs git")
	dir := t.TempDir()
	file := filepath.Join(dir, "config")
	rng := rand.New(rand.NewSource(7))
	refused := 0
	for round := 0; round < 200; round++ {
		text := genConfig(rng)
		if rng.Intn(4) == 0 {
			text = strings.TrimSuffix(text, "\n") // git counts the end as a line
		}
		require.NoError(t, os.WriteFile(file, []byte(text), 0o644))
		entries, perr := Parse(file, []byte(text))
		c := &Config{values: map[string]Entry{}}
		for _, e := range entries {
			c.set(e)
		}
		for _, key := range []string{"core.filemode", "core.trustctime", "core.checkstat", "core.excludesfile", "core.Sub.filemode"} {
			cmd := exec.Command(gitBin, "config", "-f", file, "--get", key)
			cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null")
			var out, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &stderr
			err := cmd.Run()
			if _, rest, ok := strings.Cut(stderr.String(), "bad config line "); ok {
				line, _, _ := strings.Cut(rest, " ")
				if assert.Error(t, perr, "git refuses:\n%s", text) {
					assert.Equal(t, fmt.Sprintf("%s:%s: bad config line", file, line), perr.Error(), "%q", text)
				}
				refused++
				break
			}
			require.NoError(t, perr, "git reads it:\n%s", text)
			got, ok := c.String(key)
			if err != nil { // exit 1: not set
				assert.False(t, ok, "%s set to %q, git has none:\n%s", key, got, text)
				continue
			}
			e := c.values[canonicalKey(key)]
			want := strings.TrimSuffix(out.String(), "\n")
			if e.NoValue {
				want = strings.TrimSuffix(want, "\n") // git prints nothing for no value
			}
			assert.Equal(t, want, got, "%s:\n%s", key, text)
		}
	}
	assert.Greater(t, refused, 10, "the generator must make bad files too")
}

// TestLoadOrder: the files and the environment in git's order, checked
// against git config --get with the same environment.
func TestLoadOrder(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
		return p
	}
	write("home/.gitconfig", "[core]\n\tfileMode = false\n\ttrustCtime = false\n[include]\n\tpath = inc\n")
	write("home/inc", "[core]\n\tcheckStat = minimal\n")
	write("xdg/git/config", "[core]\n\tfileMode = true\n\texcludesFile = xdg\n")
	sys := write("system", "[core]\n\texcludesFile = system\n\tsymlinks = false\n")
	init := exec.Command("git", "init", "-q", "--bare", filepath.Join(dir, "repo"))
	init.Env = []string{"PATH=" + os.Getenv("PATH"), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null"}
	require.NoError(t, init.Run())
	repo := filepath.Join(dir, "repo", "config")
	f, err := os.OpenFile(repo, os.O_APPEND|os.O_WRONLY, 0)
	require.NoError(t, err)
	_, err = f.WriteString("[core]\n\ttrustCtime = yes\n")
	require.NoError(t, err)
	require.NoError(t, f.Close())
	env := map[string]string{
		"HOME": filepath.Join(dir, "home"), "XDG_CONFIG_HOME": filepath.Join(dir, "xdg"),
		"GIT_CONFIG_SYSTEM": sys, "GIT_CONFIG_COUNT": "1",
		"GIT_CONFIG_KEY_0": "Core.ExcludesFile", "GIT_CONFIG_VALUE_0": "from-env",
	}
	c, err := Load(Files{Repo: repo}, func(k string) string { return env[k] })
	require.NoError(t, err)
	for _, key := range []string{"core.filemode", "core.trustctime", "core.checkstat", "core.excludesfile", "core.symlinks"} {
		cmd := exec.Command("git", "config", "--get", key)
		cmd.Dir = filepath.Join(dir, "repo")
		cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "GIT_DIR=" + filepath.Join(dir, "repo")}
		for k, v := range env {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
		out, err := cmd.Output()
		require.NoError(t, err, key)
		got, _ := c.String(key)
		assert.Equal(t, strings.TrimSpace(string(out)), got, key)
	}
	v, _ := c.String("core.checkstat")
	assert.Equal(t, "minimal", v, "read through include.path")
	v, _ = c.String("core.excludesfile")
	assert.Equal(t, "from-env", v, "GIT_CONFIG_COUNT comes last")
	assert.True(t, c.Bool("core.trustctime", false))
	assert.True(t, c.Bool("core.unset", true))
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"[core]\n\tfileMode = false\n", "[a \"b\\\"c\"]\nx=\"1 ; 2\" # c\n", "[x]\ny = a\\\n b\n", "\xef\xbb\xbf[s]k\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		entries, err := Parse("config", data)
		if err != nil {
			return
		}
		for _, e := range entries {
			if strings.Count(e.Key, ".") < 1 || e.Line < 1 {
				t.Fatalf("bad entry %+v", e)
			}
		}
	})
}
