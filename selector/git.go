package selector

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// Repo is a git repository opened for reading changes (with go-git).
// It is safe for concurrent use: its methods, and the file systems returned
// by TreeFS, serialise their access to the repository.
type Repo struct {
	mu    sync.Mutex
	repo  *git.Repository
	store storage.Storer
	root  string // work tree root, "" for a bare repository
	walk  *walker
	// packed are the refs of packed-refs, read on first use (refs.go).
	packed map[string]plumbing.Hash
}

// Revision is a revision as asked and the commit it resolved to.
type Revision struct {
	Rev    string `json:"rev"`
	Commit string `json:"commit"`
}

// OpenRepo opens the repository containing dir: the first directory from
// dir upward that holds a .git directory or file (a linked worktree) or is
// itself a bare repository.
func OpenRepo(ctx context.Context, dir string) (*Repo, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("open repository %s: %w", dir, err)
	}
	top, bare := "", false
	for d := abs; ; {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			top = d
			break
		}
		if isBareDir(d) {
			top, bare = d, true
			break
		}
		parent := filepath.Dir(d)
		if parent == d {
			return nil, fmt.Errorf("open repository %s: not a git repository (nor any of its parents)", dir)
		}
		d = parent
	}
	repo, err := git.PlainOpenWithOptions(top, &git.PlainOpenOptions{EnableDotGitCommonDir: true})
	if err != nil {
		if errors.Is(err, git.ErrUnknownExtension) || errors.Is(err, git.ErrUnsupportedRepositoryFormatVersion) ||
			errors.Is(err, git.ErrUnsupportedExtensionRepositoryFormatVersion) || errors.Is(err, git.ErrSHA256NotSupported) {
			return nil, fmt.Errorf("open repository %s: go-git cannot read this repository (%w); "+
				"pass the changes with --files instead, e.g. git diff --name-only --no-renames BASE...HEAD | gatesel select --files -", top, err)
		}
		return nil, fmt.Errorf("open repository %s: %w", top, err)
	}
	r := &Repo{repo: repo, store: repo.Storer}
	if fss, ok := repo.Storer.(*filesystem.Storage); ok {
		// Packed objects are read by packStore (pack.go), the rest by go-git.
		ps := newPackStore(fss, objectsDir(fss.Filesystem().Root()))
		if wrapped, err := git.Open(ps, nil); err == nil {
			r.repo, r.store = wrapped, ps
		}
	}
	if !bare {
		r.root = top
	}
	r.walk = newWalker(r)
	return r, nil
}

// isBareDir reports whether d looks like a bare repository (git's own test:
// HEAD, objects/ and refs/).
func isBareDir(d string) bool {
	for _, name := range []string{"HEAD", "objects", "refs"} {
		if _, err := os.Stat(filepath.Join(d, name)); err != nil {
			return false
		}
	}
	return true
}

// objectsDir is the objects directory of the git directory gitDir: its
// own, or that of the common directory of a linked worktree.
func objectsDir(gitDir string) string {
	if data, err := os.ReadFile(filepath.Join(gitDir, "commondir")); err == nil {
		common := strings.TrimSpace(string(data))
		if !filepath.IsAbs(common) {
			common = filepath.Join(gitDir, common)
		}
		return filepath.Join(common, "objects")
	}
	return filepath.Join(gitDir, "objects")
}

// fsStorage is go-git's storage of the .git directory, nil for another storer.
func (r *Repo) fsStorage() *filesystem.Storage {
	switch s := r.store.(type) {
	case *packStore:
		return s.fs
	case *filesystem.Storage:
		return s
	}
	return nil
}

// Root is the root of the work tree ("" for a bare repository).
func (r *Repo) Root() string { return r.root }

// Resolve resolves a revision to a commit: a branch, a remote branch, a tag
// (annotated tags are peeled), HEAD, a suffix ~N, ^ or ^N, a full or short
// hash. A revision that does not resolve is a *HistoryError wrapping
// ErrNoBase; an ancestor beyond the end of a shallow clone is one wrapping
// ErrShallow.
func (r *Repo) Resolve(ctx context.Context, rev string) (Revision, error) {
	return r.resolveAs(ctx, rev, "revision")
}

