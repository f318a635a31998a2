package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/go-git/go-git/v5"

	"github.com/gatesel/gatesel/graph"
	"github.com/gatesel/gatesel/ownership"
)

// runValidate loads and checks the policy: errors exit 1, warnings go to
// stderr, and "ok: …" with the counts to stdout. In a git repository the
// globs are also checked against the tracked files (graph.Lint);
// --coverage reports the share of tracked files that something claims.
func runValidate(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "validate", "[-C DIR] [--config F] [--coverage]")
	dir := fs.String("C", ".", "run as if started in `DIR`")
	config := fs.String("config", "gates.yaml", "policy `file`, relative to the repository root")
	coverage := fs.Bool("coverage", false, "report the share of tracked files claimed by a service, contract, trigger or domain")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("validate takes no arguments, got %q", fs.Arg(0))
	}
	root, tracked, gitErr := trackedFiles(*dir)
	if gitErr != nil {
		if *coverage || !errors.Is(gitErr, git.ErrRepositoryNotExists) {
			return gitErr
		}
		root = *dir
	}
	name, err := configName(root, *config)
	if err != nil {
		return err
	}
	g, warnings, err := graph.Load(os.DirFS(root), name)
	for _, w := range warnings {
		fmt.Fprintf(e.stderr, "gatesel: warning: %s\n", w)
	}
	if err != nil {
		return err
	}
	if gitErr != nil {
		fmt.Fprintf(e.stderr, "gatesel: warning: %s is not in a git repository: globs are not checked against tracked files\n", *dir)
	} else {
		for _, w := range g.Lint(tracked) {
			fmt.Fprintf(e.stderr, "gatesel: warning: %s\n", w)
		}
	}
	fmt.Fprintf(e.stdout, "ok: %d gates, %d services, %d contracts, %d domains, %d triggers\n",
		len(g.Gates), len(g.Services), len(g.Contracts), len(g.Domains), len(g.Triggers))
	if *coverage {
		return printCoverage(e, root, g, tracked)
	}
	return nil
}

// configName turns --config into a slash path relative to the repository root.
func configName(root, config string) (string, error) {
	if filepath.IsAbs(config) {
		rel, err := filepath.Rel(root, config)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return "", fmt.Errorf("config %s is outside the repository %s", config, root)
		}
		config = rel
	}
	return filepath.ToSlash(filepath.Clean(config)), nil
}

// trackedFiles opens the git repository that contains dir and returns its
// worktree root and the paths in its index. This is the only git access of
// validate (the selector owns git access in general).
func trackedFiles(dir string) (string, []string, error) {
	repo, err := git.PlainOpenWithOptions(dir, &git.PlainOpenOptions{DetectDotGit: true})
	if err != nil {
		return "", nil, fmt.Errorf("open git repository at %s: %w", dir, err)
	}
	wt, err := repo.Worktree()
	if err != nil {
		return "", nil, fmt.Errorf("open git worktree at %s: %w", dir, err)
	}
	idx, err := repo.Storer.Index()
	if err != nil {
		return "", nil, fmt.Errorf("read git index: %w", err)
	}
	files := make([]string, len(idx.Entries))
	for i, en := range idx.Entries {
		files[i] = en.Name
	}
	return wt.Filesystem.Root(), files, nil
}

// printCoverage reports the share of tracked files that a service,
// contract, trigger or domain claims (a domain through its services, or
// through CODEOWNERS when the file's owners include a domain owner), and
// the ten directories with the most unclaimed files.
func printCoverage(e *env, root string, g *graph.Graph, tracked []string) error {
	rules, err := domainCodeowners(root, g)
	if err != nil {
		return err
	}
	domainOwners := map[string]bool{}
	for _, d := range g.Domains {
		for _, o := range d.Owners {
			domainOwners[o] = true
		}
	}
	unclaimed := map[string]int{}
	claimed := 0
	for _, p := range tracked {
		if g.Classify(p).Claimed() {
			claimed++
			continue
		}
		if rules != nil && slices.ContainsFunc(rules.Match(p).Owners, func(o string) bool { return domainOwners[o] }) {
			claimed++
			continue
		}
		unclaimed[path.Dir(p)]++
	}
	share := 100.0
	if len(tracked) > 0 {
		share = 100 * float64(claimed) / float64(len(tracked))
	}
	fmt.Fprintf(e.stdout, "coverage: %d of %d tracked files claimed (%.1f%%)\n", claimed, len(tracked), share)
	if len(unclaimed) == 0 {
		return nil
	}
	dirs := make([]string, 0, len(unclaimed))
	for d := range unclaimed {
		dirs = append(dirs, d)
	}
	slices.SortFunc(dirs, func(a, b string) int { return cmp.Or(cmp.Compare(unclaimed[b], unclaimed[a]), cmp.Compare(a, b)) })
	fmt.Fprintln(e.stdout, "unclaimed directories:")
	for _, d := range dirs[:min(10, len(dirs))] {
		fmt.Fprintf(e.stdout, "  %6d  %s\n", unclaimed[d], d)
	}
	return nil
}

// domainCodeowners reads the CODEOWNERS file (settings.codeowners, else
// the first of the standard locations) when some domain has owners; nil
// when there is none.
func domainCodeowners(root string, g *graph.Graph) (*ownership.Ruleset, error) {
	if !slices.ContainsFunc(g.DomainNames(), func(n string) bool { return len(g.Domains[n].Owners) > 0 }) {
		return nil, nil
	}
	candidates := []string{".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS"}
	if g.Settings.Codeowners != "" {
		candidates = []string{g.Settings.Codeowners}
	}
	dialect, err := ownership.ParseDialect(g.Settings.CodeownersDialect)
	if err != nil {
		return nil, err
	}
	fsys := os.DirFS(root)
	for _, c := range candidates {
		data, err := fs.ReadFile(fsys, c)
		if errors.Is(err, fs.ErrNotExist) && g.Settings.Codeowners == "" {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("read codeowners: %w", err)
		}
		rules, err := ownership.Parse(c, data, dialect)
		if rules == nil {
			return nil, err
		}
		return rules, nil // skipped lines are the owners command's business
	}
	return nil, nil
}
