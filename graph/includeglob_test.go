package graph

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/stretchr/testify/require"
)

// TestGlobFilesMatchesDoublestar checks the fast path of include globs
// against doublestar on a tree of files, directories named like the file,
// links to files, to directories and to nothing, and unreadable places.
func TestGlobFilesMatchesDoublestar(t *testing.T) {
	dir := t.TempDir()
	write := func(name string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte("version: 1\n"), 0o644))
	}
	link := func(target, name string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.Symlink(target, p))
	}
	write("gates.yaml")
	write("services/a/gates.yaml")
	write("services/a/deep/gates.yaml")
	write("services/b/other.yaml")
	write("services/c/gates.yaml/inner.yaml") // a directory named gates.yaml
	write("services/d/Gates.yaml")
	write("services/e/x/y/gates.yaml")
	write("services/[x]/gates.yaml")
	write("services/f.yaml")
	link("../a", "services/linkdir")                 // a link to a directory: not descended
	link("../a/gates.yaml", "services/g/gates.yaml") // a link to a file: a file
	link("missing.yaml", "services/h/gates.yaml")    // a dangling link: listed too
	write("teams/t1/svc/gates.yaml")
	link("../services", "teams/t2")
	patterns := []string{
		"services/*/gates.yaml",
		"services/**/gates.yaml",
		"**/gates.yaml",
		"*/*/gates.yaml",
		"services/[a-c]/gates.yaml",
		"services/{a,b,c}/gates.yaml",
		"services/*/Gates.yaml",
		"services/*/x/*/gates.yaml",
		"teams/*/svc/gates.yaml",
		"teams/*/*/gates.yaml",
		"services/*/gates.yaml/inner.yaml",
		"services/*/missing.yaml",
		"nothing/*/gates.yaml",
		"services/*",
		"services/a/gates.yaml",
	}
	got, err := globFiles(os.DirFS(dir), "services/*/gates.yaml")
	require.NoError(t, err)
	slices.Sort(got)
	require.Equal(t, []string{"services/[x]/gates.yaml", "services/a/gates.yaml", "services/g/gates.yaml", "services/h/gates.yaml"}, got)
	for _, fsys := range []struct {
		name string
		fsys fs.FS
	}{
		{"dir", os.DirFS(dir)},
		{"map", fstest.MapFS{
			"services/a/gates.yaml":   {Data: []byte("x")},
			"services/b/gates.yaml":   {Data: []byte("x"), Mode: 0o644},
			"services/c/gates.yaml/x": {Data: []byte("x")},
			"services/l/gates.yaml":   {Data: []byte("../a/gates.yaml"), Mode: os.ModeSymlink},
			"services/m":              {Data: []byte("a"), Mode: os.ModeSymlink},
		}},
	} {
		for _, p := range patterns {
			want, err := doublestar.Glob(fsys.fsys, p, doublestar.WithFilesOnly(), doublestar.WithNoFollow())
			require.NoError(t, err)
			got, err := globFiles(fsys.fsys, p)
			require.NoError(t, err)
			slices.Sort(want)
			slices.Sort(got)
			require.Equal(t, want, got, "%s: %s", fsys.name, p)
		}
	}
}