// resolveAs is Resolve with the revision's role named in errors ("head
// revision").
func (r *Repo) resolveAs(ctx context.Context, rev, what string) (Revision, error) {
	if err := ctx.Err(); err != nil {
		return Revision{}, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	h, err := r.resolve(rev, what)
	if err != nil {
		return Revision{}, err
	}
	return Revision{Rev: rev, Commit: h.String()}, nil
}

// badRev are revisions go-git's parser cannot start with.
var badRev = regexp.MustCompile(`^[~^:@{]|\.\.|[\x00-\x20\x7f]`)

// resolve resolves rev; what says which revision it is in errors ("base revision").
func (r *Repo) resolve(rev, what string) (h plumbing.Hash, err error) {
	notFound := func() error {
		return &HistoryError{Rev: rev, Fix: r.fetchFix(rev, what),
			Err: fmt.Errorf("resolve %s %s: %w", what, rev, ErrNoBase)}
	}
	if rev == "" || badRev.MatchString(rev) {
		return h, notFound()
	}
	defer func() { // go-git's revision walk is not hardened against every input
		if p := recover(); p != nil {
			h, err = plumbing.ZeroHash, notFound()
		}
	}()
	got, err := r.resolveRevision(rev)
	if err == nil {
		return got, nil
	}
	if strings.ContainsAny(rev, "~^") && r.walk.isShallowRepo() {
		return h, &HistoryError{Rev: rev, Fix: r.deepenFix(rev),
			Err: fmt.Errorf("resolve %s %s: %w: the ancestor is beyond the history of this clone", what, rev, ErrShallow)}
	}
	return h, notFound()
}

// resolveRevision resolves with go-git, walking a ~N/^N suffix itself:
// go-git decodes every commit on the way, which costs tens of
// milliseconds for main~2000.
func (r *Repo) resolveRevision(rev string) (plumbing.Hash, error) {
	name, steps, ok := splitAncestry(rev)
	if !ok {
		name = rev
	}
	h, err := r.resolveName(name)
	if err != nil || !ok {
		return h, err
	}
	return r.walk.ancestor(h, steps)
}

// remoteOf splits "origin/main" into a configured remote and a branch.
func (r *Repo) remoteOf(rev string) (remote, branch string) {
	name := strings.TrimPrefix(strings.TrimPrefix(rev, "refs/"), "remotes/")
	cfg, err := r.repo.Config()
	if err != nil {
		return "", ""
	}
	for n := range cfg.Remotes {
		if b, ok := strings.CutPrefix(name, n+"/"); ok && b != "" {
			return n, b
		}
	}
	return "", ""
}

// defaultRemote is "origin" when configured, else the first remote by name, else "".
func (r *Repo) defaultRemote() string {
	cfg, err := r.repo.Config()
	if err != nil || len(cfg.Remotes) == 0 {
		return ""
	}
	if _, ok := cfg.Remotes["origin"]; ok {
		return "origin"
	}
	names := make([]string, 0, len(cfg.Remotes))
	for n := range cfg.Remotes {
		names = append(names, n)
	}
	sort.Strings(names)
	return names[0]
}

// baseName strips ~N and ^N suffixes: "origin/main~3" → "origin/main".
func baseName(rev string) string {
	if i := strings.IndexAny(rev, "~^"); i > 0 {
		return rev[:i]
	}
	return rev
}

// fetchFix is the fix of a revision that does not resolve; what names it
// ("head revision" suggests --head, anything else --base).
func (r *Repo) fetchFix(rev, what string) string {
	pass := "pass --base with a commit that is present"
	if what == "head revision" {
		pass = "pass --head with a commit that is present"
	}
	name := baseName(rev)
	if remote, branch := r.remoteOf(name); remote != "" {
		return fmt.Sprintf("git fetch %s %s, or %s", remote, branch, pass)
	}
	remote := r.defaultRemote()
	switch {
	case remote == "":
		return pass
	case plumbing.IsHash(name):
		return fmt.Sprintf("git fetch %s %s, or %s", remote, name, pass)
	default:
		return fmt.Sprintf("git fetch %s %s:%s, or %s", remote, name, name, pass)
	}
}

// deepenFix is the fix of history cut by a shallow clone.
func (r *Repo) deepenFix(rev string) string {
	remote, branch := r.remoteOf(baseName(rev))
	if remote == "" {
		remote = r.defaultRemote()
	}
	fetch := fmt.Sprintf("git fetch --deepen=%d", shallowDeepen)
	if remote != "" {
		fetch += " " + remote
		if branch != "" {
			fetch += " " + branch
		}
	}
	return fetch + ", or git fetch --unshallow"
}

// DefaultBase returns the base revision to use when none was asked:
// configured (settings.base) if non-empty, else the first of origin/HEAD
// (named by the branch it points to, e.g. origin/main), origin/main and main
// that resolves. None resolving is a *HistoryError wrapping ErrNoBase.
func (r *Repo) DefaultBase(ctx context.Context, configured string) (string, error) {
	if configured != "" {
		return configured, nil
	}
	if err := ctx.Err(); err != nil {
		return "", err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if ref, err := r.store.Reference("refs/remotes/origin/HEAD"); err == nil {
		if ref.Type() == plumbing.SymbolicReference {
			target := ref.Target()
			if _, err := r.store.Reference(target); err == nil && target.IsRemote() {
				return strings.TrimPrefix(target.String(), "refs/remotes/"), nil
			}
		} else if _, err := r.resolve("origin/HEAD", "base revision"); err == nil {
			return "origin/HEAD", nil
		}
	}
	for _, name := range []string{"origin/main", "main"} {
		if _, err := r.resolve(name, "base revision"); err == nil {
			return name, nil
		}
	}
	return "", &HistoryError{Rev: "origin/main",
		Fix: "git fetch origin main, or pass --base, or set settings.base in gates.yaml",
		Err: fmt.Errorf("find the default base revision: none of origin/HEAD, origin/main, main resolves: %w", ErrNoBase)}
}

// Tracked lists the files of the index (the files of HEAD's tree for a bare
// repository), sorted, each once. Submodules are listed by their path.
func (r *Repo) Tracked(ctx context.Context) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.root == "" {
		h, err := r.resolve("HEAD", "revision")
		if err != nil {
			return nil, err
		}
		tree, err := r.commitTree(h)
		if err != nil {
			return nil, err
		}
		var out []string
		err = walkFiles(ctx, r.store, tree, "", func(p string, _ object.TreeEntry) { out = append(out, p) })
		sort.Strings(out)
		return out, err
	}
	idx, err := r.store.Index()
	if err != nil {
		return nil, fmt.Errorf("read the index: %w", err)
	}
	out := make([]string, 0, len(idx.Entries))
	for _, e := range idx.Entries {
		if n := len(out); n > 0 && out[n-1] == e.Name {
			continue // conflict stages
		}
		out = append(out, e.Name)
	}
	sort.Strings(out)
	return out, nil
}
