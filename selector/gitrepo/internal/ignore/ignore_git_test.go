package ignore

import (
	"bytes"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGitCheckIgnoreDifferential builds work trees with generated
// .gitignore files (at the root and in subdirectories), info/exclude and a
// user excludes file, and compares the deciding pattern of every file and
// directory with git check-ignore --no-index -v: the same source, line
// and pattern, or none for both.
func TestGitCheckIgnoreDifferential(t *testing.T) {
	gitBin, err := exec.LookPath("git")
	require.NoError(t, err, "the differential test needs git")
	rng := rand.New(rand.NewSource(13))
	mismatches := 0
	stats := map[bool]int{}
	for round := 0; round < 60; round++ {
		dir := t.TempDir()
		home := t.TempDir()
		run(t, gitBin, dir, nil, "", "init", "-q")
		paths := genTree(t, rng, dir)
		files := map[string][]Pattern{}
		var lists [][]Pattern
		userFile := filepath.Join(home, "user-ignore")
		useXDG := round%2 == 0
		if useXDG {
			userFile = filepath.Join(home, "xdg", "git", "ignore")
		}
		ignoreFiles := []string{userFile, filepath.Join(dir, ".git", "info", "exclude"), filepath.Join(dir, ".gitignore")}
		for _, p := range paths {
			if p.dir && rng.Intn(3) == 0 {
				ignoreFiles = append(ignoreFiles, filepath.Join(dir, filepath.FromSlash(p.path), ".gitignore"))
			}
		}
		for i, f := range ignoreFiles {
			text := genIgnoreFile(rng)
			require.NoError(t, os.MkdirAll(filepath.Dir(f), 0o755))
			require.NoError(t, os.WriteFile(f, []byte(text), 0o644))
			switch i {
			case 0:
				lists = append(lists, Parse(f, []byte(text), ""))
			case 1:
				lists = append(lists, Parse(".git/info/exclude", []byte(text), ""))
			default:
				rel, _ := filepath.Rel(dir, filepath.Dir(f))
				base := ""
				if rel != "." {
					base = filepath.ToSlash(rel) + "/"
				}
				files[base] = Parse(base+".gitignore", []byte(text), base)
			}
		}
		env := []string{"HOME=" + home, "XDG_CONFIG_HOME=" + filepath.Join(home, "xdg")}
		args := []string{"check-ignore", "--no-index", "-v", "-n", "-z", "--stdin"}
		if !useXDG {
			args = append([]string{"-c", "core.excludesFile=" + userFile}, args...)
		}
		var stdin strings.Builder
		for _, p := range paths {
			stdin.WriteString(p.path + "\x00")
		}
		out := strings.Split(run(t, gitBin, dir, env, stdin.String(), args...), "\x00")
		require.Len(t, out, 4*len(paths)+1)
		base := New(lists...)
		for i, p := range paths {
			want := strings.Join(out[4*i:4*i+3], ":")
			require.Equal(t, p.path, out[4*i+3])
			got := "::"
			if m := decide(base, files, p.path, p.dir); m != nil {
				got = m.Source + ":" + strconv.Itoa(m.Line) + ":" + m.Text
			}
			stats[want == "::"]++
			if want != got {
				mismatches++
				assert.Failf(t, "mismatch", "path %q (dir %v): git %q, we %q\n%s", p.path, p.dir, want, got, dump(ignoreFiles))
				if mismatches > 10 {
					t.FailNow()
				}
			}
		}
	}
	assert.Equal(t, 0, mismatches)
	// The generator must keep both outcomes common, or the test says little.
	assert.Greater(t, stats[false], 500, "paths a pattern decides")
	assert.Greater(t, stats[true], 500, "paths no pattern decides")
}

// decide applies the matchers as git's prep_exclude does: a path inside an
// ignored directory is decided by the pattern that ignored the directory.
func decide(base *Matcher, files map[string][]Pattern, path string, isDir bool) *Pattern {
	m := base.With(files[""])
	segs := strings.Split(path, "/")
	for i := 1; i < len(segs); i++ {
		d := strings.Join(segs[:i], "/")
		if p := m.Match(d, true); p != nil && !p.Negative {
			return p
		}
		m = m.With(files[d+"/"])
	}
	return m.Match(path, isDir)
}

func dump(files []string) string {
	var b strings.Builder
	for _, f := range files {
		data, _ := os.ReadFile(f)
		b.WriteString("== " + f + "\n" + string(data))
	}
	return b.String()
}

func run(t *testing.T, gitBin, dir string, env []string, stdin string, args ...string) string {
	t.Helper()
	cmd := exec.Command(gitBin, append([]string{"-c", "core.ignorecase=false"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null")
	cmd.Env = append(cmd.Env, env...)
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

type genPath struct {
	path string
	dir  bool
}

var nameSegs = []string{"a", "b", "ab", "x.y", "xa.y", "xb.y", "x!.y", "v1", "v10", "A", "foo bar", "#h", "!b", ".h", "t ", "x*y", "q?", "[a]", "b\\c", "d-e", "Ab.Y"}

// genTree creates random files and directories under dir and returns
// every path, sorted.
func genTree(t *testing.T, rng *rand.Rand, dir string) []genPath {
	seen := map[string]bool{}
	var out []genPath
	for n := 0; n < 30; n++ {
		k := 1 + rng.Intn(3)
		var parts []string
		for i := 0; i < k; i++ {
			parts = append(parts, nameSegs[rng.Intn(len(nameSegs))])
		}
		for i := 1; i <= k; i++ {
			p := strings.Join(parts[:i], "/")
			isDir := i < k
			if prev, ok := seen[p]; ok {
				if prev != isDir {
					break // a file already there
				}
				continue
			}
			full := filepath.Join(dir, filepath.FromSlash(p))
			if isDir {
				require.NoError(t, os.Mkdir(full, 0o755))
			} else {
				require.NoError(t, os.WriteFile(full, nil, 0o644))
			}
			seen[p] = isDir
			out = append(out, genPath{p, isDir})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].path < out[j].path })
	return out
}

var patternParts = []string{
	"a", "b", "ab", "*", "?", "**", "a*", "*.y", "x[!a].y", "x[^a].y", "x?.y",
	"v[[:digit:]]", "v[[:digit:]][[:digit:]]", "[[:upper:]]*", "[a-b]", "[]a]", "[!]]*",
	`\*`, `x\*y`, `q\?`, `\[a]`, "[[]a]", `b\\c`, "foo bar", `foo\ bar`, "t ", `t\ `,
	"#h", `\#h`, `\!b`, "d-e", "[[:punct:]]*", "[[:nope:]]", "[a", "**a", "a**", ".h",
	"[[:space:]]", "*[[:alpha:]]", "x[a-]*", "Ab.Y",
}

// genIgnoreFile makes a few lines of generated patterns.
func genIgnoreFile(rng *rand.Rand) string {
	var b strings.Builder
	n := rng.Intn(5)
	for i := 0; i < n; i++ {
		k := 1 + rng.Intn(3)
		parts := make([]string, k)
		for j := range parts {
			parts[j] = patternParts[rng.Intn(len(patternParts))]
		}
		p := strings.Join(parts, "/")
		switch rng.Intn(8) {
		case 0:
			p = "/" + p
		case 1:
			p += "/"
		case 2:
			p = "!" + p
		case 3:
			p += "  "
		case 4:
			p = "**/" + p
		}
		if rng.Intn(10) == 0 {
			p += "\r"
		}
		b.WriteString(p + "\n")
	}
	if rng.Intn(4) == 0 {
		b.WriteString("# a comment\n\n   \n")
	}
	return b.String()
}
