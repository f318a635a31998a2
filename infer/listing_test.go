package infer_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/infer"
)

// listFS is a directory with a listing of its files, as the selector
// gives the work tree with its git index.
type listFS struct {
	fs.FS
	files []string
}

func (l listFS) ListFiles(context.Context) ([]string, error) { return l.files, nil }
func (l listFS) Lstat(name string) (fs.FileInfo, error)      { return fs.Lstat(l.FS, name) }
func (l listFS) ReadLink(name string) (string, error)        { return fs.ReadLink(l.FS, name) }

// osListFS is a listFS that names its directory: on Linux its manifests
// are read with openat2.
type osListFS struct {
	listFS
	dir string
}

func (l osListFS) OSDir() string { return l.dir }

// listings are both kinds of ListFS over dir.
func listings(dir string, files []string) map[string]infer.ListFS {
	return map[string]infer.ListFS{"lstat": listFS{os.DirFS(dir), files}, "openat2": osListFS{listFS{os.DirFS(dir), files}, dir}}
}

// everyFile lists every file below dir, links included, as git's index
// would (it tracks links as blobs).
func everyFile(t testing.TB, dir string) []string {
	t.Helper()
	var out []string
	require.NoError(t, fs.WalkDir(os.DirFS(dir), ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			out = append(out, p)
		}
		return err
	}))
	return out
}

// TestListingAgreesWithWalk: inference over a listing of every file finds
// what the walk of the tree (and the member globs) find, for every case of
// TestInfer and every repository under testdata.
func TestListingAgreesWithWalk(t *testing.T) {
	dirs, err := filepath.Glob("testdata/*/repo")
	require.NoError(t, err)
	for _, tt := range inferTests {
		dirs = append(dirs, writeTree(t, tt.files))
	}
	for _, dir := range dirs {
		walked, errW := infer.Infer(context.Background(), os.DirFS(dir), infer.Options{})
		for kind, l := range listings(dir, everyFile(t, dir)) {
			listed, errL := infer.Infer(context.Background(), l, infer.Options{})
			if errW != nil {
				require.Error(t, errL, dir)
				assert.Equal(t, errW.Error(), errL.Error(), kind, dir)
				continue
			}
			require.NoError(t, errL, kind, dir)
			assert.Equal(t, summary(walked), summary(listed), kind, dir)
			assert.Equal(t, walked.Manifests, listed.Manifests, kind, dir)
			assert.Equal(t, walked.Roots, listed.Roots, kind, dir)
		}
	}
}

// TestListingSkipsWhatAWalkSkips: a listed manifest deleted from the work
// tree, one that became a link, one below a directory that became a link,
// and one under node_modules or a hidden directory are not read; a
// manifest the listing lacks (untracked) is not read either.
func TestListingSkipsWhatAWalkSkips(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"package.json":               `{"workspaces": ["packages/*"]}`,
		"a/go.mod":                   "module example.com/a\n\nrequire example.com/b v0.0.0\n",
		"b/go.mod":                   "module example.com/b\n",
		"real/go.mod":                "module example.com/real\n",
		"untracked/go.mod":           "module example.com/untracked\n",
		"node_modules/x/go.mod":      "module example.com/nm\n",
		".hidden/go.mod":             "module example.com/hidden\n",
		"packages/p/package.json":    `{"name": "p"}`,
		"packages/q/package.json":    `{"name": "q", "dependencies": {"p": "*"}}`,
		"packages/gone/package.json": `{"name": "gone"}`,
	})
	require.NoError(t, os.Remove(filepath.Join(dir, "packages", "gone", "package.json")))
	require.NoError(t, os.Mkdir(filepath.Join(dir, "linkmod"), 0o755))
	require.NoError(t, os.Symlink("../b/go.mod", filepath.Join(dir, "linkmod", "go.mod")))
	require.NoError(t, os.Symlink("real", filepath.Join(dir, "linkdir")))
	listing := []string{
		"package.json", "a/go.mod", "b/go.mod", "real/go.mod", "node_modules/x/go.mod", ".hidden/go.mod",
		"packages/p/package.json", "packages/q/package.json", "packages/gone/package.json",
		"linkmod/go.mod", "linkdir/go.mod", "a/go.mod", // a link, a file below a link, a duplicate (conflict stages)
	}
	for kind, l := range listings(dir, listing) {
		res, err := infer.Infer(context.Background(), l, infer.Options{})
		require.NoError(t, err, kind)
		assert.Equal(t, "a go a a/go.mod example.com/a -> b@a/go.mod:3:1\n"+
			"b go b b/go.mod example.com/b ->\n"+
			"p npm packages/p packages/p/package.json p ->\n"+
			"q npm packages/q packages/q/package.json q -> p@packages/q/package.json:1\n"+
			"real go real real/go.mod example.com/real ->\n", summary(res), kind)
		assert.Equal(t, []string{"a/go.mod", "b/go.mod", "package.json", "packages/p/package.json", "packages/q/package.json", "real/go.mod"}, res.Manifests, kind)
	}
}
