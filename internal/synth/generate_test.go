package synth_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/internal/synth"
)

// gitOut runs git in dir and returns its trimmed output.
func gitOut(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null")
	out, err := cmd.Output()
	if ee, ok := err.(*exec.ExitError); ok {
		t.Fatalf("git %s: %v: %s", strings.Join(args, " "), err, ee.Stderr)
	}
	require.NoError(t, err)
	return strings.TrimSpace(string(out))
}

func lines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

func generate(t *testing.T, opt synth.Options) *synth.Repo {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "mono")
	repo, err := synth.Generate(context.Background(), dir, opt)
	require.NoError(t, err)
	return repo
}

// statusCounts counts the A, D and M lines of git diff --name-status.
func statusCounts(t *testing.T, dir, base, head string) map[string]int {
	t.Helper()
	counts := map[string]int{}
	for _, l := range lines(gitOut(t, dir, "diff", "--name-status", "--no-renames", base+"..."+head)) {
		counts[l[:1]]++
	}
	return counts
}

func TestGenerateSmall(t *testing.T) {
	opt := synth.Small()
	repo := generate(t, opt)

	assert.Equal(t, "main", repo.Main)
	assert.Equal(t, 50, repo.Services)
	assert.Equal(t, 2000, repo.Files)
	assert.Equal(t, map[string][2]string{
		"change-1":   {"main", "change-1"},
		"change-100": {"main", "change-100"},
		"diverged":   {"main", "diverged"},
	}, repo.Pairs)

	gitOut(t, repo.Dir, "fsck", "--strict", "--no-progress")
	assert.Equal(t, "refs/heads/main", gitOut(t, repo.Dir, "symbolic-ref", "HEAD"))
	assert.Len(t, lines(gitOut(t, repo.Dir, "ls-tree", "-r", "--name-only", "main")), 2000)
	assert.Len(t, lines(gitOut(t, repo.Dir, "ls-files")), 2000, "main is checked out")
	assert.Empty(t, gitOut(t, repo.Dir, "status", "--porcelain"))

	// Exactly N files change between the merge base and each change-N tip.
	assert.Len(t, lines(gitOut(t, repo.Dir, "diff", "--name-only", "--no-renames", "main...change-1")), 1)
	assert.Len(t, lines(gitOut(t, repo.Dir, "diff", "--name-only", "--no-renames", "main...change-100")), 100)
	assert.Equal(t, map[string]int{"M": 1}, statusCounts(t, repo.Dir, "main", "change-1"))
	assert.Equal(t, map[string]int{"A": 2, "D": 1, "M": 97}, statusCounts(t, repo.Dir, "main", "change-100"))
	assert.Equal(t, gitOut(t, repo.Dir, "rev-parse", "main"), gitOut(t, repo.Dir, "merge-base", "main", "change-100"))

	// History: History+Diverge commits on main, Diverge more on diverged.
	assert.Equal(t, strconv.Itoa(opt.History+opt.Diverge), gitOut(t, repo.Dir, "rev-list", "--count", "main"))
	assert.Equal(t, strconv.Itoa(opt.Diverge), gitOut(t, repo.Dir, "rev-list", "--count", "main..diverged"))
	assert.Equal(t, strconv.Itoa(opt.Diverge), gitOut(t, repo.Dir, "rev-list", "--count", "diverged..main"))
	assert.Equal(t, "4", gitOut(t, repo.Dir, "rev-list", "--count", "main..change-100"))

	// Dates increase along main, so the commit-graph generations look real.
	dates := lines(gitOut(t, repo.Dir, "log", "--format=%ct", "--first-parent", "main"))
	for i := 1; i < len(dates); i++ {
		newer, _ := strconv.Atoi(dates[i-1])
		older, _ := strconv.Atoi(dates[i])
		require.Greater(t, newer, older, "commit %d of main", i)
	}

	// The layout of a clone: one pack, a commit-graph, no loose objects.
	packs, err := filepath.Glob(filepath.Join(repo.Dir, ".git/objects/pack/*.pack"))
	require.NoError(t, err)
	assert.Len(t, packs, 1)
	assert.FileExists(t, filepath.Join(repo.Dir, ".git/objects/info/commit-graph"))
	assert.Contains(t, gitOut(t, repo.Dir, "count-objects", "-v"), "count: 0\n")
}

