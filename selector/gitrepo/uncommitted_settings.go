package gitrepo

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/gatesel/gatesel/selector/gitrepo/internal/gitconfig"
	"github.com/gatesel/gatesel/selector/gitrepo/internal/ignore"
)

// worktreeSettings are the configuration values git status reads to
// compare the work tree.
type worktreeSettings struct {
	fileMode     bool   // core.fileMode: the executable bit counts
	trustCtime   bool   // core.trustCtime
	checkStat    bool   // core.checkStat is not "minimal"
	excludesFile string // the user's excludes file ("" for none)
}

// getenv is the environment the configuration is read with.
func (r *Repo) getenv(key string) string {
	if r.env != nil {
		return r.env(key)
	}
	return os.Getenv(key)
}

// worktreeSettings reads the configuration as git does.
func (r *Repo) worktreeSettings() (worktreeSettings, error) {
	// No config.worktree: Open refuses extensions.worktreeConfig.
	cfg, err := gitconfig.Load(gitconfig.Files{Repo: filepath.Join(r.commonDir, "config")}, r.getenv)
	if err != nil {
		return worktreeSettings{}, err
	}
	check, _ := cfg.String("core.checkStat")
	excludes, _ := cfg.String("core.excludesFile")
	return worktreeSettings{
		fileMode:     cfg.Bool("core.fileMode", true),
		trustCtime:   cfg.Bool("core.trustCtime", true),
		checkStat:    !strings.EqualFold(check, "minimal"),
		excludesFile: ignore.UserFile(excludes, r.root, r.getenv),
	}, nil
}

// baseIgnores are the ignore patterns below every .gitignore: the user's
// excludes file, then .git/info/exclude (the common directory's for a
// linked worktree). A file that is missing or unreadable adds nothing, as
// in git.
func (r *Repo) baseIgnores(set worktreeSettings) (*ignore.Matcher, error) {
	var lists [][]ignore.Pattern
	for _, f := range []string{set.excludesFile, filepath.Join(r.commonDir, "info", "exclude")} {
		if f == "" {
			continue
		}
		data, err := os.ReadFile(f)
		switch {
		case err == nil:
			lists = append(lists, ignore.Parse(f, data, ""))
		case errors.Is(err, fs.ErrNotExist), errors.Is(err, fs.ErrPermission):
		default:
			return nil, fmt.Errorf("read ignore rules %s: %w", f, err)
		}
	}
	return ignore.New(lists...), nil
}
