package synth_test

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/gatesel/gatesel/internal/golden"
	"github.com/gatesel/gatesel/internal/synth"
)

// TestGoldenRefs pins the commits of Small(): benchmarks compared across
// commits of gatesel must read the same repository. A deliberate change of the
// generator updates the file with -update.
func TestGoldenRefs(t *testing.T) {
	opt := synth.Small()
	opt.NoCheckout = true
	repo := generate(t, opt)
	got := gitOut(t, repo.Dir, "for-each-ref", "--format=%(objectname) %(refname)") + "\n"
	golden.Check(t, filepath.Join("testdata", "small.refs"), got)
}

// TestGenerateMinimal generates the smallest repository the options allow:
// one file per service, library and contract.
func TestGenerateMinimal(t *testing.T) {
	opt := synth.Options{Files: 71, Services: 50, Edges: 10, Rules: 10, History: 3, Diverge: 1, NoCheckout: true}
	repo := generate(t, opt)
	assert.Equal(t, 71, repo.Files)
	assert.Len(t, lines(gitOut(t, repo.Dir, "ls-tree", "-r", "--name-only", "main")), 71)
	assert.Len(t, lines(gitOut(t, repo.Dir, "diff", "--name-only", "--no-renames", "main...change-1")), 1)
	assert.Equal(t, "4", gitOut(t, repo.Dir, "rev-list", "--count", "main"))
}
