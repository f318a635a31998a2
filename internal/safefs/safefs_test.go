package safefs_test

import (
	"io/fs"
	"os"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/internal/safefs"
)

// TestReadFileWithoutReadLink: a file system that reports a link but
// cannot read it refuses it rather than guessing.
func TestReadFileWithoutReadLink(t *testing.T) {
	fsys := fstest.MapFS{
		"gates.yaml": {Data: []byte("version: 1\n")},
		"link.yaml":  {Data: []byte("../outside.yaml"), Mode: os.ModeSymlink},
		"in.yaml":    {Data: []byte("gates.yaml"), Mode: os.ModeSymlink},
	}
	data, err := safefs.ReadFile(fsys, "in.yaml", 100)
	require.NoError(t, err)
	assert.Equal(t, "version: 1\n", string(data))
	real, err := safefs.ResolveLinks(fsys, "in.yaml")
	require.NoError(t, err)
	assert.Equal(t, "gates.yaml", real)
	_, err = safefs.ReadFile(fsys, "link.yaml", 100)
	require.Error(t, err)
	assert.Equal(t, "read link.yaml: symbolic link link.yaml -> ../outside.yaml leaves the repository", err.Error())
	_, err = safefs.ReadFile(fsys, "gates.yaml", 5)
	require.Error(t, err)
	assert.Equal(t, "read gates.yaml: file is 11 bytes, more than the limit of 5", err.Error())
	_, err = safefs.ReadFile(noLinks{fsys}, "in.yaml", 100)
	require.Error(t, err)
	assert.Equal(t, "read in.yaml: in.yaml is a symbolic link that cannot be followed here: readlink in.yaml: invalid argument", err.Error())
	_, err = safefs.ReadFile(fsys, "../gates.yaml", 100)
	require.Error(t, err)
	assert.Equal(t, "read ../gates.yaml: not a clean path inside the repository: invalid argument", err.Error())
	assert.ErrorIs(t, err, fs.ErrInvalid)
}

// noLinks hides ReadLink (and Lstat): Stat still reports the link itself,
// as a git tree does.
type noLinks struct{ m fstest.MapFS }

func (n noLinks) Open(name string) (fs.File, error) { return n.m.Open(name) }
func (n noLinks) Stat(name string) (fs.FileInfo, error) {
	if f, ok := n.m[name]; ok && f.Mode&os.ModeSymlink != 0 {
		return n.m.Lstat(name)
	}
	return n.m.Stat(name)
}

// TestReadLinkedLinks is issue 12 item 4: every link on the way to a
// policy file is reported, a directory's too, so relinking any of them
// counts as a change to the policy.
func TestReadLinkedLinks(t *testing.T) {
	fsys := fstest.MapFS{
		"CODEOWNERS":          {Data: []byte("docs/owners/current"), Mode: os.ModeSymlink},
		"docs/owners/current": {Data: []byte("v1"), Mode: os.ModeSymlink},
		"docs/owners/v1":      {Data: []byte("* @a\n")},
		"teams":               {Data: []byte("teams-v1"), Mode: os.ModeSymlink},
		"teams-v1/sec.yaml":   {Data: []byte("x: 1\n")},
		"plain.yaml":          {Data: []byte("x: 1\n")},
	}
	for _, tc := range []struct {
		name, path    string
		links, policy []string
	}{
		{"a chain of file links", "CODEOWNERS", []string{"CODEOWNERS", "docs/owners/current"}, []string{"CODEOWNERS", "docs/owners/current", "docs/owners/v1"}},
		{"a directory link", "teams/sec.yaml", []string{"teams"}, []string{"teams/sec.yaml", "teams", "teams-v1/sec.yaml"}},
		{"no link", "plain.yaml", nil, []string{"plain.yaml"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, res, err := safefs.ReadLinked(fsys, tc.path, 100)
			require.NoError(t, err)
			assert.Equal(t, tc.links, res.Links)
			assert.Equal(t, tc.policy, res.Policy(tc.path))
		})
	}
}
