package gitrepo

import (
	"fmt"
	"math/rand"
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

// TestUncommittedGitStatusDifferential generates dirty work trees in real
// repositories and compares the paths Uncommitted lists with the paths of
// git status --porcelain --untracked-files=all --no-renames: edits that
// change the size, same-size edits with the modification time put back
// (cp -p, tar x, rsync -t), touched files, deletions, a file replaced by a
// directory, a directory replaced by a symlink, mode and type changes,
// staged changes and deletions, racy edits in the second the index was
// written, untracked files under generated .gitignore, info/exclude and
// user excludes patterns, core.fileMode, core.trustCtime and core.checkStat
// set, an intent-to-add entry, an untracked nested repository, and a
// submodule whose checked-out commit moved.
// Uncommitted runs first, so git's own index refresh cannot help it.
func TestUncommittedGitStatusDifferential(t *testing.T) {
	rng := rand.New(rand.NewSource(6))
	const rounds = 40
	repos := make([]*gittest.Repo, rounds)
	states := make([]*dirtyState, rounds)
	for i := range repos {
		repos[i] = gittest.New(t)
		states[i] = &dirtyState{t: t, rng: rng, dir: repos[i].Dir, git: repos[i].Git}
		states[i].base(i%4 == 0)
	}
	// Let a second pass, so that an edit changes the ctime's seconds: git
	// (built without USE_NSEC, as distributions build it) compares seconds.
	time.Sleep(1100 * time.Millisecond)
	mismatches := 0
	for i, g := range repos {
		ops := states[i].dirty()
		env := states[i].env
		got := uncommittedPaths(t, g, env)
		want := gitStatusPorcelain(t, func(args ...string) (string, error) {
			cmd := exec.Command("git", args...)
			cmd.Dir = g.Dir
			cmd.Env = gittest.Env(0)
			for k, v := range env {
				cmd.Env = append(cmd.Env, k+"="+v)
			}
			out, err := cmd.Output()
			return string(out), err
		})
		if !assert.Equal(t, want, got, "round %d, operations:\n%s", i, strings.Join(ops, "\n")) {
			mismatches++
			if mismatches > 3 {
				t.FailNow()
			}
		}
	}
}

// gitStatusPorcelain is the sorted set of paths git status --porcelain
// lists (a path both staged as deleted and untracked once), a directory
// (a nested repository) without its trailing slash. gitRaw runs git and
// returns its output untrimmed.
func gitStatusPorcelain(t *testing.T, gitRaw func(...string) (string, error)) []string {
	t.Helper()
	out, err := gitRaw("status", "--porcelain", "-z", "--untracked-files=all", "--no-renames")
	require.NoError(t, err)
	seen := map[string]bool{}
	var ps []string
	for _, line := range strings.Split(out, "\x00") {
		if p := strings.TrimSuffix(line[min(3, len(line)):], "/"); p != "" && !seen[p] {
			seen[p] = true
			ps = append(ps, p)
		}
	}
	sort.Strings(ps)
	return ps
}

// dirtyState builds one committed base tree and dirties it at random.
type dirtyState struct {
	t     *testing.T
	rng   *rand.Rand
	dir   string
	git   func(...string) string
	files []string          // the tracked regular files
	env   map[string]string // the environment of both git and Uncommitted
}

var dirtyBaseFiles = []string{
	"a.txt", "b.txt", "c.txt", "v1.dat", "xa.y", "d/x.txt", "d/y.txt", "d/e/z.txt",
	"f/one.txt", "f/two.txt", "g/h/i.txt", "run.sh",
}

var dirtyIgnoreLines = []string{
	"x[!a].y", "v[[:digit:]].log", "*.log", "!keep.log", "build/", "/top.tmp", "**/cache/",
	"n/*.o", "[[:upper:]]*", "tmp\\ ", "\\#*", "*.[oa]", "!*.a",
}

var dirtyNewFiles = []string{
	"new.txt", "xb.y", "xa.y2", "v2.log", "keep.log", "other.log", "build/out.bin",
	"top.tmp", "d/top.tmp", "n/a.o", "n/deep/b.o", "d/cache/c", "Upper.txt", "tmp ", "#h",
	"lib.a", "lib.o", "d/e/new.txt", "brand/new/dir/file.txt",
}

func (d *dirtyState) write(p, content string) {
	full := filepath.Join(d.dir, filepath.FromSlash(p))
	require.NoError(d.t, os.MkdirAll(filepath.Dir(full), 0o755))
	require.NoError(d.t, os.WriteFile(full, []byte(content), 0o644))
}

func (d *dirtyState) full(p string) string { return filepath.Join(d.dir, filepath.FromSlash(p)) }

// reachable reports whether the file exists and no leading directory is a
// symbolic link (git refuses a path beyond one).
func (d *dirtyState) reachable(p string) bool {
	for dir := filepath.Dir(p); dir != "."; dir = filepath.Dir(dir) {
		if fi, err := os.Lstat(d.full(dir)); err != nil || fi.Mode()&os.ModeSymlink != 0 {
			return false
		}
	}
	_, err := os.Lstat(d.full(p))
	return err == nil
}

// base commits the base tree, with a submodule when sub is set, sets up a
// home with (at random) a user excludes file and a configuration of
// core.fileMode, core.trustCtime or core.checkStat, and dates
// the files an hour back and the index a minute after them, so that the
// files are not racy and the stat comparison decides.
func (d *dirtyState) base(sub bool) {
	home := d.t.TempDir()
	d.env = map[string]string{"HOME": home, "XDG_CONFIG_HOME": filepath.Join(home, "xdg"), "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null"}
	if d.rng.Intn(2) == 0 {
		require.NoError(d.t, os.MkdirAll(filepath.Join(home, "xdg", "git"), 0o755))
		require.NoError(d.t, os.WriteFile(filepath.Join(home, "xdg", "git", "ignore"), []byte("*.dat\nbrand/\n"), 0o644))
	}
	switch d.rng.Intn(5) {
	case 0:
		d.git("config", "core.fileMode", "false")
	case 1:
		d.git("config", "core.trustCtime", "false")
	case 2:
		d.git("config", "core.checkStat", "minimal")
	}
	for _, f := range dirtyBaseFiles {
		d.write(f, "content of "+f+"\n")
	}
	require.NoError(d.t, os.Chmod(d.full("run.sh"), 0o755))
	require.NoError(d.t, os.Symlink("a.txt", d.full("link")))
	var ignore []string
	for _, l := range dirtyIgnoreLines {
		if d.rng.Intn(2) == 0 {
			ignore = append(ignore, l)
		}
	}
	d.write(".gitignore", strings.Join(ignore, "\n")+"\n")
	d.files = append(append([]string(nil), dirtyBaseFiles...), ".gitignore")
	if sub {
		src := d.t.TempDir()
		for i, msg := range []string{"one", "two"} {
			runGit(d.t, src, "init", "-q", "-b", "main")
			require.NoError(d.t, os.WriteFile(filepath.Join(src, "s.txt"), []byte(msg), 0o644))
			runGit(d.t, src, "add", "-A")
			runGit(d.t, src, "commit", "-q", "-m", fmt.Sprint(i))
		}
		d.git("-c", "protocol.file.allow=always", "submodule", "add", "-q", src, "sm")
	}
	d.git("add", "-A")
	d.git("commit", "-q", "-m", "base")
	past := time.Now().Add(-time.Hour)
	require.NoError(d.t, filepath.Walk(d.dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil || strings.Contains(p, string(filepath.Separator)+".git") || fi.Mode()&os.ModeSymlink != 0 {
			return err
		}
		return os.Chtimes(p, past, past)
	}))
	d.git("update-index", "--refresh")
	// The index is older than any later edit but newer than the files.
	indexTime := past.Add(time.Minute)
	require.NoError(d.t, os.Chtimes(filepath.Join(d.dir, ".git", "index"), indexTime, indexTime))
}

