package gittest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// Repo is a real repository built with the git binary for tests.
type Repo struct {
	T     testing.TB
	Dir   string // the work tree
	Clock int64  // seconds after the epoch of the last command's clock; each command adds one
}

// Env is the environment of git commands in tests: no user or system
// configuration, fixed identities, the clock at the given second.
func Env(clock int64) []string {
	date := fmt.Sprintf("@%d +0000", 1_700_000_000+clock)
	return append(os.Environ(),
		"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=A U Thor", "GIT_AUTHOR_EMAIL=author@example.com", "GIT_AUTHOR_DATE="+date,
		"GIT_COMMITTER_NAME=C O Mitter", "GIT_COMMITTER_EMAIL=committer@example.com", "GIT_COMMITTER_DATE="+date,
		"LC_ALL=C",
	)
}

// New initialises a repository (branch main) in a new temporary directory.
func New(t testing.TB) *Repo {
	t.Helper()
	g := &Repo{T: t, Dir: t.TempDir()}
	g.Git("init", "-q", "-b", "main")
	return g
}

// Git runs git in the repository and returns its trimmed standard output;
// a failure fails the test.
func (g *Repo) Git(args ...string) string {
	g.T.Helper()
	out, err := g.GitErr(args...)
	require.NoError(g.T, err, "git %s", strings.Join(args, " "))
	return strings.TrimSpace(out)
}

// GitErr runs git and returns its trimmed output and error (stderr in the error).
func (g *Repo) GitErr(args ...string) (string, error) {
	out, err := g.GitIn(g.Dir, "", args...)
	return strings.TrimSpace(out), err
}

// GitIn runs git in dir with stdin and returns its untrimmed output.
func (g *Repo) GitIn(dir, stdin string, args ...string) (string, error) {
	g.Clock++
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = Env(g.Clock)
	cmd.Stdin = strings.NewReader(stdin)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return string(out), fmt.Errorf("git %s: %w: %s", strings.Join(args, " "), err, stderr.String())
	}
	return string(out), nil
}

// Write writes files (path → content) below the repository; content
// "-" removes the file.
func (g *Repo) Write(files map[string]string) {
	g.T.Helper()
	for p, content := range files {
		full := filepath.Join(g.Dir, filepath.FromSlash(p))
		if content == "-" {
			require.NoError(g.T, os.RemoveAll(full))
			continue
		}
		require.NoError(g.T, os.MkdirAll(filepath.Dir(full), 0o755))
		require.NoError(g.T, os.WriteFile(full, []byte(content), 0o644))
	}
}

// Commit writes files, stages everything and commits; it returns the commit.
func (g *Repo) Commit(msg string, files map[string]string) string {
	g.T.Helper()
	g.Write(files)
	g.Git("add", "-A")
	g.Git("commit", "-q", "--allow-empty", "-m", msg)
	return g.Git("rev-parse", "HEAD")
}

// NameStatus is `git diff --name-status --no-renames base...head`: the
// status letter and the path of each line.
func (g *Repo) NameStatus(base, head string) [][2]string {
	g.T.Helper()
	out := g.Git("-c", "core.quotePath=false", "diff", "--name-status", "--no-renames", base+"..."+head)
	var cs [][2]string
	for _, line := range strings.Split(out, "\n") {
		if line == "" {
			continue
		}
		st, p, ok := strings.Cut(line, "\t")
		require.True(g.T, ok, line)
		cs = append(cs, [2]string{st, p})
	}
	return cs
}

// FastImport feeds a fast-import stream to the repository.
func (g *Repo) FastImport(stream string, args ...string) {
	g.T.Helper()
	_, err := g.GitIn(g.Dir, stream, append([]string{"fast-import", "--quiet"}, args...)...)
	require.NoError(g.T, err)
}
