package odb

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gatesel/gatesel/internal/gittest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReadConfig: the remotes, the promisor and its filter as git reads
// them: clones, partial clones (both spellings), several remotes, repeated
// sections, case, quoting and comments.
func TestReadConfig(t *testing.T) {
	for _, tt := range []struct {
		data             string
		remotes          []string
		promisor, filter string
	}{
		{data: ""},
		{data: "[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = false\n[remote \"origin\"]\n\turl = /src\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n[branch \"main\"]\n\tremote = origin\n\tmerge = refs/heads/main\n",
			remotes: []string{"origin"}},
		{data: "[core]\n\trepositoryformatversion = 1\n[remote \"origin\"]\n\turl = /src\n\tpromisor = true\n\tpartialclonefilter = blob:none\n[extensions]\n\tpartialClone = origin\n",
			remotes: []string{"origin"}, promisor: "origin", filter: "blob:none"},
		{data: "[core]\n\trepositoryformatversion = 1\n[extensions]\n\tpartialclone = upstream\n[remote \"upstream\"]\n\turl = /u\n\tpartialclonefilter = tree:0\n",
			remotes: []string{"upstream"}, promisor: "upstream", filter: "tree:0"},
		{data: "[remote \"a\"]\n\turl = /a\n[remote \"b\"]\n\turl = /b\n\tpromisor = TRUE\n\tpartialclonefilter = blob:limit=1k\n[remote \"a\"]\n\tpromisor = true\n",
			remotes: []string{"a", "b"}, promisor: "a"},
		{data: "[remote \"z\"]\n\tpromisor = true\n[remote \"b\"]\n\tpromisor = true\n", remotes: []string{"b", "z"}, promisor: "z"},
		{data: "[remote \"a\"]\n\tpromisor = true\n\tpromisor = false\n[remote \"b\"]\n\tpromisor = true\n\tpartialclonefilter = \"blob:none\" ; a comment\n",
			remotes: []string{"a", "b"}, promisor: "b", filter: "blob:none"},
		{data: "# comment\n[remote \"Origin\"]\n\turl = /x\n[remote \"origin\"]\n\tpushurl = /y\n[remote \"with.dot\"]\n\turl = /z\n",
			remotes: []string{"Origin", "origin", "with.dot"}},
		// remote.NAME.promisor is a boolean as git reads one (was: only
		// "true", in any case).
		{data: "[remote \"a\"]\n\tpromisor = yes\n", remotes: []string{"a"}, promisor: "a"},
		{data: "[remote \"a\"]\n\tpromisor\n", remotes: []string{"a"}, promisor: "a"},
		{data: "[remote \"a\"]\n\tpromisor = On\n[remote \"b\"]\n\tpromisor = 1\n", remotes: []string{"a", "b"}, promisor: "a"},
		{data: "[remote \"a\"]\n\tpromisor = 0\n[remote \"b\"]\n\tpromisor = 2\n", remotes: []string{"a", "b"}, promisor: "b"},
		{data: "[remote \"a\"]\n\tpromisor =\n", remotes: []string{"a"}},
		// Without a format version git ignores extensions.partialClone
		// (setup.c clears the format it read).
		{data: "[extensions]\n\tpartialclone = upstream\n[remote \"upstream\"]\n\turl = /u\n", remotes: []string{"upstream"}},
	} {
		name := filepath.Join(t.TempDir(), "config")
		require.NoError(t, os.WriteFile(name, []byte(tt.data), 0o644))
		got, err := readConfig(name)
		require.NoError(t, err)
		assert.Equal(t, tt.remotes, got.remotes, "%q", tt.data)
		assert.Equal(t, tt.promisor, got.promisor, "%q", tt.data)
		assert.Equal(t, tt.filter, got.filter, "%q", tt.data)
	}
	c, err := readConfig(filepath.Join(t.TempDir(), "none"))
	require.NoError(t, err)
	assert.Equal(t, repoConfig{version: -1}, c, "no file: an empty configuration")
	name := filepath.Join(t.TempDir(), "config")
	require.NoError(t, os.WriteFile(name, []byte("[core\n"), 0o644))
	_, err = readConfig(name)
	assert.EqualError(t, err, name+":1: bad config line", "a file git cannot parse")
	// git diff dies on a promisor that is no boolean, with these words.
	require.NoError(t, os.WriteFile(name, []byte("[remote \"origin\"]\n\tpromisor = x\n"), 0o644))
	_, err = readConfig(name)
	assert.EqualError(t, err, name+":2: bad boolean config value 'x' for 'remote.origin.promisor'")
}

