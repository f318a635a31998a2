package gitrepo

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/gatesel/gatesel/internal/gittest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The tests of issue 13's items 6, 7 and 8: each state is checked against
// git status (the git binary) and against the paths written out.

// settle dates the work tree's files an hour back, refreshes the index and
// dates the index a minute after the files: no entry is racy, so the stat
// comparison alone decides, as in a work tree edited long after checkout.
func settle(t *testing.T, g *gittest.Repo) {
	t.Helper()
	past := time.Now().Add(-time.Hour)
	require.NoError(t, filepath.Walk(g.Dir, func(p string, fi os.FileInfo, err error) error {
		switch {
		case err != nil:
			return err
		case fi.IsDir() && fi.Name() == ".git":
			return filepath.SkipDir
		case fi.Mode()&os.ModeSymlink != 0:
			return nil
		}
		return os.Chtimes(p, past, past)
	}))
	g.Git("update-index", "-q", "--refresh")
	at := past.Add(time.Minute)
	require.NoError(t, os.Chtimes(filepath.Join(g.Dir, ".git", "index"), at, at))
}

// uncommittedPaths is Uncommitted's paths, with the environment env for
// the configuration and the user's excludes file; nil is git's in the
// tests (gittest.Env): no global or system configuration, this process's
// HOME and XDG_CONFIG_HOME.
func uncommittedPaths(t *testing.T, g *gittest.Repo, env map[string]string) []string {
	t.Helper()
	r := gitOpen(g)
	r.env = func(k string) string {
		if env != nil {
			return env[k]
		}
		switch k {
		case "GIT_CONFIG_GLOBAL":
			return "/dev/null"
		case "GIT_CONFIG_NOSYSTEM":
			return "1"
		case "HOME", "XDG_CONFIG_HOME":
			return os.Getenv(k)
		}
		return ""
	}
	got, err := r.Uncommitted(context.Background())
	require.NoError(t, err)
	return changePaths(got)
}

// TestUncommittedSameSizeEditMtimeRestored: a same-size edit whose mtime is
// put back (cp -p, tar x, rsync -t) changes the ctime, which git checks.
func TestUncommittedSameSizeEditMtimeRestored(t *testing.T) {
	g := gittest.New(t)
	g.Commit("base", map[string]string{"a.txt": "alpha\n", "b.txt": "beta\n"})
	settle(t, g)
	time.Sleep(1100 * time.Millisecond) // the ctime moves to another second, as git (without USE_NSEC) compares seconds
	fi, err := os.Stat(filepath.Join(g.Dir, "a.txt"))
	require.NoError(t, err)
	g.Write(map[string]string{"a.txt": "ALPHA\n"})
	require.NoError(t, os.Chtimes(filepath.Join(g.Dir, "a.txt"), fi.ModTime(), fi.ModTime()))
	assert.Equal(t, []string{"a.txt"}, gitStatusPaths(g))
	assert.Equal(t, []string{"a.txt"}, uncommittedPaths(t, g, nil))
}

// TestUncommittedRacyWithoutCtime: with core.trustCtime=false an edit in
// the second the index was written is found by rehashing the racy entry,
// and a touched file whose content is unchanged is not listed.
func TestUncommittedRacyWithoutCtime(t *testing.T) {
	g := gittest.New(t)
	g.Commit("base", map[string]string{"a.txt": "alpha\n", "b.txt": "beta\n"})
	g.Git("config", "core.trustCtime", "false")
	future := time.Now().Add(time.Hour).Truncate(time.Second)
	for _, f := range []string{"a.txt", "b.txt"} {
		require.NoError(t, os.Chtimes(filepath.Join(g.Dir, f), future, future))
	}
	g.Git("update-index", "-q", "--refresh") // the entries are racy: newer than the index
	g.Write(map[string]string{"a.txt": "ALPHA\n"})
	require.NoError(t, os.Chtimes(filepath.Join(g.Dir, "a.txt"), future, future))
	require.NoError(t, os.Chtimes(filepath.Join(g.Dir, "b.txt"), future, future))
	assert.Equal(t, []string{"a.txt"}, uncommittedPaths(t, g, nil))
	assert.Equal(t, []string{"a.txt"}, gitStatusPaths(g))
}

