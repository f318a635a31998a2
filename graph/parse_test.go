package graph_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/graph"
)

// hostileGatesTests are gates.yaml inputs that must fail with exactly this
// error (docs/reliability.md cites them by name).
var hostileGatesTests = []struct {
	name, in, want string
}{
	{"not yaml", "{{{ not yaml", `gates.yaml:1:1: parse yaml: yaml: line 1: did not find expected ',' or '}'`},
	{"list at the top", "- a\n- b\n", "gates.yaml:1:1: top level: expected a mapping, got a list"},
	{"scalar at the top", "hello\n", "gates.yaml:1:1: top level: expected a mapping, got a string"},
	{"flow nesting 5000 deep", "version: 1\ngates: " + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + "\n", "gates.yaml:2:8: gates: expected a mapping, got a list"},
	{"mapping nesting 5000 deep", "version: 1\ngates: " + strings.Repeat("{a: ", 5000) + "x" + strings.Repeat("}", 5000) + "\n", `gates.yaml:2:13: gate "a": unknown key "a"`},
	{"flow nesting 100000 deep", "version: 1\ngates: " + strings.Repeat("[", 100000) + "\n", "gates.yaml:2:1: parse yaml: yaml: line 2: exceeded max depth of 10000"},
	{"duplicate gate", "version: 1\ngates:\n  a: {}\n  a: {}\n", `gates.yaml:4:3: gates: duplicate key "a" (first at line 3)`},
	{"duplicate top-level key", "version: 1\nversion: 1\n", `gates.yaml:2:1: top level: duplicate key "version" (first at line 1)`},
	{"non-UTF-8 key", "version: 1\ngates:\n  \xff\xfe: {}\n", "gates.yaml:3:3: invalid UTF-8 (byte 0xff): a policy file must be UTF-8 text"},
	{"latin-1 text", "version: 1\ngates:\n  a: {run: \"caf\xe9\"}\n", "gates.yaml:3:16: invalid UTF-8 (byte 0xe9): a policy file must be UTF-8 text"},
	{"NUL byte", "version: 1\x00\n", "gates.yaml:1:1: parse yaml: yaml: control characters are not allowed"},
	{"version 2", "version: 2\n", `gates.yaml:1:10: unsupported version "2": this gatesel reads version 1`},
	{"version as a string", "version: \"1\"\n", `gates.yaml:1:10: unsupported version "1": this gatesel reads version 1`},
	{"no version", "gates: {}\n", `gates.yaml:1:1: missing version: the file must start with "version: 1"`},
	{"two documents", "version: 1\n---\nversion: 1\n", "gates.yaml:2:1: more than one yaml document in the file"},
	{"merge key", "version: 1\ngates:\n  a: {run: x}\n  <<: {b: {}}\n", "gates.yaml:4:3: gates: merge keys (<<) are not supported"},
	{"binary tag", "version: 1\ngates: !!binary aGVsbG8=\n", "gates.yaml:2:8: gates: expected a mapping, got a binary value"},
	{"include leaves the repository", "version: 1\ninclude: [\"../x.yaml\", \"/etc/passwd\", \"a/../../b\"]\n",
		"gates.yaml:2:11: include \"../x.yaml\" leaves the repository\ngates.yaml:2:24: include \"/etc/passwd\" leaves the repository\ngates.yaml:2:39: include \"a/../../b\" leaves the repository"},
	{"template syntax error", "version: 1\ngates:\n  a: {run: \"{{ .Name \"}\n", `gates.yaml:3:12: gate "a": run: template: a:1: unclosed action`},
	{"template calls an unknown function", "version: 1\ngates:\n  a: {run: \"{{exec \\\"ls\\\"}}\"}\n", `gates.yaml:3:12: gate "a": run: template: a:1: function "exec" not defined`},
	{"template reads the environment", "version: 1\ngates:\n  a: {run: \"{{.Env}}\"}\n", `gates.yaml:3:12: gate "a": run: unknown field .Env: a gate template sees .Name, .Kind, .Dir, .Paths, .Owners`},
	{"template call", "version: 1\ngates:\n  a: {run: \"{{call .Name}}\"}\n", `gates.yaml:3:12: gate "a": run: {{call}} is not allowed in gate templates: the scope holds no functions`},
	{"template call in a chain", "version: 1\ngates:\n  a: {run: \"{{(call .Name).X}}\"}\n", `gates.yaml:3:12: gate "a": run: {{call}} is not allowed in gate templates: the scope holds no functions`},
	{"template call in with", "version: 1\ngates:\n  a: {with: {x: [\"{{call .Name}}\"]}}\n", `gates.yaml:3:18: gate "a": with/x/0: {{call}} is not allowed in gate templates: the scope holds no functions`},
	{"template include", "version: 1\ngates:\n  a: {run: \"{{template \\\"x\\\"}}\"}\n", `gates.yaml:3:12: gate "a": run: {{template}} is not allowed in gate templates`},
	{"template define", "version: 1\ngates:\n  a: {run: \"{{define \\\"x\\\"}}y{{end}}\"}\n", `gates.yaml:3:12: gate "a": run: {{define}} and {{block}} are not allowed in gate templates`},
}

func TestParseHostile(t *testing.T) {
	for _, tt := range hostileGatesTests {
		t.Run(tt.name, func(t *testing.T) {
			g, _, err := graph.Parse("gates.yaml", []byte(tt.in))
			assert.Nil(t, g)
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())
		})
	}
}

// TestParseFiftyMegabytes: a 50 MB policy is refused by size, quickly and
// with a position, whether given as bytes or read from a file (where the
// size is checked before reading).
func TestParseFiftyMegabytes(t *testing.T) {
	big := make([]byte, 50<<20)
	copy(big, "version: 1\n")
	for i := 11; i < len(big); i++ {
		big[i] = '#'
	}
	g, _, err := graph.Parse("gates.yaml", big)
	assert.Nil(t, g)
	require.Error(t, err)
	assert.Equal(t, "gates.yaml:1:1: file is 52428800 bytes, more than the limit of 8388608", err.Error())

	dir := t.TempDir()
	f, err := os.Create(filepath.Join(dir, "gates.yaml"))
	require.NoError(t, err)
	require.NoError(t, f.Truncate(50<<20)) // sparse: nothing is written
	require.NoError(t, f.Close())
	_, _, err = graph.Load(os.DirFS(dir), "gates.yaml")
	require.Error(t, err)
	assert.Equal(t, "read policy gates.yaml: read gates.yaml: file is 52428800 bytes, more than the limit of 8388608", err.Error())
}