// TestFormatIsGits: Open refuses the repository formats git 2.39 refuses
// (git rev-parse HEAD in the same repository), with git's words, and opens
// those git opens: format versions (numbers as git_config_int reads them,
// units included), extensions known to both versions, to version 1 only,
// unknown ones, and values git dies on. The differences are sha256
// objects and extensions.worktreeConfig, which git reads and Open refuses
// by name.
func TestFormatIsGits(t *testing.T) {
	g := gittest.New(t)
	g.Commit("one", map[string]string{"a": "a"})
	config := filepath.Join(g.Dir, ".git", "config")
	var sha256 []string
	for _, v := range []string{"", "0", "1", "2", "01", "0x1", "-0x1", "1k", "1K", "1g", "2g", "k", "0x", "08", "0k", "-1", "-2", "+1", "abc",
		"\"\"", "\" 1\"", "\"1 \"", "2147483647", "2147483648", "-2147483648", "99999999999999999999"} {
		for _, ext := range []string{"", "noop = x", "noop-v1 = x", "noop-v1", "frobnicate = x", "objectformat = sha1", "objectformat = SHA1", "objectformat",
			"objectformat = sha256", "worktreeConfig = true", "worktreeConfig = x", "worktreeConfig", "partialClone = origin", "partialClone",
			"preciousObjects = true", "preciousObjects = 2", "preciousObjects = yes please", "refStorage = files", "a = 1\n\tb = 2", "noop-v1\n\tobjectformat = sha1"} {
			data := ""
			if v != "" {
				data = "[core]\n\trepositoryformatversion = " + v + "\n"
			}
			if ext != "" {
				data += "[extensions]\n\t" + ext + "\n"
			}
			require.NoError(t, os.WriteFile(config, []byte(data), 0o644))
			_, gitErr := g.GitErr("rev-parse", "HEAD")
			db, _, _, err := Open(g.Dir, false)
			if db != nil {
				require.NoError(t, db.Close())
			}
			if gitErr != nil && strings.Contains(gitErr.Error(), "unknown revision") {
				// git reads sha256 objects (here none: HEAD is unknown)
				var fe *FormatError
				require.ErrorAs(t, err, &fe, "%q", data)
				assert.Equal(t, "extensions.objectformat is sha256: the repository's objects are sha256, and gatesel reads sha1 objects only", err.Error())
				sha256 = append(sha256, v)
				continue
			}
			if gitErr == nil && strings.Contains(ext, "worktreeConfig") && v != "" && v != "-1" && v != "-0x1" {
				assert.ErrorContains(t, err, "extensions.worktreeConfig is set", "%q: git reads it, Open refuses it", data)
				continue
			}
			if gitErr == nil {
				assert.NoError(t, err, "%q: git opens it", data)
				continue
			}
			require.Error(t, err, "%q: git refuses it: %v", data, gitErr)
			if strings.Contains(gitErr.Error(), "segmentation fault") {
				continue // git 2.39 crashes on partialClone without a value
			}
			assert.Contains(t, gitWords(gitErr.Error()), gatesel(err.Error(), config), "%q", data)
		}
	}
	assert.Equal(t, []string{"1", "01", "0x1", "-2", "+1", "\" 1\""}, sha256, "the versions with which git reads sha256 objects")
}

// gitWords is git's error in one line: its list of extensions joined with
// ", ", its file's name dropped, its first letter lower-cased.
func gitWords(s string) string {
	s = strings.ReplaceAll(s, ":\n\t", ": ")
	s = strings.ReplaceAll(s, "\n\t", ", ")
	s = strings.ReplaceAll(s, " in file .git/config", "")
	return strings.ReplaceAll(s, "fatal: Expected", "fatal: expected")
}

// gatesel is Open's error as git words it: without its position.
func gatesel(s, config string) string {
	_, rest, ok := strings.Cut(s, config+":")
	if !ok {
		return s
	}
	_, msg, _ := strings.Cut(rest, ": ")
	return msg
}

// TestOpenHeadErrors: a HEAD that is missing or empty is no reference; one
// that cannot be read (here a directory: git then finds no repository)
// keeps its own error, never "reference not found".
func TestOpenHeadErrors(t *testing.T) {
	g := gittest.New(t)
	g.Commit("one", map[string]string{"a": "a"})
	head := filepath.Join(g.Dir, ".git", "HEAD")
	require.NoError(t, os.WriteFile(head, nil, 0o644))
	_, _, _, err := Open(g.Dir, false)
	assert.ErrorIs(t, err, ErrReferenceNotFound)
	require.NoError(t, os.Remove(head))
	_, _, _, err = Open(g.Dir, false)
	assert.ErrorIs(t, err, ErrReferenceNotFound)

	require.NoError(t, os.Mkdir(head, 0o755))
	_, gitErr := g.GitErr("rev-parse", "HEAD")
	require.ErrorContains(t, gitErr, "not a git repository", "git reads no repository there")
	_, _, _, err = Open(g.Dir, false)
	require.Error(t, err)
	assert.NotErrorIs(t, err, ErrReferenceNotFound)
	assert.Equal(t, "read HEAD: read "+head+": is a directory", err.Error())
}
