package selector

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/graph"
	"github.com/gatesel/gatesel/internal/gittest"
	"github.com/gatesel/gatesel/internal/safefs"
)

// TestTreeFSLinks: a policy file that is a symbolic link in a commit is
// followed inside the tree and refused when it leaves it, as in the work
// tree.
func TestTreeFSLinks(t *testing.T) {
	ctx := context.Background()
	g := gittest.New(t)
	g.Write(map[string]string{"common/b.yaml": relFragment, "gates.yaml": relGates, "svc/a/a.go": "package a\n"})
	require.NoError(t, os.MkdirAll(filepath.Join(g.Dir, "svc/b"), 0o755))
	require.NoError(t, os.Symlink("../../common/b.yaml", filepath.Join(g.Dir, "svc/b/gates.yaml")))
	require.NoError(t, os.Symlink("../outside", filepath.Join(g.Dir, "escape")))
	commit := g.Commit("links", nil)
	fsys, err := gitOpen(g).TreeFS(ctx, commit)
	require.NoError(t, err)

	target, err := fs.ReadLink(fsys, "svc/b/gates.yaml")
	require.NoError(t, err)
	assert.Equal(t, "../../common/b.yaml", target)
	st, err := fs.Lstat(fsys, "svc/b/gates.yaml")
	require.NoError(t, err)
	assert.Equal(t, fs.ModeSymlink, st.Mode().Type())
	_, err = fs.ReadLink(fsys, "gates.yaml")
	require.Error(t, err)
	assert.Equal(t, "readlink gates.yaml: invalid argument", err.Error())

	data, err := safefs.ReadFile(fsys, "svc/b/gates.yaml", 1<<20)
	require.NoError(t, err)
	assert.Equal(t, relFragment, string(data))
	_, err = safefs.ReadFile(fsys, "escape", 1<<20)
	require.Error(t, err)
	assert.Equal(t, "read escape: symbolic link escape -> ../outside leaves the repository", err.Error())

	pol, _, err := graph.Load(fsys, "gates.yaml")
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "b"}, pol.ServiceNames())

	// the base policy of a change that edits it is read through the links
	g.Git("checkout", "-q", "-b", "topic")
	g.Commit("drop b's gates", map[string]string{"common/b.yaml": strings.Replace(relFragment, "[unit]", "[]", 1), "svc/b/x.go": "package b\n"})
	p, err := Compute(ctx, Options{Dir: g.Dir, Base: "main"})
	require.NoError(t, err)
	assert.Contains(t, ids(p), "unit:b", "editing the target of a linked fragment edits the policy")

	// the same for a CODEOWNERS file that is a link: moving svc/ away from
	// @team in the target keeps the domain gate
	g.Git("checkout", "-q", "main")
	g.Write(map[string]string{"owners/CODEOWNERS": "/svc/ @team\n"})
	require.NoError(t, os.MkdirAll(filepath.Join(g.Dir, ".github"), 0o755))
	require.NoError(t, os.Symlink("../owners/CODEOWNERS", filepath.Join(g.Dir, ".github/CODEOWNERS")))
	g.Commit("linked CODEOWNERS", nil)
	g.Git("checkout", "-q", "-b", "owners")
	g.Commit("leave the team", map[string]string{"owners/CODEOWNERS": "/svc/ @other\n", "svc/a/a.go": "package a // changed\n"})
	p, err = Compute(ctx, Options{Dir: g.Dir, Base: "main"})
	require.NoError(t, err)
	assert.Contains(t, ids(p), "lint:team", "editing the target of a linked CODEOWNERS edits the policy")
	p, err = Compute(ctx, Options{Dir: g.Dir, Base: "main", Policy: PolicyHead})
	require.NoError(t, err)
	assert.NotContains(t, ids(p), "lint:team")
}

// TestSparseCheckoutHeadPolicy: a sparse checkout made with
// core.sparseCheckout alone (no worktreeConfig extension, which Open
// refuses) leaves svc/b/gates.yaml out of the work tree. Read from there,
// the policy would lack service b and a change to svc/b would plan no
// unit:b; the head policy is read from HEAD's commit instead, with a
// warning.
func TestSparseCheckoutHeadPolicy(t *testing.T) {
	ctx := context.Background()
	g := relRepo(t)
	g.Commit("change b", map[string]string{"svc/b/b.go": "package b // changed\n"})
	g.Git("config", "core.sparseCheckout", "true")
	require.NoError(t, os.WriteFile(filepath.Join(g.Dir, ".git/info/sparse-checkout"), []byte("/*\n!/svc/b/\n"), 0o644))
	g.Git("read-tree", "-mu", "HEAD")
	_, err := os.Stat(filepath.Join(g.Dir, "svc/b/gates.yaml"))
	require.ErrorIs(t, err, fs.ErrNotExist, "git left svc/b out of the work tree")

	for _, head := range []string{"", "HEAD"} {
		p, err := Compute(ctx, Options{Dir: g.Dir, Base: "main", Head: head})
		require.NoError(t, err)
		assert.Contains(t, ids(p), "unit:b", "head %q: service b's fragment is in HEAD's commit", head)
		assert.Contains(t, p.Warnings, "the work tree is a sparse checkout (core.sparseCheckout): the head policy is read from HEAD's commit, not the work tree, so edits of the policy in the work tree are not read")
	}
}
