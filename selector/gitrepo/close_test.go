package gitrepo_test

import (
	"context"
	"os/exec"
	"strings"
	"testing"

	"github.com/gatesel/gatesel/internal/gittest"
	"github.com/gatesel/gatesel/selector/gitrepo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestClose: Close releases the packs and commit-graph, twice is safe,
// and a read after it is an error, never a crash on unmapped memory.
func TestClose(t *testing.T) {
	g := gittest.PackedHistory(t)
	g.Git("repack", "-a", "-d", "-q")
	g.Git("commit-graph", "write", "--reachable")
	ctx := context.Background()
	r, err := gitrepo.Open(ctx, g.Dir)
	require.NoError(t, err)
	d, err := r.Diff(ctx, "HEAD~3", "HEAD")
	require.NoError(t, err)
	require.NotEmpty(t, d.Changes)
	fsys, err := r.TreeFS(ctx, d.Head.Commit)
	require.NoError(t, err)

	require.NoError(t, r.Close())
	require.NoError(t, r.Close())
	_, err = r.Diff(ctx, "HEAD~5", "HEAD")
	assert.ErrorContains(t, err, "repository closed")
	_, err = fsys.Open("svc/d1/f1.txt")
	assert.ErrorContains(t, err, "repository closed")
}

// TestOnlyODBImportsGoGit: of the module's non-test packages, only the
// object database imports go-git, and none imports the test helpers.
func TestOnlyODBImportsGoGit(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", "github.com/gatesel/gatesel/...").Output()
	require.NoError(t, err)
	var importers, helpers []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, imports, _ := strings.Cut(line, " ")
		if strings.Contains(imports, "github.com/go-git/") {
			importers = append(importers, pkg)
		}
		for _, imp := range strings.Fields(imports) {
			if imp == "github.com/gatesel/gatesel/internal/gittest" || imp == "github.com/gatesel/gatesel/selector/internal/policytest" {
				helpers = append(helpers, pkg+" imports "+imp)
			}
		}
	}
	assert.Equal(t, []string{"github.com/gatesel/gatesel/selector/gitrepo/internal/odb"}, importers)
	assert.Empty(t, helpers, "test helpers imported by non-test code")
}
