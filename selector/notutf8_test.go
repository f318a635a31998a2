package selector

import (
	"context"
	"testing"

	"github.com/gatesel/gatesel/selector/gitrepo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNotUTF8Path: a changed file whose name is not UTF-8 (Latin-1, as
// old repositories hold) is selected on its bytes, and the plan warns that
// its JSON cannot name it: JSON writes each invalid byte as U+FFFD.
func TestNotUTF8Path(t *testing.T) {
	g := relRepo(t)
	g.Commit("latin-1", map[string]string{"svc/a/caf\xe9.go": "package a\n"})
	p, err := Compute(context.Background(), Options{Dir: g.Dir, Base: "main"})
	require.NoError(t, err)
	require.Len(t, p.Changes, 2)
	assert.Equal(t, "svc/a/caf\xe9.go", p.Changes[1].Path)
	assert.Equal(t, []string{"domain:team", "service:a"}, p.Changes[1].Claims, "claimed on its bytes")
	assert.Equal(t, []string{`changed path "svc/a/caf\xe9.go" is not UTF-8: the JSON plan writes each of its invalid bytes as U+FFFD`}, p.Warnings)
	out := string(p.SealedJSON())
	assert.Contains(t, out, `"path":"svc/a/caf\ufffd.go"`)
	assert.Contains(t, out, `"warnings":["changed path \"svc/a/caf\\xe9.go\" is not UTF-8`)

	// a rename from a name that is not UTF-8 (--files name-status lines)
	p, err = Compute(context.Background(), Options{Dir: g.Dir, Base: "main", Changes: []gitrepo.Change{
		{Path: "svc/a/cafe.go", OldPath: "svc/a/caf\xe9.go", Status: gitrepo.Renamed},
	}})
	require.NoError(t, err)
	assert.Equal(t, []string{`renamed path "svc/a/caf\xe9.go" is not UTF-8: the JSON plan writes each of its invalid bytes as U+FFFD`}, p.Warnings)

	g.Git("checkout", "-q", "main")
	p, err = Compute(context.Background(), Options{Dir: g.Dir, Base: "main"})
	require.NoError(t, err)
	assert.Empty(t, p.Warnings, "UTF-8 names: no warning")
}