// TestUncommittedFileModeFalse: with core.fileMode=false a changed
// executable bit is no change, as in git.
func TestUncommittedFileModeFalse(t *testing.T) {
	g := gittest.New(t)
	g.Commit("base", map[string]string{"run.sh": "echo\n", "b.txt": "b"})
	g.Git("config", "core.fileMode", "false")
	settle(t, g)
	require.NoError(t, os.Chmod(filepath.Join(g.Dir, "run.sh"), 0o755))
	assert.Empty(t, gitStatusPaths(g))
	assert.Empty(t, uncommittedPaths(t, g, nil))
}

// TestUncommittedAssumeUnchanged: an entry marked assume-unchanged is
// trusted, as git status trusts it.
func TestUncommittedAssumeUnchanged(t *testing.T) {
	g := gittest.New(t)
	g.Commit("base", map[string]string{"a.txt": "a", "b.txt": "b"})
	g.Git("update-index", "--assume-unchanged", "a.txt")
	g.Write(map[string]string{"a.txt": "changed", "b.txt": "changed"})
	assert.Equal(t, []string{"b.txt"}, gitStatusPaths(g))
	assert.Equal(t, []string{"b.txt"}, uncommittedPaths(t, g, nil))
}

// TestUncommittedSubmoduleMoved: a submodule whose checked-out commit
// moved is modified (git status: " M sm"); one with an untracked file of
// its own too.
func TestUncommittedSubmoduleMoved(t *testing.T) {
	src := gittest.New(t)
	src.Commit("one", map[string]string{"s.txt": "1"})
	src.Commit("two", map[string]string{"s.txt": "2"})
	g := gittest.New(t)
	g.Commit("base", map[string]string{"a.txt": "a"})
	g.Git("-c", "protocol.file.allow=always", "submodule", "add", "-q", src.Dir, "sm")
	g.Git("-c", "protocol.file.allow=always", "submodule", "add", "-q", src.Dir, "other")
	g.Git("commit", "-q", "-m", "submodules")
	assert.Empty(t, uncommittedPaths(t, g, nil))
	_, err := g.GitIn(filepath.Join(g.Dir, "sm"), "", "checkout", "-q", "HEAD~1")
	require.NoError(t, err)
	g.Write(map[string]string{"other/new.txt": "untracked in the submodule"})
	assert.Equal(t, []string{"other", "sm"}, gitStatusPaths(g))
	assert.Equal(t, []string{"other", "sm"}, uncommittedPaths(t, g, nil))
}

// TestUncommittedFileReplacedByDirectory: the files inside a directory
// that replaced a tracked file are untracked (b.txt/inner.txt).
func TestUncommittedFileReplacedByDirectory(t *testing.T) {
	g := gittest.New(t)
	g.Commit("base", map[string]string{"a.txt": "a", "b.txt": "b"})
	g.Write(map[string]string{"b.txt": "-"})
	g.Write(map[string]string{"b.txt/inner.txt": "inner"})
	assert.Equal(t, []string{"b.txt", "b.txt/inner.txt"}, gitStatusPaths(g))
	assert.Equal(t, []string{"b.txt", "b.txt/inner.txt"}, uncommittedPaths(t, g, nil))
}

// TestUncommittedDirectoryReplacedBySymlink: the files of a tracked
// directory replaced by a symbolic link are deleted, even when the link's
// target holds files of the same names: git does not follow it.
func TestUncommittedDirectoryReplacedBySymlink(t *testing.T) {
	g := gittest.New(t)
	g.Commit("base", map[string]string{"d/x.txt": "x", "d/e/y.txt": "y", "keep.txt": "k"})
	require.NoError(t, os.Rename(filepath.Join(g.Dir, "d"), filepath.Join(g.Dir, "target")))
	require.NoError(t, os.Symlink("target", filepath.Join(g.Dir, "d")))
	want := []string{"d", "d/e/y.txt", "d/x.txt", "target/e/y.txt", "target/x.txt"}
	assert.Equal(t, want, gitStatusPaths(g))
	assert.Equal(t, want, uncommittedPaths(t, g, nil))
}

// TestUncommittedIgnoreClasses: "[!a]" negates and POSIX classes match, as
// in git (go-git read "[!a]" as the set of "!" and "a").
func TestUncommittedIgnoreClasses(t *testing.T) {
	g := gittest.New(t)
	g.Commit("base", map[string]string{".gitignore": "x[!a].y\nv[[:digit:]].log\n"})
	g.Write(map[string]string{"xa.y": "", "xb.y": "", "v1.log": "", "vx.log": ""})
	want := []string{"vx.log", "xa.y"}
	assert.Equal(t, want, gitStatusPaths(g))
	assert.Equal(t, want, uncommittedPaths(t, g, nil))
}