// dirty applies random operations and returns their descriptions.
func (d *dirtyState) dirty() []string {
	var ops []string
	for _, f := range d.files {
		if d.rng.Intn(3) != 0 {
			continue
		}
		op := dirtyOps[d.rng.Intn(len(dirtyOps))]
		if op.apply(d, f) {
			ops = append(ops, op.name+" "+f)
		}
	}
	for _, f := range dirtyNewFiles {
		if d.rng.Intn(4) == 0 {
			if _, err := os.Lstat(d.full(f)); err == nil {
				continue
			}
			if err := os.MkdirAll(filepath.Dir(d.full(f)), 0o755); err != nil {
				continue // a file in the way
			}
			d.write(f, "new "+f)
			ops = append(ops, "untracked "+f)
		}
	}
	if d.rng.Intn(3) == 0 {
		d.write(".git/info/exclude", "new.txt\n*.y2\n")
		ops = append(ops, "info/exclude")
	}
	if d.rng.Intn(4) == 0 {
		d.write("intent.txt", "intent to add")
		d.git("add", "-N", "intent.txt")
		ops = append(ops, "intent to add intent.txt")
	}
	if d.rng.Intn(5) == 0 {
		d.write("nested/n.txt", "in a nested repository")
		runGit(d.t, d.full("nested"), "init", "-q")
		ops = append(ops, "untracked nested repository")
	}
	if _, err := os.Stat(d.full("sm/.git")); err == nil && d.rng.Intn(2) == 0 {
		runGit(d.t, d.full("sm"), "checkout", "-q", "HEAD~1")
		ops = append(ops, "submodule checkout HEAD~1")
	}
	if d.rng.Intn(4) == 0 {
		// Racy: a same-size edit in the same second as the index write.
		f := d.files[d.rng.Intn(len(d.files))]
		if fi, err := os.Lstat(d.full(f)); err == nil && fi.Mode().IsRegular() {
			d.git("status", "--porcelain") // refreshes and writes the index
			data, err := os.ReadFile(d.full(f))
			require.NoError(d.t, err)
			fi, _ := os.Stat(d.full(f))
			require.NoError(d.t, os.WriteFile(d.full(f), flip(data), fi.Mode()))
			ops = append(ops, "racy same-size edit "+f)
		}
	}
	return ops
}

