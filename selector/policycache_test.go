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

	"github.com/gatesel/gatesel/internal/gittest"
)

// examplePolicyRepo is a repository of the example monorepo
// (examples/platform) on main, and a branch that edits one of its policy
// fragments and a service, so that both revisions' policies are loaded.
func examplePolicyRepo(t *testing.T) *gittest.Repo {
	t.Helper()
	files := map[string]string{}
	require.NoError(t, filepath.WalkDir("../examples/platform", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel("../examples/platform", p)
		files[filepath.ToSlash(rel)] = string(data)
		return err
	}))
	g := gittest.New(t)
	g.Commit("example", files)
	g.Git("checkout", "-q", "-b", "topic")
	frag := files["services/search/gates.yaml"]
	require.NotEmpty(t, frag)
	g.Commit("edit", map[string]string{
		"services/search/gates.yaml": frag + "\n# edited\n",
		"services/search/NOTES.md":   "notes\n",
	})
	return g
}

// TestPolicyCacheSamePlan: with the policy cache off, cold, warm, damaged,
// unwritable or turned off by the environment, select gives the same
// plan, byte for byte, with the same warnings; only the runs with the
// cache on write it, under the git directory.
func TestPolicyCacheSamePlan(t *testing.T) {
	ctx := context.Background()
	g := examplePolicyRepo(t)
	cache := filepath.Join(g.Dir, ".git", "gatesel", "policy-cache")
	plan := func(opt Options) string {
		t.Helper()
		opt.Dir, opt.Base = g.Dir, "main"
		p, err := Compute(ctx, opt)
		require.NoError(t, err)
		return string(p.SealedJSON()) + "\n" + strings.Join(p.Warnings, "\n")
	}
	want := plan(Options{NoPolicyCache: true})
	assert.Contains(t, want, "search")
	assert.NoDirExists(t, cache)

	assert.Equal(t, want, plan(Options{}), "cold")
	written, err := os.ReadDir(cache)
	require.NoError(t, err)
	assert.Len(t, written, 2, "the head's policy and the base's")
	assert.Equal(t, want, plan(Options{}), "warm")

	// the base's policy is read from its tree, and a hit reads none of
	// its files: warm, the plan is the same without their blobs
	var gone []string
	for _, name := range strings.Fields(g.Git("ls-tree", "-r", "--name-only", "main")) {
		if filepath.Base(name) == "gates.yaml" {
			h := g.Git("rev-parse", "main:"+name)
			gone = append(gone, filepath.Join(g.Dir, ".git", "objects", h[:2], h[2:]))
		}
	}
	require.Len(t, gone, 4, "gates.yaml and three fragments")
	saved := map[string][]byte{}
	for _, obj := range gone {
		data, err := os.ReadFile(obj)
		require.NoError(t, err)
		saved[obj] = data
		require.NoError(t, os.Remove(obj))
	}
	assert.Equal(t, want, plan(Options{}), "warm, the base's policy files gone from the object store")
	for obj, data := range saved {
		require.NoError(t, os.WriteFile(obj, data, 0o444))
	}

	for _, e := range written {
		p := filepath.Join(cache, e.Name())
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		data[len(data)/2] ^= 1
		require.NoError(t, os.WriteFile(p, data, 0o644))
	}
	assert.Equal(t, want, plan(Options{}), "damaged")
	assert.Equal(t, want, plan(Options{}), "rewritten")

	require.NoError(t, os.RemoveAll(cache))
	require.NoError(t, os.WriteFile(cache, []byte("in the way"), 0o644))
	assert.Equal(t, want, plan(Options{}), "unwritable")
	require.NoError(t, os.Remove(cache))

	t.Setenv(PolicyCacheEnv, "off")
	assert.Equal(t, want, plan(Options{}), "off")
	assert.NoFileExists(t, cache)
	assert.NoDirExists(t, cache)
}