// TestUncommittedUserExcludes: the user's excludes file, from
// core.excludesFile or by default $XDG_CONFIG_HOME/git/ignore, as git reads
// them.
func TestUncommittedUserExcludes(t *testing.T) {
	g := gittest.New(t)
	g.Commit("base", map[string]string{"a.txt": "a"})
	home := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(home, "xdg", "git"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(home, "xdg", "git", "ignore"), []byte("*.xdg\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(home, "mine"), []byte("*.mine\n"), 0o644))
	g.Write(map[string]string{"n.xdg": "", "n.mine": "", "n.txt": ""})
	env := map[string]string{"HOME": home, "XDG_CONFIG_HOME": filepath.Join(home, "xdg"), "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null"}
	status := func() []string {
		var kv []string
		for k, v := range env {
			kv = append(kv, k+"="+v)
		}
		return gitStatusPathsEnv(g, kv)
	}
	assert.Equal(t, []string{"n.mine", "n.txt"}, status())
	assert.Equal(t, []string{"n.mine", "n.txt"}, uncommittedPaths(t, g, env))
	g.Git("config", "core.excludesFile", "~/mine")
	assert.Equal(t, []string{"n.txt", "n.xdg"}, status())
	assert.Equal(t, []string{"n.txt", "n.xdg"}, uncommittedPaths(t, g, env))
}

// gitStatusPathsEnv is gitStatusPaths with more environment (HOME,
// XDG_CONFIG_HOME: where git finds the user's excludes file).
func gitStatusPathsEnv(g *gittest.Repo, env []string) []string {
	g.T.Helper()
	cmd := exec.Command("git", "status", "--porcelain", "-z", "--untracked-files=all", "--no-renames")
	cmd.Dir = g.Dir
	cmd.Env = append(gittest.Env(0), env...)
	out, err := cmd.Output()
	require.NoError(g.T, err)
	var ps []string
	for _, e := range strings.Split(string(out), "\x00") {
		if len(e) > 3 {
			ps = append(ps, e[3:])
		}
	}
	sort.Strings(ps)
	return ps
}

// TestUncommittedSymlinkedGitignore: a .gitignore that is a symbolic link
// is not read (git opens it without following links, and warns).
func TestUncommittedSymlinkedGitignore(t *testing.T) {
	g := gittest.New(t)
	g.Commit("base", map[string]string{"rules": "*.x\n"})
	require.NoError(t, os.Symlink("rules", filepath.Join(g.Dir, ".gitignore")))
	g.Write(map[string]string{"a.x": "", "b.y": ""})
	want := []string{".gitignore", "a.x", "b.y"}
	assert.Equal(t, want, gitStatusPaths(g))
	assert.Equal(t, want, uncommittedPaths(t, g, nil))
}

// TestUncommittedUntrackedBesideTracked: the untracked walk finds what is
// tracked by a binary search of the index's range under each directory;
// names that sort around '/' ('-', '.' and '0' beside it), a tracked
// directory's untracked neighbours and an untracked directory beside a
// tracked one are listed as git lists them.
func TestUncommittedUntrackedBesideTracked(t *testing.T) {
	g := gittest.New(t)
	g.Commit("base", map[string]string{
		"a/b.txt": "1", "a/b/c.txt": "2", "a-b/c.txt": "3", "a.b": "4", "a0.txt": "5", "ab": "6", "z/y/x.txt": "7",
	})
	g.Write(map[string]string{
		"a.txt": "", "a/b0.txt": "", "a/b.txt.orig": "", "a/b/c.txt0": "", "a/c/d.txt": "", "a-b/d.txt": "",
		"a0": "", "ab.x": "", "z/y.txt": "", "z/y/x/w.txt": "", "0": "",
	})
	settle(t, g)
	want := []string{"0", "a-b/d.txt", "a.txt", "a/b.txt.orig", "a/b/c.txt0", "a/b0.txt", "a/c/d.txt", "a0", "ab.x", "z/y.txt", "z/y/x/w.txt"}
	assert.Equal(t, want, gitStatusPaths(g))
	assert.Equal(t, want, uncommittedPaths(t, g, nil))
}
