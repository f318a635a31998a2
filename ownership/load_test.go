package ownership

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// writeRepo writes files (slash path -> content) under a new directory;
// content "->X" makes a symbolic link to X. The directory has a sibling
// "outside" file, for links that leave it.
func writeRepo(t *testing.T, files map[string]string) string {
	t.Helper()
	parent := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(parent, "outside"), []byte("* @outside\n"), 0o644))
	dir := filepath.Join(parent, "repo")
	require.NoError(t, os.Mkdir(dir, 0o755))
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		if target, ok := strings.CutPrefix(content, "->"); ok {
			require.NoError(t, os.Symlink(target, p))
			continue
		}
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
	return dir
}

var loadTests = []struct {
	name    string
	files   map[string]string
	file    string // the name given to Load
	dialect Dialect
	want    []string // the Ruleset's Files
	owner   string   // the owner of "x"
}{
	{"GitHub looks in .github first", map[string]string{".github/CODEOWNERS": "* @gh\n", "CODEOWNERS": "* @root\n", ".gitlab/CODEOWNERS": "* @gl\n"}, "", GitHub, []string{".github/CODEOWNERS"}, "@gh"},
	{"GitHub then the root", map[string]string{"CODEOWNERS": "* @root\n", "docs/CODEOWNERS": "* @docs\n"}, "", GitHub, []string{"CODEOWNERS"}, "@root"},
	{"GitHub never reads .gitlab", map[string]string{"docs/CODEOWNERS": "* @docs\n", ".gitlab/CODEOWNERS": "* @gl\n"}, "", GitHub, []string{"docs/CODEOWNERS"}, "@docs"},
	{"GitLab looks at the root first", map[string]string{".github/CODEOWNERS": "* @gh\n", "CODEOWNERS": "* @root\n", ".gitlab/CODEOWNERS": "* @gl\n"}, "", GitLab, []string{"CODEOWNERS"}, "@root"},
	{"GitLab ends in .gitlab", map[string]string{".github/CODEOWNERS": "* @gh\n", ".gitlab/CODEOWNERS": "* @gl\n"}, "", GitLab, []string{".gitlab/CODEOWNERS"}, "@gl"},
	{"Auto takes every host's places", map[string]string{".gitlab/CODEOWNERS": "* @gl\n"}, "", Auto, []string{".gitlab/CODEOWNERS"}, "@gl"},
	{"a file named", map[string]string{"ci/OWNERS": "* @ci\n", "CODEOWNERS": "* @root\n"}, "ci/OWNERS", Auto, []string{"ci/OWNERS"}, "@ci"},
	{"a link inside the repository", map[string]string{"CODEOWNERS": "->docs/owners/current", "docs/owners/current": "->v1", "docs/owners/v1": "* @v1\n"}, "", GitHub, []string{"CODEOWNERS", "docs/owners/current", "docs/owners/v1"}, "@v1"},
	{"a named file through a linked directory", map[string]string{"ci": "->config", "config/OWNERS": "* @cfg\n"}, "ci/OWNERS", GitHub, []string{"ci/OWNERS", "ci", "config/OWNERS"}, "@cfg"},
}

func TestLoad(t *testing.T) {
	for _, tt := range loadTests {
		t.Run(tt.name, func(t *testing.T) {
			rs, err := Load(os.DirFS(writeRepo(t, tt.files)), tt.file, tt.dialect)
			require.NoError(t, err)
			assert.Equal(t, tt.want, rs.Files)
			assert.Equal(t, tt.want[0], rs.Name)
			assert.Equal(t, []string{tt.owner}, rs.Match("x").Owners)
		})
	}
}

