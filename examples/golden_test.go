package examples_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/internal/golden"
	"github.com/gatesel/gatesel/selector"
	"github.com/gatesel/gatesel/selector/render"
)

// TestPlatformGolden computes the plan of every sample change list of the
// example policy, as `gatesel select -C platform --files …` does, and
// compares each format with its golden file.
func TestPlatformGolden(t *testing.T) {
	lists, err := filepath.Glob("platform/changes/*.txt")
	require.NoError(t, err)
	require.NotEmpty(t, lists)
	for _, list := range lists {
		name := strings.TrimSuffix(filepath.Base(list), ".txt")
		t.Run(name, func(t *testing.T) {
			f, err := os.Open(list)
			require.NoError(t, err)
			defer f.Close()
			changes, _, err := selector.ReadFiles(list, f, selector.FilesOptions{})
			require.NoError(t, err)
			plan, err := selector.Compute(context.Background(), selector.Options{Dir: "platform", Changes: changes})
			require.NoError(t, err)
			for _, format := range []string{"text", "json", "github", "gitlab", "markdown"} {
				var buf bytes.Buffer
				require.NoError(t, render.Write(&buf, plan, format, render.Options{Explain: true}))
				golden.Check(t, filepath.Join("testdata", "golden", name+"."+format), buf.Bytes())
			}
		})
	}
}
