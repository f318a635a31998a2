package gitrepo

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/internal/gittest"
)

// TestRefNamesIsForEachRef compares RefNames with git for-each-ref over
// branches (nested, loose and packed, one in both), tags (light and
// annotated) and remote branches, with the namespace dropped.
func TestRefNamesIsForEachRef(t *testing.T) {
	g := gittest.New(t)
	g.Commit("root", map[string]string{"a": "1"})
	g.Git("tag", "v1.0")
	g.Git("tag", "-a", "-m", "release", "v1.1")
	g.Git("branch", "team/feature")
	g.Git("branch", "packed-then-loose")
	g.Git("update-ref", "refs/remotes/origin/main", "HEAD")
	g.Git("pack-refs", "--all")
	g.Commit("next", map[string]string{"a": "2"})
	g.Git("branch", "-f", "packed-then-loose") // loose now, packed still
	g.Git("branch", "loose")
	g.Git("update-ref", "refs/remotes/upstream/dev", "HEAD")
	g.Git("update-ref", "refs/notes/commits", "HEAD") // not a revision people pass
	// files git would not take for refs: never offered to a shell
	head := strings.TrimSpace(g.Git("rev-parse", "HEAD")) + "\n"
	for _, name := range []string{"evil\nname", "two words", "x.lock", "bell\a"} {
		require.NoError(t, os.WriteFile(filepath.Join(g.Dir, ".git", "refs", "heads", name), []byte(head), 0o644))
	}

	var want []string
	for _, ref := range strings.Fields(g.Git("for-each-ref", "--format=%(refname)", "refs/heads", "refs/tags", "refs/remotes")) {
		for _, ns := range refNamespaces {
			if name, ok := strings.CutPrefix(ref, ns); ok {
				want = append(want, name)
			}
		}
	}
	slices.Sort(want)
	want = slices.Compact(want)
	r := gitOpen(g)
	got, err := r.RefNames(context.Background())
	require.NoError(t, err)
	assert.Equal(t, want, got)
	assert.Equal(t, []string{"loose", "main", "origin/main", "packed-then-loose", "team/feature", "upstream/dev", "v1.0", "v1.1"}, got)
}