func TestGenerateMediumChangeSizes(t *testing.T) {
	opt := synth.Medium()
	opt.NoCheckout = true
	repo := generate(t, opt)

	assert.Equal(t, 20000, repo.Files)
	assert.Equal(t, map[string][2]string{
		"change-1":     {"main", "change-1"},
		"change-100":   {"main", "change-100"},
		"change-10000": {"main", "change-10000"},
		"diverged":     {"main", "diverged"},
	}, repo.Pairs)
	assert.Len(t, lines(gitOut(t, repo.Dir, "ls-tree", "-r", "--name-only", "main")), 20000)
	assert.Empty(t, gitOut(t, repo.Dir, "ls-files"), "NoCheckout leaves the index empty")
	for _, n := range []int{1, 100, 10000} {
		changed := lines(gitOut(t, repo.Dir, "diff", "--name-only", "--no-renames", "main...change-"+strconv.Itoa(n)))
		assert.Len(t, changed, n, "change-%d", n)
	}
	assert.Equal(t, map[string]int{"A": 200, "D": 100, "M": 9700}, statusCounts(t, repo.Dir, "main", "change-10000"))

	// The changes are spread: most services, some contracts and docs.
	top := map[string]bool{}
	var api, docs int
	for _, p := range lines(gitOut(t, repo.Dir, "diff", "--name-only", "--no-renames", "main...change-10000")) {
		seg := strings.SplitN(p, "/", 3)
		top[seg[0]+"/"+seg[1]] = true
		switch seg[0] {
		case "api":
			api++
		case "docs":
			docs++
		}
	}
	assert.Greater(t, len(top), 180, "directories touched by change-10000")
	assert.Greater(t, api, 100)
	assert.Greater(t, docs, 100)
}

func TestGenerateDeterministic(t *testing.T) {
	opt := synth.Small()
	opt.NoCheckout = true
	refs := func(opt synth.Options) string {
		repo := generate(t, opt)
		return gitOut(t, repo.Dir, "for-each-ref", "--format=%(objectname) %(refname)")
	}
	first := refs(opt)
	assert.Equal(t, first, refs(opt), "same seed, same commits")
	require.Len(t, lines(first), 4)

	opt.Seed++
	other := refs(opt)
	for i, l := range lines(other) {
		assert.NotEqual(t, lines(first)[i], l, "another seed, other commits")
	}
}

func TestGenerateNonEmptyDir(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "x"), nil, 0o644))
	_, err := synth.Generate(context.Background(), dir, synth.Small())
	require.Error(t, err)
	assert.Equal(t, "synth: "+dir+" is not empty", err.Error())
}

func TestGenerateCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := synth.Generate(ctx, filepath.Join(t.TempDir(), "mono"), synth.Small())
	require.Error(t, err)
	assert.ErrorIs(t, err, context.Canceled)
}

var badOptions = []struct {
	name string
	opt  synth.Options
	want string
}{
	{
		name: "negative",
		opt:  synth.Options{Files: -1, History: -2},
		want: "synth: files must not be negative, got -1\nhistory must not be negative, got -2",
	},
	{
		name: "too few files",
		opt:  synth.Options{Files: 70, Services: 50, Edges: 10, Rules: 10},
		want: "synth: files: 50 services and 5 contracts need at least 71 files, got 70",
	},
	{
		name: "too many rules and edges",
		opt:  synth.Options{Files: 1000, Services: 10, Edges: 500, Rules: 600},
		want: "synth: rules: 600 is more than half of the 1000 files\nedges: 498 depends_on edges need more than 10 services (at most 22)",
	},
	{
		name: "too many fragments",
		opt:  synth.Options{Files: 1000, Services: 10, Edges: 5, Rules: 10, Fragments: 6},
		want: "synth: fragments: 6 is more than half of 10 services",
	},
}

func TestGenerateBadOptions(t *testing.T) {
	for _, tt := range badOptions {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "mono")
			_, err := synth.Generate(context.Background(), dir, tt.opt)
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())
			assert.NoDirExists(t, dir, "nothing is written for bad options")
		})
	}
}

func BenchmarkGenerate(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		dir := filepath.Join(b.TempDir(), "mono")
		if _, err := synth.Generate(context.Background(), dir, synth.Small()); err != nil {
			b.Fatal(err)
		}
	}
}