// flip changes the first byte of data, keeping the size.
func flip(data []byte) []byte {
	out := append([]byte(nil), data...)
	if len(out) == 0 {
		return []byte("x")
	}
	out[0] ^= 0x20
	return out
}

type dirtyOp struct {
	name  string
	apply func(d *dirtyState, f string) bool
}

var dirtyOps = []dirtyOp{
	{"edit", func(d *dirtyState, f string) bool {
		d.write(f, "edited "+f+"\n")
		return true
	}},
	{"same-size edit, mtime restored", func(d *dirtyState, f string) bool {
		fi, err := os.Lstat(d.full(f))
		if err != nil || !fi.Mode().IsRegular() {
			return false
		}
		data, err := os.ReadFile(d.full(f))
		require.NoError(d.t, err)
		require.NoError(d.t, os.WriteFile(d.full(f), flip(data), fi.Mode()))
		require.NoError(d.t, os.Chtimes(d.full(f), fi.ModTime(), fi.ModTime()))
		return true
	}},
	{"touch", func(d *dirtyState, f string) bool {
		now := time.Now()
		return os.Chtimes(d.full(f), now, now) == nil
	}},
	{"delete", func(d *dirtyState, f string) bool {
		return os.Remove(d.full(f)) == nil
	}},
	{"file to directory", func(d *dirtyState, f string) bool {
		if os.Remove(d.full(f)) != nil {
			return false
		}
		d.write(f+"/inner.txt", "inner")
		return true
	}},
	{"directory to symlink", func(d *dirtyState, f string) bool {
		dir := filepath.Dir(d.full(f))
		if dir == d.dir {
			return false
		}
		// The target holds the same names, so following the link finds them.
		target := dir + ".target"
		if os.Rename(dir, target) != nil {
			return false
		}
		require.NoError(d.t, os.Symlink(filepath.Base(target), dir))
		return true
	}},
	{"chmod", func(d *dirtyState, f string) bool {
		fi, err := os.Lstat(d.full(f))
		if err != nil || !fi.Mode().IsRegular() {
			return false
		}
		return os.Chmod(d.full(f), fi.Mode()^0o100) == nil
	}},
	{"file to symlink", func(d *dirtyState, f string) bool {
		if os.Remove(d.full(f)) != nil {
			return false
		}
		require.NoError(d.t, os.Symlink("elsewhere", d.full(f)))
		return true
	}},
	{"staged edit", func(d *dirtyState, f string) bool {
		if !d.reachable(f) {
			return false
		}
		d.write(f, "staged "+f+"\n")
		d.git("add", "--", f)
		return true
	}},
	{"staged edit, then edited again", func(d *dirtyState, f string) bool {
		if !d.reachable(f) {
			return false
		}
		d.write(f, "staged "+f+"\n")
		d.git("add", "--", f)
		d.write(f, "staged "+f+" and edited\n")
		return true
	}},
	{"staged deletion", func(d *dirtyState, f string) bool {
		if !d.reachable(f) {
			return false
		}
		d.git("rm", "-q", "--cached", "--", f)
		return true
	}},
}

// runGit runs git in dir with the test environment.
func runGit(t *testing.T, dir string, args ...string) {
	t.Helper()
	g := &gittest.Repo{T: t, Dir: dir}
	_, err := g.GitIn(dir, "", args...)
	require.NoError(t, err)
}
