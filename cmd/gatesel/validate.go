package main

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gatesel/gatesel/selector"
	"github.com/gatesel/gatesel/selector/gitrepo"
	"github.com/gatesel/gatesel/selector/render"
)

// runValidate loads and checks the policy: errors exit 1, warnings go to
// stderr, and "ok: …" with the counts to stdout. In a git repository the
// globs are also checked against the tracked files (graph.Lint); every
// template is rendered for every scope that can bind it;
// --coverage reports the share of tracked files that something claims.
// Declared depends_on is compared with the manifests (graph.Drift): each
// difference is a warning with the policy's position and the manifest's.
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
	if err := checkDir(*dir); err != nil {
		return err
	}
	root := *dir
	repo, gitErr := gitrepo.Open(ctx, *dir)
	var tracked []string
	if gitErr == nil {
		if repo.Root() != "" {
			root = repo.Root()
		}
		if tracked, gitErr = repo.Tracked(ctx); gitErr != nil {
			return gitErr
		}
	} else if *coverage {
		return gitErr
	}
	name, err := configName(root, *config)
	if err != nil {
		return err
	}
	// The policy as select reads it: gates.yaml with its fragments, and CODEOWNERS.
	in, warnings, err := selector.LoadPolicy(ctx, selector.Options{Dir: root, Config: name, Changes: []selector.Change{}})
	for _, w := range warnings {
		fmt.Fprintf(e.stderr, "gatesel: warning: %s\n", render.Escape(w))
	}
	if err != nil {
		return err
	}
	g := in.Graph
	if gitErr != nil {
		fmt.Fprintf(e.stderr, "gatesel: warning: %s is not in a git repository: globs are not checked against tracked files\n", *dir)
	} else {
		for _, w := range g.Lint(tracked) {
			fmt.Fprintf(e.stderr, "gatesel: warning: %s\n", render.Escape(fmt.Sprint(w)))
		}
	}
	drift, err := g.Drift(ctx, os.DirFS(root))
	if err != nil {
		fmt.Fprintf(e.stderr, "gatesel: warning: depends_on not compared with the manifests: %s\n", strings.ReplaceAll(err.Error(), "\n", "; "))
	}
	for _, w := range drift {
		fmt.Fprintf(e.stderr, "gatesel: warning: %s\n", w)
	}
	// Every template rendered for every scope that can bind it: one that
	// fails for some scope fails here, not in a later plan.
	if err := selector.CheckTemplates(in); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "ok: %d gates, %d services, %d contracts, %d domains, %d triggers\n",
		len(g.Gates), len(g.Services), len(g.Contracts), len(g.Domains), len(g.Triggers))
	if *coverage {
		printCoverage(e, selector.CoverageOf(in, tracked))
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

// printCoverage reports the share of tracked files that something claims
// and the ten directories with the most unclaimed files.
func printCoverage(e *env, cov selector.Coverage) {
	share := 100.0
	if cov.Total > 0 {
		share = 100 * float64(cov.Claimed) / float64(cov.Total)
	}
	fmt.Fprintf(e.stdout, "coverage: %d of %d tracked files claimed (%.1f%%)\n", cov.Claimed, cov.Total, share)
	unclaimed := map[string]int{}
	for _, p := range cov.Unclaimed {
		unclaimed[path.Dir(p)]++
	}
	if len(unclaimed) == 0 {
		return
	}
	dirs := slices.Collect(maps.Keys(unclaimed))
	slices.SortFunc(dirs, func(a, b string) int { return cmp.Or(cmp.Compare(unclaimed[b], unclaimed[a]), cmp.Compare(a, b)) })
	fmt.Fprintln(e.stdout, "unclaimed directories:")
	for _, d := range dirs[:min(10, len(dirs))] {
		fmt.Fprintf(e.stdout, "  %6d  %s\n", unclaimed[d], render.Escape(d))
	}
}
