package odb

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gatesel/gatesel/selector/gitrepo/internal/gitconfig"
)

// Open opens the object database of the repository whose top level (or,
// bare, whose git directory) is top: a .git directory, or a .git file
// naming the git directory of a linked worktree, whose commondir holds
// the objects and refs shared with the main worktree (as go-git's
// PlainOpen with EnableDotGitCommonDir found them). gitDir is its git
// directory, commonDir the one it shares objects and refs with (itself,
// but for a linked worktree). HEAD must be there, and the repository's
// configuration (the common directory's config) is read once, for the
// format check and the promisor. A *FormatError means a format or an
// extension that is not read here.
//
// go-git's storage (storage/filesystem and its configuration packages)
// did this until issue 18: its configuration chain (gcfg, encoding/gob,
// go-git's config and URL packages) cost about 0.25 ms of every run's
// start-up and a tenth of the binary's functions (docs/performance.md
// "Start-up and small pairs, round 3").
func Open(top string, bare bool) (db *DB, gitDir, commonDir string, err error) {
	gitDir, commonDir, err = findDirs(top, bare)
	if err != nil {
		return nil, "", "", err
	}
	if data, err := os.ReadFile(filepath.Join(gitDir, "HEAD")); err != nil || len(bytes.TrimSpace(data)) == 0 {
		return nil, "", "", fmt.Errorf("read HEAD: %w", ErrReferenceNotFound)
	}
	cfg, err := readConfig(filepath.Join(commonDir, "config"))
	if err != nil {
		return nil, "", "", err
	}
	if err := checkFormat(cfg); err != nil {
		return nil, "", "", err
	}
	db = newDB(filepath.Join(commonDir, "objects"))
	db.gitDir, db.commonDir, db.remotes = gitDir, commonDir, cfg.remotes
	db.Promisor, db.Filter = cfg.promisor, cfg.filter
	return db, gitDir, commonDir, nil
}

// findDirs finds the git directory of top and its common directory.
func findDirs(top string, bare bool) (gitDir, commonDir string, err error) {
	dot := top
	if !bare {
		dot = filepath.Join(top, ".git")
		fi, err := os.Stat(dot)
		if err != nil {
			return "", "", err
		}
		if !fi.IsDir() {
			data, err := os.ReadFile(dot)
			if err != nil {
				return "", "", err
			}
			gitdir, ok := strings.CutPrefix(string(data), "gitdir: ")
			if !ok {
				return "", "", errors.New(".git file has no gitdir: prefix")
			}
			gitdir, _, _ = strings.Cut(gitdir, "\n")
			if dot = strings.TrimSpace(gitdir); !filepath.IsAbs(dot) {
				dot = filepath.Join(top, dot)
			}
		}
	}
	if _, err := os.Stat(dot); err != nil {
		return "", "", err
	}
	commonDir = dot
	if data, err := os.ReadFile(filepath.Join(dot, "commondir")); err == nil && len(data) > 0 {
		common := strings.TrimSpace(string(data))
		if !filepath.IsAbs(common) {
			common = filepath.Join(dot, common)
		}
		if _, err := os.Stat(common); err != nil {
			return "", "", fmt.Errorf("the common directory of the worktree: %w", err)
		}
		commonDir = common
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", "", err
	}
	return dot, commonDir, nil
}

// repoConfig is what Open reads of the repository's own configuration
// file (no include.path, no global or system file: what go-git's storage
// read).
type repoConfig struct {
	version    string   // core.repositoryformatversion as go-git read it: "1", else ""
	extensions []string // the extensions.* variables, lower-cased, in file order
	remotes    []string // the configured remotes, sorted
	// promisor is the remote a partial clone fetches missing objects from
	// (remote.NAME.promisor = true, or extensions.partialClone as git
	// before 2.24 wrote it), filter its remote.NAME.partialclonefilter;
	// "" for a complete clone.
	promisor, filter string
}

// readConfig reads the configuration file name; a missing file is an
// empty configuration, one git could not parse an error.
func readConfig(name string) (repoConfig, error) {
	var c repoConfig
	data, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return c, err
	}
	entries, err := gitconfig.Parse(name, data)
	if err != nil {
		return c, err
	}
	var version, partialClone string
	promisor := map[string]bool{}  // remote → promisor = true, the last value
	filters := map[string]string{} // remote → partialclonefilter
	for _, e := range entries {
		section, rest, _ := strings.Cut(e.Key, ".")
		i := strings.LastIndexByte(rest, '.')
		switch {
		case section == "core" && rest == "repositoryformatversion":
			version = e.Value
		case section == "extensions" && i < 0:
			c.extensions = append(c.extensions, rest)
			if rest == "partialclone" {
				partialClone = e.Value
			}
		case section == "remote" && i >= 0:
			remote, name := rest[:i], rest[i+1:]
			if !slices.Contains(c.remotes, remote) {
				c.remotes = append(c.remotes, remote)
			}
			switch name {
			case "promisor":
				promisor[remote] = strings.EqualFold(e.Value, "true")
			case "partialclonefilter":
				filters[remote] = e.Value
			}
		}
	}
	if version == "1" {
		c.version = "1" // go-git read any other value as version 0
	}
	c.promisor = partialClone
	for _, r := range c.remotes { // in the order of each one's first variable
		if promisor[r] && c.promisor == "" {
			c.promisor = r
		}
	}
	if c.promisor != "" {
		c.filter = filters[c.promisor]
	}
	slices.Sort(c.remotes)
	return c, nil
}

// Remotes are the names of the configured remotes, sorted.
func (s *DB) Remotes() []string { return s.remotes }

// Shallow lists the commits of the shallow file (a shallow clone's
// boundary), none when there is no such file.
func (s *DB) Shallow() ([]Hash, error) {
	f, err := os.Open(filepath.Join(s.commonDir, "shallow"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []Hash
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		out = append(out, NewHash(sc.Text()))
	}
	return out, sc.Err()
}

// FormatError: the repository uses a format version or an extension
// that is not read here (sha256 objects, a worktree config).
type FormatError struct{ msg string }

func (e *FormatError) Error() string { return e.msg }

// checkFormat refuses what go-git's Open refuses, with its words: in
// version 0 any extension but noop (go-git's list of extensions valid in
// version 0 also names partialClone, preciousObjects and worktreeConfig,
// but compares them with lower-cased names, so that only noop passes),
// and any extension but noop and noop-v1 — but for partialClone (a
// partial clone: missing objects are the clone's filter's, errors say how
// to fetch them) and preciousObjects (objects are never deleted), which
// change nothing of how objects are read. go-git read a format version
// other than 1 as 0.
func checkFormat(cfg repoConfig) error {
	var notV0, unknown []string
	for _, name := range cfg.extensions {
		if name != "noop" && name != "partialclone" && name != "preciousobjects" { // git reads these in version 0 too
			notV0 = append(notV0, name)
		}
		if name != "noop" && name != "noop-v1" && name != "partialclone" && name != "preciousobjects" {
			unknown = append(unknown, name)
		}
	}
	if cfg.version == "" && len(notV0) > 0 {
		return &FormatError{"core.repositoryformatversion does not support extension: " + strings.Join(notV0, ", ")}
	}
	if len(unknown) > 0 {
		return &FormatError{"unknown extension: " + strings.Join(unknown, ", ")}
	}
	return nil
}
