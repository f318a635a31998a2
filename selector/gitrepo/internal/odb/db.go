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
	// A missing or empty HEAD is no reference; any other failure (a
	// permission, an I/O error, HEAD a directory) is kept as it is.
	data, err := os.ReadFile(filepath.Join(gitDir, "HEAD"))
	if errors.Is(err, fs.ErrNotExist) || err == nil && len(bytes.TrimSpace(data)) == 0 {
		return nil, "", "", fmt.Errorf("read HEAD: %w", ErrReferenceNotFound)
	}
	if err != nil {
		return nil, "", "", fmt.Errorf("read HEAD: %w", err)
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
	db.Sparse = cfg.sparse
	db.noCommitGraph = cfg.noCommitGraph
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
// file (no include.path, no global or system file: git reads the format
// from this file alone).
type repoConfig struct {
	// version is core.repositoryformatversion, -1 when unset. Unset (or
	// -1), git ignores every extension; below -1 it reads them but checks
	// none (setup.c's read_repository_format and
	// check_repository_format_gently).
	version int
	// v1Only are the extensions.* git reads in format version 1 only
	// (noop-v1, objectformat), unknown those git 2.39 does not know, in
	// file order, as git writes them in its errors.
	v1Only, unknown []string
	objectFormat    string // extensions.objectformat (sha1 or sha256), "" when unset
	// worktreeConfig: extensions.worktreeConfig is true (git would read
	// the worktree's config.worktree after the repository's).
	worktreeConfig bool
	// sparse: core.sparseCheckout is true (the work tree may leave out
	// files of the index).
	sparse bool
	// noCommitGraph: core.commitGraph is false (git reads the commits,
	// never the commit-graph).
	noCommitGraph bool
	remotes       []string // the configured remotes, sorted
	// promisor is the remote a partial clone fetches missing objects from
	// (remote.NAME.promisor = true, or extensions.partialClone as git
	// before 2.24 wrote it), filter its remote.NAME.partialclonefilter;
	// "" for a complete clone.
	promisor, filter string
}

// readConfig reads the configuration file name; a missing file is an
// empty configuration. A file git could not parse, or a value of the
// format's variables git dies on (a version that is no integer, a
// boolean that is none), is an error at its line.
func readConfig(name string) (repoConfig, error) {
	c := repoConfig{version: -1}
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
	var partialClone string
	promisor := map[string]bool{}  // remote → promisor = true, the last value
	filters := map[string]string{} // remote → partialclonefilter
	for _, e := range entries {
		section, rest, _ := strings.Cut(e.Key, ".")
		i := strings.LastIndexByte(rest, '.')
		var err error
		switch {
		case section == "core" && rest == "repositoryformatversion":
			c.version, err = e.Int()
		case section == "core" && rest == "sparsecheckout":
			c.sparse, err = e.Bool()
		case section == "core" && rest == "commitgraph":
			var on bool
			on, err = e.Bool()
			c.noCommitGraph = !on
		case section == "extensions":
			switch rest {
			case "noop":
			case "preciousobjects": // objects are never deleted: nothing to read differently
				_, err = e.Bool()
			case "partialclone":
				if partialClone = e.Value; e.NoValue {
					err = fmt.Errorf("missing value for '%s'", e.Key)
				}
			case "worktreeconfig":
				c.worktreeConfig, err = e.Bool()
			case "noop-v1":
				c.v1Only = append(c.v1Only, rest)
			case "objectformat":
				c.v1Only = append(c.v1Only, rest)
				switch c.objectFormat = e.Value; {
				case e.NoValue:
					err = fmt.Errorf("missing value for '%s'", e.Key)
				case e.Value != "sha1" && e.Value != "sha256":
					err = fmt.Errorf("invalid value for '%s': '%s'", e.Key, e.Value)
				}
			default:
				c.unknown = append(c.unknown, rest)
			}
		case section == "remote" && i >= 0:
			remote, name := rest[:i], rest[i+1:]
			if !slices.Contains(c.remotes, remote) {
				c.remotes = append(c.remotes, remote)
			}
			switch name {
			case "promisor":
				promisor[remote], err = e.Bool()
			case "partialclonefilter":
				filters[remote] = e.Value
			}
		}
		if err != nil {
			return c, &gitconfig.Error{File: name, Line: e.Line, Err: err}
		}
	}
	if c.version == -1 { // git clears what it read of the extensions
		c = repoConfig{version: -1, remotes: c.remotes, sparse: c.sparse}
		partialClone = ""
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

// FormatError: the repository's format is one git refuses (a format
// version above 1, an extension git does not know), or one git reads and
// gatesel does not (sha256 objects, a worktree configuration).
type FormatError struct{ msg string }

func (e *FormatError) Error() string { return e.msg }

// checkFormat refuses what git 2.39 refuses (setup.c's
// verify_repository_format), in its words: a format version above 1; in
// version 1 an extension git does not know; in version 0 one of version
// 1 (noop-v1, objectformat). An unknown extension in version 0 is
// ignored, as git ignores it. It also refuses sha256 objects, which git
// reads and gatesel does not, and extensions.worktreeConfig (below). No version (or -1) is version 0 with no
// extension at all, and below -1 nothing is checked, as in git.
func checkFormat(cfg repoConfig) error {
	plural := func(one, many string, names []string) string {
		if len(names) > 1 {
			one = many
		}
		return one + ": " + strings.Join(names, ", ")
	}
	switch {
	case cfg.version > 1:
		return &FormatError{fmt.Sprintf("expected git repo version <= 1, found %d", cfg.version)}
	case cfg.version >= 1 && len(cfg.unknown) > 0:
		return &FormatError{plural("unknown repository extension found", "unknown repository extensions found", cfg.unknown)}
	case cfg.version == 0 && len(cfg.v1Only) > 0:
		return &FormatError{plural("repo version is 0, but v1-only extension found", "repo version is 0, but v1-only extensions found", cfg.v1Only)}
	case cfg.worktreeConfig:
		// Decision (issue 18 review): git reads this extension (config.worktree),
		// but git sparse-checkout is what sets it, and a sparse work tree lacks
		// the policy files of the directories it leaves out: read from the work
		// tree, the policy then misses their services and selects fewer gates.
		// Refusing it by name is the safe side until the policy is read past a
		// sparse work tree.
		return &FormatError{"extensions.worktreeConfig is set (git sparse-checkout sets it): a sparse work tree lacks the policy files of the directories it leaves out, which gatesel would read as absent"}
	case cfg.objectFormat == "sha256":
		return &FormatError{"extensions.objectformat is sha256: the repository's objects are sha256, and gatesel reads sha1 objects only"}
	}
	return nil
}
