package gitrepo_test

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gatesel/gatesel/internal/gittest"
	"github.com/gatesel/gatesel/selector/gitrepo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestResolve(t *testing.T) {
	g := gittest.New(t)
	c1 := g.Commit("one", map[string]string{"a.txt": "1"})
	c2 := g.Commit("two", map[string]string{"a.txt": "2"})
	c3 := g.Commit("three", map[string]string{"a.txt": "3"})
	g.Git("tag", "light", c2)
	g.Git("tag", "-a", "-m", "annotated", "v1.0", c1)
	g.Git("branch", "feature", c2)
	g.Git("remote", "add", "origin", "https://example.com/repo.git")
	g.Git("update-ref", "refs/remotes/origin/main", c1)
	r := gitOpen(g)
	ctx := context.Background()

	for _, tt := range []struct{ name, rev, want string }{
		{"head", "HEAD", c3},
		{"branch", "main", c3},
		{"other branch", "feature", c2},
		{"remote branch", "origin/main", c1},
		{"tag", "light", c2},
		{"annotated tag", "v1.0", c1},
		{"tilde", "HEAD~2", c1},
		{"caret", "main^", c2},
		{"full hash", c2, c2},
		{"short hash", c2[:8], c2},
		{"peeled", "v1.0^{commit}", c1},
		{"at", "@~1", c2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := r.Resolve(ctx, tt.rev)
			require.NoError(t, err)
			assert.Equal(t, gitrepo.Revision{Rev: tt.rev, Commit: tt.want}, got)
		})
	}

	for _, tt := range []struct{ name, rev, want string }{
		{"unknown branch", "nope", "resolve revision nope: revision not found (fix: git fetch origin nope:nope)"},
		{"unknown remote branch", "origin/gone", "resolve revision origin/gone: revision not found (fix: git fetch origin gone)"},
		{"beyond the root", "HEAD~5", "resolve revision HEAD~5: revision not found (fix: git fetch origin HEAD:HEAD)"},
		{"unknown hash", "0123456789abcdef0123456789abcdef01234567", "resolve revision 0123456789abcdef0123456789abcdef01234567: revision not found (fix: git fetch origin 0123456789abcdef0123456789abcdef01234567)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := r.Resolve(ctx, tt.rev)
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())
			assert.ErrorIs(t, err, gitrepo.ErrNoBase)
			var he *gitrepo.HistoryError
			require.True(t, errors.As(err, &he))
			assert.True(t, he.MissingHistory())
			assert.Equal(t, tt.rev, he.Rev)
			assert.Equal(t, gitrepo.NotFound, he.Problem)
			assert.Equal(t, gitrepo.RoleRevision, he.Role)
		})
	}
}

// TestResolveSyntax: syntax gatesel does not read is an error that says
// so, never a revision resolved from part of it, and not missing history.
func TestResolveSyntax(t *testing.T) {
	g := gittest.New(t)
	g.Commit("one", map[string]string{"a.txt": "1"})
	r := gitOpen(g)
	for rev, want := range map[string]string{
		"":         `resolve head revision "": unsupported revision syntax (fix: git rev-parse '')`,
		"~1":       `resolve head revision "~1": unsupported revision syntax (fix: git rev-parse ~1)`,
		"main@{1}": `resolve head revision "main@{1}": unsupported revision syntax (fix: git rev-parse 'main@{1}')`,
		"HEAD:a b": `resolve head revision "HEAD:a b": unsupported revision syntax (fix: git rev-parse 'HEAD:a b')`,
		"it's@{1}": `resolve head revision "it's@{1}": unsupported revision syntax (fix: git rev-parse 'it'\''s@{1}')`,
	} {
		_, err := r.ResolveAs(context.Background(), rev, gitrepo.RoleHead)
		require.Error(t, err, rev)
		assert.Equal(t, want, err.Error())
		var he *gitrepo.HistoryError
		require.True(t, errors.As(err, &he))
		assert.False(t, he.MissingHistory(), rev)
		assert.Equal(t, gitrepo.BadSyntax, he.Problem, rev)
		assert.Equal(t, gitrepo.RoleHead, he.Role, rev)
	}
}

func TestDefaultBase(t *testing.T) {
	ctx := context.Background()
	g := gittest.New(t)
	c1 := g.Commit("one", map[string]string{"a": "1"})
	r := gitOpen(g)
	got, err := r.DefaultBase(ctx, "release")
	require.NoError(t, err)
	assert.Equal(t, "release", got, "the configured base is used as is")
	got, err = r.DefaultBase(ctx, "")
	require.NoError(t, err)
	assert.Equal(t, "main", got)

	g.Git("update-ref", "refs/remotes/origin/main", c1)
	got, err = r.DefaultBase(ctx, "")
	require.NoError(t, err)
	assert.Equal(t, "origin/main", got)

	g.Git("update-ref", "refs/remotes/origin/trunk", c1)
	g.Git("symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/trunk")
	got, err = r.DefaultBase(ctx, "")
	require.NoError(t, err)
	assert.Equal(t, "origin/trunk", got)

	empty := gittest.New(t)
	empty.Git("checkout", "-q", "-b", "dev")
	empty.Commit("one", nil)
	_, err = gitOpen(empty).DefaultBase(ctx, "")
	require.Error(t, err)
	assert.Equal(t, "find the default base revision: none of origin/HEAD, origin/main, main resolves: revision not found (fix: git fetch origin main)", err.Error())
	assert.ErrorIs(t, err, gitrepo.ErrNoBase)
	var he *gitrepo.HistoryError
	require.ErrorAs(t, err, &he)
	assert.Equal(t, gitrepo.NoDefaultBase, he.Problem)
	assert.Equal(t, []string{"git fetch origin main"}, he.Commands)
}

