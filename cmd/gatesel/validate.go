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

	"github.com/spf13/cobra"

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
func newValidateCmd(e *env) *cobra.Command {
	var f validateFlags
	c := newCommand("validate", "[-C DIR] [--config F] [--coverage]", "check gates.yaml and its fragments", func(c *cobra.Command, args []string) error {
		if len(args) > 0 {
			return usagef("validate takes no arguments, got %q", args[0])
		}
		return runValidate(c.Context(), e, f)
	})
	fs := c.Flags()
	fs.StringVarP(&f.dir, "directory", "C", ".", "run as if started in `DIR`")
	fs.StringVar(&f.config, "config", "gates.yaml", "policy `file`, relative to the repository root; an absolute path, or one outside (../x.yaml), is read from the file system")
	fs.BoolVar(&f.coverage, "coverage", false, "report the share of tracked files claimed by a service, contract, trigger or domain")
	registerCompletion(c, "directory", completeDirs)
	c.ValidArgsFunction = cobra.NoFileCompletions
	return c
}

// validateFlags are the flags of validate.
type validateFlags struct {
	dir, config string
	coverage    bool
}

func runValidate(ctx context.Context, e *env, f validateFlags) error {
	dir, config, coverage := &f.dir, &f.config, &f.coverage
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
	name, err := configName(*config)
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

// configName turns --config into what the library reads: a slash path
// relative to the repository root, or, for an absolute path or a relative
// one that leaves the directory (../draft.yaml, taken from the current
// directory), an absolute path read from the file system as the policy of
// both revisions.
func configName(config string) (string, error) {
	clean := filepath.Clean(config)
	if filepath.IsAbs(clean) {
		return clean, nil
	}
	if clean == ".." || strings.HasPrefix(clean, ".."+string(filepath.Separator)) {
		return filepath.Abs(clean)
	}
	return filepath.ToSlash(clean), nil
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

// repoConfigName turns --config into a slash path relative to the
// repository root, refusing one outside it: for init, which writes it.
func repoConfigName(root, config string) (string, error) {
	if filepath.IsAbs(config) {
		rel, err := filepath.Rel(root, config)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return "", fmt.Errorf("config %s is outside the repository %s", config, root)
		}
		config = rel
	}
	return filepath.ToSlash(filepath.Clean(config)), nil
}
