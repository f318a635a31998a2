package gitconfig

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Files names the configuration files of one repository. Empty fields are
// not read.
type Files struct {
	Repo     string // $GIT_DIR/config (the common directory's, for a linked worktree)
	Worktree string // $GIT_DIR/config.worktree, when extensions.worktreeConfig is set
}

// Config is the merged configuration: each key's last value.
type Config struct {
	values map[string]Entry
}

// maxIncludeDepth is git's limit on nested include.path.
const maxIncludeDepth = 10

// Load reads the configuration as git does, in git's order with the last
// value winning: the system file (/etc/gitconfig, or $GIT_CONFIG_SYSTEM;
// none with $GIT_CONFIG_NOSYSTEM), the global files ($GIT_CONFIG_GLOBAL,
// or $XDG_CONFIG_HOME/git/config, else ~/.config/git/config, then
// ~/.gitconfig), the repository's files, then GIT_CONFIG_COUNT and its
// GIT_CONFIG_KEY_n/GIT_CONFIG_VALUE_n. A missing file is no error; a file
// git could not parse is.
func Load(files Files, getenv func(string) string) (*Config, error) {
	c := &Config{values: map[string]Entry{}}
	var paths []string
	if !parseBool(getenv("GIT_CONFIG_NOSYSTEM")) {
		if p := getenv("GIT_CONFIG_SYSTEM"); p != "" {
			paths = append(paths, p)
		} else {
			paths = append(paths, "/etc/gitconfig")
		}
	}
	if p := getenv("GIT_CONFIG_GLOBAL"); p != "" {
		paths = append(paths, p)
	} else {
		home := getenv("HOME")
		if x := getenv("XDG_CONFIG_HOME"); x != "" {
			paths = append(paths, filepath.Join(x, "git", "config"))
		} else if home != "" {
			paths = append(paths, filepath.Join(home, ".config", "git", "config"))
		}
		if home != "" {
			paths = append(paths, filepath.Join(home, ".gitconfig"))
		}
	}
	paths = append(paths, files.Repo, files.Worktree)
	for _, p := range paths {
		if p == "" {
			continue
		}
		if err := c.readFile(p, getenv, 0); err != nil {
			return nil, err
		}
	}
	if n := getenv("GIT_CONFIG_COUNT"); n != "" {
		count, err := strconv.Atoi(n)
		if err != nil || count < 0 {
			return nil, fmt.Errorf("bogus count in GIT_CONFIG_COUNT: %q", n)
		}
		for i := 0; i < count; i++ {
			key := getenv(fmt.Sprintf("GIT_CONFIG_KEY_%d", i))
			if key == "" {
				return nil, fmt.Errorf("missing config key GIT_CONFIG_KEY_%d", i)
			}
			c.set(Entry{Key: canonicalKey(key), Value: getenv(fmt.Sprintf("GIT_CONFIG_VALUE_%d", i))})
		}
	}
	return c, nil
}

func (c *Config) readFile(path string, getenv func(string) string, depth int) error {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission) || isDir(path) {
		return nil // git skips a file it cannot access (it warns on a permission error)
	}
	if err != nil {
		return fmt.Errorf("read configuration: %w", err)
	}
	entries, err := Parse(path, data)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.Key != "include.path" || e.NoValue {
			c.set(e)
			continue
		}
		if depth >= maxIncludeDepth {
			return fmt.Errorf("%s:%d: exceeded maximum include depth (%d)", path, e.Line, maxIncludeDepth)
		}
		inc, ok := expandHome(e.Value, getenv)
		if !ok {
			continue
		}
		if !filepath.IsAbs(inc) {
			inc = filepath.Join(filepath.Dir(path), inc)
		}
		if err := c.readFile(inc, getenv, depth+1); err != nil {
			return err
		}
	}
	return nil
}

func isDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}

func (c *Config) set(e Entry) { c.values[e.Key] = e }

// canonicalKey lower-cases the section and the name of "section.sub.name".
func canonicalKey(key string) string {
	first := strings.IndexByte(key, '.')
	last := strings.LastIndexByte(key, '.')
	if first < 0 {
		return strings.ToLower(key)
	}
	return strings.ToLower(key[:first]) + key[first:last] + strings.ToLower(key[last:])
}

// expandHome expands a leading "~/" with $HOME.
func expandHome(p string, getenv func(string) string) (string, bool) {
	if p == "~" || strings.HasPrefix(p, "~/") {
		home := getenv("HOME")
		if home == "" {
			return "", false
		}
		return home + p[1:], true
	}
	return p, true
}

// String returns the value of key ("core.excludesfile": section and name
// in any case) and whether it is set.
func (c *Config) String(key string) (string, bool) {
	e, ok := c.values[canonicalKey(key)]
	return e.Value, ok
}

// Bool returns key's value as git reads a boolean (Entry.Bool), def when
// it is unset or not a boolean.
func (c *Config) Bool(key string, def bool) bool {
	e, ok := c.values[canonicalKey(key)]
	if !ok {
		return def
	}
	v, err := e.Bool()
	if err != nil {
		return def
	}
	return v
}

// parseBool is Bool for an environment variable.
func parseBool(v string) bool {
	c := &Config{values: map[string]Entry{"env.v": {Value: v}}}
	return v != "" && c.Bool("env.v", false)
}
