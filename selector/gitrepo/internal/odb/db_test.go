package odb

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/config"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// goGitConfig is what Open read of a configuration through go-git's
// storage, before it read the file itself: the format version and the
// extensions its check saw, the remotes, and the promisor and its filter.
func goGitConfig(t *testing.T, data string) repoConfig {
	cfg := config.NewConfig()
	require.NoError(t, cfg.Unmarshal([]byte(data)))
	c := repoConfig{version: string(cfg.Core.RepositoryFormatVersion)}
	if cfg.Raw.HasSection("extensions") {
		for _, o := range cfg.Raw.Section("extensions").Options {
			c.extensions = append(c.extensions, strings.ToLower(o.Key))
		}
	}
	for n := range cfg.Remotes {
		c.remotes = append(c.remotes, n)
	}
	sort.Strings(c.remotes)
	if cfg.Raw.HasSection("extensions") {
		c.promisor = cfg.Raw.Section("extensions").Option("partialclone")
	}
	for _, sub := range cfg.Raw.Section("remote").Subsections {
		if strings.EqualFold(sub.Option("promisor"), "true") && c.promisor == "" {
			c.promisor = sub.Name
		}
	}
	if c.promisor != "" {
		c.filter = cfg.Raw.Section("remote").Subsection(c.promisor).Option("partialclonefilter")
	}
	return c
}

// TestReadConfigIsGoGits: the configuration Open reads itself gives what
// go-git's storage gave, for the settings it reads: clones, partial clones
// (both spellings), several remotes, repeated sections, case, quoting and
// comments.
func TestReadConfigIsGoGits(t *testing.T) {
	for _, data := range []string{
		"",
		"[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = false\n[remote \"origin\"]\n\turl = /src\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n[branch \"main\"]\n\tremote = origin\n\tmerge = refs/heads/main\n",
		"[core]\n\trepositoryformatversion = 1\n[remote \"origin\"]\n\turl = /src\n\tpromisor = true\n\tpartialclonefilter = blob:none\n[extensions]\n\tpartialClone = origin\n",
		"[core]\n\trepositoryformatversion = 1\n[extensions]\n\tpartialclone = upstream\n[remote \"upstream\"]\n\turl = /u\n\tpartialclonefilter = tree:0\n",
		"[remote \"a\"]\n\turl = /a\n[remote \"b\"]\n\turl = /b\n\tpromisor = TRUE\n\tpartialclonefilter = blob:limit=1k\n[remote \"a\"]\n\tpromisor = true\n",
		"[remote \"z\"]\n\tpromisor = true\n[remote \"b\"]\n\tpromisor = true\n",
		"[remote \"a\"]\n\tpromisor = true\n\tpromisor = false\n[remote \"b\"]\n\tpromisor = true\n\tpartialclonefilter = \"blob:none\" ; a comment\n",
		"[Core]\n\tRepositoryFormatVersion = 1\n[EXTENSIONS]\n\tObjectFormat = sha256\n\tNoop = x\n[extensions]\n\tworktreeConfig = true\n",
		"[core]\n\trepositoryformatversion = 2\n[extensions]\n\tnoop-v1 = x\n",
		"# comment\n[remote \"Origin\"]\n\turl = /x\n[remote \"origin\"]\n\tpushurl = /y\n[remote \"with.dot\"]\n\turl = /z\n",
		"[core]\n\trepositoryformatversion = 1\n\trepositoryformatversion = 0\n[extensions]\n\tpreciousObjects = true\n",
	} {
		dir := t.TempDir()
		name := filepath.Join(dir, "config")
		require.NoError(t, os.WriteFile(name, []byte(data), 0o644))
		got, err := readConfig(name)
		require.NoError(t, err)
		assert.Equal(t, goGitConfig(t, data), got, "%q", data)
		assert.Equal(t, checkFormat(goGitConfig(t, data)), checkFormat(got), "%q", data)
	}
	c, err := readConfig(filepath.Join(t.TempDir(), "none"))
	require.NoError(t, err)
	assert.Equal(t, repoConfig{}, c, "no file: an empty configuration")
	name := filepath.Join(t.TempDir(), "config")
	require.NoError(t, os.WriteFile(name, []byte("[core\n"), 0o644))
	_, err = readConfig(name)
	assert.EqualError(t, err, name+":1: bad config line", "a file git cannot parse")
}
