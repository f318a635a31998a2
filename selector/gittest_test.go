package selector

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// gitRepo is a real repository built with the git binary for tests. Every
// command runs with a clock one second later than the previous one, so
// commit dates are distinct and ordered.
type gitRepo struct {
	t     testing.TB
	dir   string
	clock int64
}

// gitEnv is the environment of git commands in tests: no user or system
// configuration, fixed identities.
func gitEnv(clock int64) []string {
	date := fmt.Sprintf("@%d +0000", 1_700_000_000+clock)
	return append(os.Environ(),
		"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=A U Thor", "GIT_AUTHOR_EMAIL=author@example.com", "GIT_AUTHOR_DATE="+date,
		"GIT_COMMITTER_NAME=C O Mitter", "GIT_COMMITTER_EMAIL=committer@example.com", "GIT_COMMITTER_DATE="+date,
		"LC_ALL=C",
	)
}

// gitNew initialises a repository (branch main) in a new temporary directory.
func gitNew(t testing.TB) *gitRepo {
	t.Helper()
	g := &gitRepo{t: t, dir: t.TempDir()}
	g.git("init", "-q", "-b", "main")
	return g
}

// git runs git in the repository and returns its trimmed standard output.
func (g *gitRepo) git(args ...string) string {
	g.t.Helper()
	out, err := g.gitErr(args...)
	require.NoError(g.t, err, "git %s", strings.Join(args, " "))
	return strings.TrimSpace(out)
}

// gitErr runs git and returns its trimmed output and error (stderr in the error).
func (g *gitRepo) gitErr(args ...string) (string, error) {
	out, err := g.gitIn(g.dir, "", args...)
	return strings.TrimSpace(out), err
}

func (g *gitRepo) gitIn(dir, stdin string, args ...string) (string, error) {
	g.clock++
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = gitEnv(g.clock)
	cmd.Stdin = strings.NewReader(stdin)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return string(out), fmt.Errorf("git %s: %w: %s", strings.Join(args, " "), err, stderr.String())
	}
	return string(out), nil
}

// gitWrite writes files (path → content) below the repository; content
// "-" removes the file.
func (g *gitRepo) gitWrite(files map[string]string) {
	g.t.Helper()
	for p, content := range files {
		full := filepath.Join(g.dir, filepath.FromSlash(p))
		if content == "-" {
			require.NoError(g.t, os.RemoveAll(full))
			continue
		}
		require.NoError(g.t, os.MkdirAll(filepath.Dir(full), 0o755))
		require.NoError(g.t, os.WriteFile(full, []byte(content), 0o644))
	}
}

// gitCommit writes files, stages everything and commits; it returns the commit.
func (g *gitRepo) gitCommit(msg string, files map[string]string) string {
	g.t.Helper()
	g.gitWrite(files)
	g.git("add", "-A")
	g.git("commit", "-q", "--allow-empty", "-m", msg)
	return g.git("rev-parse", "HEAD")
}

// gitOpen opens the repository with OpenRepo.
func (g *gitRepo) gitOpen() *Repo {
	g.t.Helper()
	r, err := OpenRepo(context.Background(), g.dir)
	require.NoError(g.t, err)
	return r
}

// gitNameStatus is `git diff --name-status --no-renames base...head` as changes.
func (g *gitRepo) gitNameStatus(base, head string) []Change {
	g.t.Helper()
	out := g.git("-c", "core.quotePath=false", "diff", "--name-status", "--no-renames", base+"..."+head)
	var cs []Change
	for _, line := range strings.Split(out, "\n") {
		if line == "" {
			continue
		}
		st, p, ok := strings.Cut(line, "\t")
		require.True(g.t, ok, line)
		cs = append(cs, Change{Path: p, Status: Status(st)})
	}
	return cs
}

// gitFastImport feeds a fast-import stream to the repository.
func (g *gitRepo) gitFastImport(stream string, args ...string) {
	g.t.Helper()
	_, err := g.gitIn(g.dir, stream, append([]string{"fast-import", "--quiet"}, args...)...)
	require.NoError(g.t, err)
}
