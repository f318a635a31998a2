package infer_test

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/infer"
	"github.com/gatesel/gatesel/internal/golden"
)

// TestTestdata infers each small real repository under testdata/*/repo and
// compares each file under testdata/*/head (a later revision of a
// lockfile) with the repository's: testdata/*/want.txt holds both results.
func TestTestdata(t *testing.T) {
	dirs, err := filepath.Glob("testdata/*/repo")
	require.NoError(t, err)
	require.NotEmpty(t, dirs)
	for _, repo := range dirs {
		ex := filepath.Dir(repo)
		t.Run(filepath.Base(ex), func(t *testing.T) {
			res, err := infer.Infer(context.Background(), os.DirFS(repo), infer.Options{})
			require.NoError(t, err)
			var b strings.Builder
			b.WriteString(summary(res))
			fmt.Fprintf(&b, "manifests: %s\n", strings.Join(res.Manifests, " "))
			head := os.DirFS(filepath.Join(ex, "head"))
			var changed []string
			_ = fs.WalkDir(head, ".", func(p string, d fs.DirEntry, err error) error {
				if err == nil && !d.IsDir() {
					changed = append(changed, p)
				}
				return nil
			})
			slices.Sort(changed)
			for _, p := range changed {
				base, err := os.ReadFile(filepath.Join(repo, filepath.FromSlash(p)))
				require.NoError(t, err)
				after, err := fs.ReadFile(head, p)
				require.NoError(t, err)
				require.True(t, res.IsLockfile(p), p)
				c := res.CompareLock(p, base, after)
				fmt.Fprintf(&b, "%s: all=%v %s\n", p, c.All, c.Reason)
				for _, s := range slices.Sorted(mapKeys(c.Services)) {
					fmt.Fprintf(&b, "  %s: %s\n", s, c.Services[s])
				}
			}
			golden.Check(t, path.Join("testdata", filepath.Base(ex), "want.txt"), b.String())
		})
	}
}

func mapKeys(m map[string]string) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}
