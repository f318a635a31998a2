package odb

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	cfgformat "github.com/go-git/go-git/v5/plumbing/format/config"
	"github.com/go-git/go-git/v5/storage/filesystem"
	"github.com/go-git/go-git/v5/storage/filesystem/dotgit"
)

// DB is the object database of a repository, with go-git's storage of its
// git directory (refs, configuration, index, shallow, loose objects) and
// the pack reader (pack.go) in front of it.

// Open opens the storage of the repository whose top level (or, bare,
// whose git directory) is top. gitDir is its git directory, commonDir the
// one it shares objects and refs with (itself, but for a linked worktree).
// A *FormatError means a format go-git's storage does not read.
func Open(top string, bare bool) (db *DB, gitDir, commonDir string, err error) {
	st, cfg, gitDir, commonDir, err := openStorage(top, bare)
	if err != nil {
		return nil, "", "", err
	}
	db = newDB(st, filepath.Join(commonDir, "objects"))
	db.Promisor, db.Filter = promisor(cfg)
	return db, gitDir, commonDir, nil
}

// promisor is the remote a partial clone fetches missing objects from
// (remote.NAME.promisor = true, or extensions.partialClone as git before
// 2.24 wrote it) and its filter, "" for a complete clone.
func promisor(cfg *config.Config) (remote, filter string) {
	if cfg.Raw == nil {
		return "", ""
	}
	if cfg.Raw.HasSection("extensions") {
		remote = cfg.Raw.Section("extensions").Option("partialclone")
	}
	for _, sub := range cfg.Raw.Section("remote").Subsections {
		if strings.EqualFold(sub.Option("promisor"), "true") && remote == "" {
			remote = sub.Name
		}
	}
	if remote != "" {
		filter = cfg.Raw.Section("remote").Subsection(remote).Option("partialclonefilter")
	}
	return remote, filter
}

// Reference reads a ref by its full name; a name git refuses (a "..",
// "." or empty component, an absolute path) is an error, never a file
// read outside the git directory.
func (s *DB) Reference(name ReferenceName) (*Reference, error) {
	n := string(name)
	if n == "" || strings.HasPrefix(n, "/") || strings.ContainsAny(n, "\\\x00") || !ValidIndexPath(n) {
		return nil, fmt.Errorf("ref name %q is not valid", n)
	}
	return s.fs.Reference(name)
}

// Remotes are the names of the configured remotes, sorted.
func (s *DB) Remotes() []string {
	cfg, err := s.fs.Config()
	if err != nil {
		return nil
	}
	names := make([]string, 0, len(cfg.Remotes))
	for n := range cfg.Remotes {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// OpenFile opens a file of the git directory by its name there, e.g.
// "info/exclude" (a linked worktree's shared files are its common directory's).
func (s *DB) OpenFile(name string) (io.ReadCloser, error) { return s.fs.Filesystem().Open(name) }

// StatFile describes a file of the git directory, e.g. "index".
func (s *DB) StatFile(name string) (fs.FileInfo, error) { return s.fs.Filesystem().Stat(name) }

// FormatError: the repository uses a format version or an extension
// that go-git's storage does not read (sha256 objects, a worktree config).
type FormatError struct{ msg string }

func (e *FormatError) Error() string { return e.msg }

// openStorage opens go-git's storage of the repository whose top level
// (or, bare, whose git directory) is top, as go-git's PlainOpen with
// EnableDotGitCommonDir does: a .git directory, or a .git file naming the
// git directory of a linked worktree, whose commondir holds the objects
// and refs shared with the main worktree. It checks the format version and
// extensions as go-git's Open does, with its words. gitDir is the git
// directory, commonDir the one it shares objects and refs with (itself,
// but for a linked worktree). cfg is the repository's configuration, read
// once here for the format check and the promisor.
func openStorage(top string, bare bool) (st *filesystem.Storage, cfg *config.Config, gitDir, commonDir string, err error) {
	dot := top
	if !bare {
		dot = filepath.Join(top, ".git")
		fi, err := os.Stat(dot)
		if err != nil {
			return nil, nil, "", "", err
		}
		if !fi.IsDir() {
			data, err := os.ReadFile(dot)
			if err != nil {
				return nil, nil, "", "", err
			}
			gitdir, ok := strings.CutPrefix(string(data), "gitdir: ")
			if !ok {
				return nil, nil, "", "", errors.New(".git file has no gitdir: prefix")
			}
			gitdir, _, _ = strings.Cut(gitdir, "\n")
			if dot = strings.TrimSpace(gitdir); !filepath.IsAbs(dot) {
				dot = filepath.Join(top, dot)
			}
		}
	}
	if _, err := os.Stat(dot); err != nil {
		return nil, nil, "", "", err
	}
	var fsys billy.Filesystem = osfs.New(dot)
	commonDir = dot
	if data, err := os.ReadFile(filepath.Join(dot, "commondir")); err == nil && len(data) > 0 {
		common := strings.TrimSpace(string(data))
		if !filepath.IsAbs(common) {
			common = filepath.Join(dot, common)
		}
		if _, err := os.Stat(common); err != nil {
			return nil, nil, "", "", fmt.Errorf("the common directory of the worktree: %w", err)
		}
		fsys = dotgit.NewRepositoryFilesystem(fsys, osfs.New(common))
		commonDir = common
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, nil, "", "", err
	}
	st = filesystem.NewStorage(fsys, cache.NewObjectLRUDefault())
	if _, err := st.Reference(plumbing.HEAD); err != nil {
		return nil, nil, "", "", fmt.Errorf("read HEAD: %w", err)
	}
	if cfg, err = st.Config(); err != nil {
		return nil, nil, "", "", err
	}
	return st, cfg, dot, commonDir, checkFormat(cfg)
}

// checkFormat refuses what go-git's Open refuses: a format version other
// than 0 and 1, in version 0 any extension but noop (go-git's list of
// extensions valid in version 0 also names partialClone, preciousObjects
// and worktreeConfig, but compares them with lower-cased names, so that
// only noop passes), and any extension but noop and noop-v1 — but for
// partialClone (a partial clone: missing objects are the clone's filter's,
// errors say how to fetch them) and preciousObjects (objects are never
// deleted), which change nothing of how objects are read.
func checkFormat(cfg *config.Config) error {
	version := cfg.Core.RepositoryFormatVersion
	if version != "" && version != cfgformat.Version_0 && version != cfgformat.Version_1 {
		return &FormatError{fmt.Sprintf("core.repositoryformatversion not supported: %q", version)}
	}
	if cfg.Raw == nil || !cfg.Raw.HasSection("extensions") {
		return nil
	}
	var notV0, unknown []string
	for _, opt := range cfg.Raw.Section("extensions").Options {
		name := strings.ToLower(opt.Key)
		if name != "noop" && name != "partialclone" && name != "preciousobjects" { // git reads these in version 0 too
			notV0 = append(notV0, name)
		}
		if name != "noop" && name != "noop-v1" && name != "partialclone" && name != "preciousobjects" {
			unknown = append(unknown, name)
		}
	}
	if (version == "" || version == cfgformat.Version_0) && len(notV0) > 0 {
		return &FormatError{"core.repositoryformatversion does not support extension: " + strings.Join(notV0, ", ")}
	}
	if len(unknown) > 0 {
		return &FormatError{"unknown extension: " + strings.Join(unknown, ", ")}
	}
	return nil
}