func TestOpenRepo(t *testing.T) {
	ctx := context.Background()
	g := gittest.New(t)
	g.Commit("one", map[string]string{"sub/dir/a.txt": "a", "b.txt": "b"})

	t.Run("from a subdirectory", func(t *testing.T) {
		r, err := gitrepo.Open(ctx, filepath.Join(g.Dir, "sub", "dir"))
		require.NoError(t, err)
		assert.Equal(t, g.Dir, r.Root())
		files, err := r.Tracked(ctx)
		require.NoError(t, err)
		assert.Equal(t, []string{"b.txt", "sub/dir/a.txt"}, files)
	})
	t.Run("not a repository", func(t *testing.T) {
		dir := t.TempDir()
		_, err := gitrepo.Open(ctx, dir)
		require.Error(t, err)
		assert.Equal(t, "open repository "+dir+": not a git repository (nor any of its parents)", err.Error())
	})
	t.Run("bare", func(t *testing.T) {
		bare := filepath.Join(t.TempDir(), "bare.git")
		g.Git("clone", "-q", "--bare", g.Dir, bare)
		r, err := gitrepo.Open(ctx, bare)
		require.NoError(t, err)
		assert.Equal(t, "", r.Root())
		files, err := r.Tracked(ctx)
		require.NoError(t, err)
		assert.Equal(t, []string{"b.txt", "sub/dir/a.txt"}, files)
		d, err := r.Diff(ctx, "main~0", "main")
		require.NoError(t, err)
		assert.Empty(t, d.Changes)
	})
	t.Run("unsupported extension", func(t *testing.T) {
		x := gittest.New(t)
		x.Commit("one", nil)
		x.Git("config", "core.repositoryformatversion", "1")
		x.Git("config", "extensions.frobnicate", "true")
		_, err := gitrepo.Open(ctx, x.Dir)
		require.Error(t, err)
		assert.Equal(t, "open repository "+x.Dir+": gatesel cannot read this repository (unknown repository extension found: frobnicate)", err.Error())
		var ue *gitrepo.UnreadableError
		require.ErrorAs(t, err, &ue)
		assert.Equal(t, x.Dir, ue.Dir)
		assert.False(t, ue.Replace)
	})
	// The format check refuses what git refuses (git rev-parse HEAD in
	// the same repository), with its words (odb's TestFormatIsGits has
	// every case): partialClone and preciousObjects are read in format 0
	// and 1, an unknown extension is ignored in 0; worktreeConfig, which
	// git reads, is refused (TestSparseCheckoutRefused).
	for _, cfg := range [][]string{
		{"0"}, {"1"}, {"2"}, {"0", "noop"}, {"1", "noop-v1"}, {"0", "noop-v1"}, {"0", "partialClone"}, {"0", "frobnicate"},
		{"1", "partialClone"}, {"0", "worktreeConfig"}, {"1", "worktreeConfig"}, {"1", "noop", "refStorage"}, {"0", "preciousObjects"}, {"1", "preciousObjects"},
	} {
		t.Run("format "+strings.Join(cfg, " "), func(t *testing.T) {
			x := gittest.New(t)
			x.Commit("one", nil)
			for _, ext := range cfg[1:] {
				x.Git("config", "-f", ".git/config", "extensions."+ext, "true")
			}
			x.Git("config", "-f", ".git/config", "core.repositoryformatversion", cfg[0])
			_, want := x.GitErr("rev-parse", "HEAD")
			_, err := gitrepo.Open(ctx, x.Dir)
			if want == nil && slices.Contains(cfg, "worktreeConfig") {
				assert.ErrorContains(t, err, "extensions.worktreeConfig is set (git sparse-checkout sets it)", "refused, though git reads it")
				return
			}
			if want == nil {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			var ue *gitrepo.UnreadableError
			require.ErrorAs(t, err, &ue)
			_, words, _ := strings.Cut(want.Error(), "fatal: ")
			words = strings.ReplaceAll(strings.ReplaceAll(strings.TrimSpace(words), ":\n\t", ": "), "Expected", "expected")
			assert.Contains(t, err.Error(), "("+words+")")
		})
	}
}

// TestSparseCheckoutRefused: git sparse-checkout sets
// extensions.worktreeConfig, which Open refuses by name (git reads it):
// read from the sparse work tree, the policy would miss the fragments of
// the directories left out, and their services' gates.
func TestSparseCheckoutRefused(t *testing.T) {
	g := gittest.New(t)
	g.Commit("one", map[string]string{"near/a.txt": "a", "far/b.txt": "b"})
	g.Git("sparse-checkout", "set", "near")
	_, err := g.GitErr("rev-parse", "HEAD")
	require.NoError(t, err, "git reads the repository")
	_, err = gitrepo.Open(context.Background(), g.Dir)
	var ue *gitrepo.UnreadableError
	require.ErrorAs(t, err, &ue)
	assert.Contains(t, err.Error(), "(extensions.worktreeConfig is set (git sparse-checkout sets it): a sparse work tree lacks the policy files of the directories it leaves out, which gatesel would read as absent)")
}
