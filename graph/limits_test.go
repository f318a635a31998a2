package graph_test

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/graph"
)

// flowList is a fragment of n+4 YAML nodes: a service with n paths.
func flowList(name string, n int) []byte {
	return []byte("services:\n  " + name + ":\n    paths: [" + strings.Repeat("x/**,", n-1) + "x/**]\n")
}

// The policy's inputs are bounded before the memory and time they cost:
// a clear, positioned error, never an out-of-memory crash.
func TestPolicyLimits(t *testing.T) {
	t.Run("too many fragments", func(t *testing.T) {
		fsys := fstest.MapFS{"gates.yaml": {Data: []byte("version: 1\ninclude: [svc/*.yaml]\n")}}
		for i := range 50_001 {
			fsys[fmt.Sprintf("svc/%05d.yaml", i)] = &fstest.MapFile{Data: []byte("# nothing\n")}
		}
		_, _, err := graph.Load(fsys, "gates.yaml")
		assert.EqualError(t, err, "gates.yaml:2:11: svc/49999.yaml: more than 50000 policy files (gates.yaml and its fragments)")
	})
	t.Run("too many bytes together", func(t *testing.T) {
		big := []byte(strings.Repeat("# a comment line of forty bytes, padded\n", 7<<20/40))
		fsys := fstest.MapFS{"gates.yaml": {Data: []byte("version: 1\ninclude: [a.yaml, b.yaml, c.yaml, d.yaml, e.yaml]\n")}}
		for _, f := range []string{"a", "b", "c", "d", "e"} {
			fsys[f+".yaml"] = &fstest.MapFile{Data: big}
		}
		_, _, err := graph.Load(fsys, "gates.yaml")
		assert.EqualError(t, err, "gates.yaml:2:43: e.yaml: the policy files are more than 33554432 bytes together")
	})
	t.Run("too many nodes together", func(t *testing.T) {
		fsys := fstest.MapFS{
			"gates.yaml": {Data: []byte("version: 1\ninclude: [a.yaml, b.yaml, c.yaml]\n")},
			"a.yaml":     {Data: flowList("a", 600_000)},
			"b.yaml":     {Data: flowList("b", 600_000)},
			"c.yaml":     {Data: flowList("c", 1)},
		}
		_, _, err := graph.Load(fsys, "gates.yaml")
		assert.EqualError(t, err, "gates.yaml:2:19: b.yaml: the policy files hold more than 1000000 YAML nodes together")
	})
	t.Run("too many nodes in one file", func(t *testing.T) {
		_, _, err := graph.Parse("gates.yaml", append([]byte("version: 1\n"), flowList("a", 1_000_000)...))
		assert.EqualError(t, err, "gates.yaml:1:1: the file holds 1000010 YAML nodes, more than the limit of 1000000")
	})
	t.Run("too many nodes in one fragment", func(t *testing.T) {
		fsys := fstest.MapFS{
			"gates.yaml": {Data: []byte("version: 1\ninclude: [a.yaml]\n")},
			"a.yaml":     {Data: flowList("a", 1_000_000)},
		}
		_, _, err := graph.Load(fsys, "gates.yaml")
		assert.EqualError(t, err, "a.yaml:1:1: the file holds 1000008 YAML nodes, more than the limit of 1000000")
	})
	t.Run("too many includes", func(t *testing.T) {
		inc := strings.Repeat(`"x/*.yaml", `, 256) + `"y/*.yaml"`
		_, _, err := graph.Load(fstest.MapFS{"gates.yaml": {Data: []byte("version: 1\ninclude: [" + inc + "]\n")}}, "gates.yaml")
		assert.EqualError(t, err, "gates.yaml:2:3083: include: more than 256 entries")
	})
	t.Run("a large realistic policy is within the bounds", func(t *testing.T) {
		fsys := fstest.MapFS{"gates.yaml": {Data: []byte("version: 1\ninclude: [svc/*/gates.yaml]\ngates: {unit: {run: make}, smoke: {run: smoke}}\n")}}
		for i := range 10_000 {
			fsys[fmt.Sprintf("svc/s%05d/gates.yaml", i)] = &fstest.MapFile{Data: fmt.Appendf(nil,
				"services:\n  s%05d:\n    paths: [\"**\"]\n    internal: [\"**/*_test.go\"]\n    owners: [\"@acme/team%d\"]\n    depends_on: [s%05d]\n    gates: [unit]\n    smoke: [smoke]\n", i, i%50, (i+1)%10_000)}
		}
		g, _, err := graph.Load(fsys, "gates.yaml")
		require.NoError(t, err)
		assert.Len(t, g.Services, 10_000)
	})
}