var loadErrorTests = []struct {
	name  string
	files map[string]string
	file  string
	is    error
	want  string
}{
	{"no file anywhere", map[string]string{"README": "x"}, "", ErrNoCodeowners, "no CODEOWNERS file"},
	{"a named file that is missing", map[string]string{"CODEOWNERS": "* @a\n"}, "nope", fs.ErrNotExist, "open nope: file does not exist"},
	{"a dangling link is not skipped", map[string]string{".github/CODEOWNERS": "->gone", "CODEOWNERS": "* @a\n"}, "", fs.ErrNotExist, "open .github/CODEOWNERS: file does not exist"},
	{"a directory is not skipped", map[string]string{".github/CODEOWNERS/x": "", "CODEOWNERS": "* @a\n"}, "", nil, "read .github/CODEOWNERS: not a regular file (a directory)"},
	{"a link out of the repository", map[string]string{"CODEOWNERS": "->../outside"}, "", nil, "read CODEOWNERS: symbolic link CODEOWNERS -> ../outside leaves the repository"},
	{"a link to an absolute path", map[string]string{"CODEOWNERS": "->/etc/passwd"}, "", nil, "read CODEOWNERS: symbolic link CODEOWNERS -> /etc/passwd leaves the repository"},
	{"a link loop", map[string]string{"CODEOWNERS": "->a", "a": "->CODEOWNERS"}, "", nil, "read CODEOWNERS: too many levels of symbolic links"},
	{"a name that climbs out", map[string]string{}, "../outside", fs.ErrInvalid, "read ../outside: not a clean path inside the repository: invalid argument"},
	{"binary", map[string]string{"CODEOWNERS": "\x00\x01"}, "", ErrBinary, "parse CODEOWNERS: codeowners file is binary, not text"},
	{"lone CR", map[string]string{"docs/CODEOWNERS": "* @a\r* @b\r"}, "", ErrLoneCR, crMsg("docs/CODEOWNERS:1:5")},
	{"exactly 3 MB", map[string]string{"CODEOWNERS": strings.Repeat("#", MaxSize)}, "", ErrTooLarge, "parse CODEOWNERS: codeowners file too large: 3145728 bytes, the limit is 3145728"},
}

func TestLoadErrors(t *testing.T) {
	for _, tt := range loadErrorTests {
		t.Run(tt.name, func(t *testing.T) {
			rs, err := Load(os.DirFS(writeRepo(t, tt.files)), tt.file, GitHub)
			assert.Nil(t, rs)
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())
			if tt.is != nil {
				assert.ErrorIs(t, err, tt.is)
			}
		})
	}
}

// TestLoadTooLarge: a file over MaxSize is refused by its size before it
// is read (a sparse 1 GB file costs nothing), with an error that matches
// ErrTooLarge as Parse's does.
func TestLoadTooLarge(t *testing.T) {
	dir := writeRepo(t, nil)
	f, err := os.Create(filepath.Join(dir, "CODEOWNERS"))
	require.NoError(t, err)
	require.NoError(t, f.Truncate(1<<30))
	require.NoError(t, f.Close())
	rs, err := Load(os.DirFS(dir), "", GitHub)
	assert.Nil(t, rs)
	require.Error(t, err)
	assert.Equal(t, "read CODEOWNERS: file is 1073741824 bytes, more than the limit of 3145728", err.Error())
	assert.ErrorIs(t, err, ErrTooLarge)
	var pe *fs.PathError
	assert.True(t, errors.As(err, &pe), "a read error is an *fs.PathError")
}

// TestLoadSkipped: the lines Load skips are values, positioned by line.
func TestLoadSkipped(t *testing.T) {
	dir := writeRepo(t, map[string]string{"CODEOWNERS": "* @all\n!secret @n\n/docs/ @d\n"})
	rs, err := Load(os.DirFS(dir), "", GitHub)
	require.NoError(t, err)
	require.Len(t, rs.Skipped, 1)
	assert.Equal(t, `CODEOWNERS:2: unsupported pattern "!secret": negation with "!" does not work in GitHub CODEOWNERS`, rs.Skipped[0].Error())
	assert.Equal(t, []string{"@d"}, rs.Match("docs/a").Owners)
}
