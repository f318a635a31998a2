package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"math"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gatesel/gatesel/selector"
	"github.com/gatesel/gatesel/selector/render"
)

// newValidateCmd is validate: it checks the policy (selector.Validate).
// The findings go to stderr in the text format ("gatesel: warning: …",
// errors as "gatesel: FILE:LINE:COL: …"), with "ok: …" and the counts on
// stdout, or to stdout as JSON or GitHub annotations (--format). Any
// error, and with --strict any warning, exits 1. --coverage reports the
// share of tracked files that something claims; --min-coverage N fails
// below N%.
func newValidateCmd(e *env) *cobra.Command {
	var f validateFlags
	c := newCommand("validate", "[-C DIR] [--config F] [--coverage] [--min-coverage N] [--strict] [--format text|json|github]", "check gates.yaml and its fragments", func(c *cobra.Command, args []string) error {
		if len(args) > 0 {
			return usagef("validate takes no arguments, got %q", args[0])
		}
		return runValidate(c.Context(), e, f)
	})
	fs := c.Flags()
	fs.StringVarP(&f.dir, "directory", "C", ".", "run as if started in `DIR`")
	fs.StringVar(&f.config, "config", "gates.yaml", "policy `file`, relative to the repository root; an absolute path, or one outside (../x.yaml), is read from the file system")
	fs.BoolVar(&f.coverage, "coverage", false, "report the share of tracked files claimed by a service, contract, trigger or domain")
	fs.StringVar(&f.minCoverage, "min-coverage", "", "fail when less than `N` percent (0-100) of the tracked files is claimed")
	fs.BoolVar(&f.strict, "strict", false, "every warning is an error")
	fs.StringVar(&f.format, "format", "text", "output `format`: text, json or github (annotations)")
	registerValues(c, "format", render.FindingsFormats)
	registerCompletion(c, "directory", completeDirs)
	c.ValidArgsFunction = cobra.NoFileCompletions
	return c
}

// validateFlags are the flags of validate.
type validateFlags struct {
	dir, config, minCoverage, format string
	coverage, strict                 bool
}

// runValidate validates with the flags; the zero format is text (init
// validates what it wrote this way).
func runValidate(ctx context.Context, e *env, f validateFlags) error {
	f.format = cmp.Or(f.format, "text")
	if !slices.Contains(render.FindingsFormats, f.format) {
		return usagef("unknown --format %q (want text, json or github)", f.format)
	}
	opt := selector.ValidateOptions{Dir: f.dir, Strict: f.strict, Coverage: f.coverage}
	if f.minCoverage != "" {
		n, err := strconv.ParseFloat(strings.TrimSuffix(f.minCoverage, "%"), 64)
		if err != nil || n < 0 || n > 100 || math.IsNaN(n) {
			return usagef("--min-coverage %q: want a percentage from 0 to 100", f.minCoverage)
		}
		opt.MinCoverage = n
	}
	if err := checkDir(f.dir); err != nil {
		return err
	}
	name, err := configName(f.config)
	if err != nil {
		return err
	}
	opt.Config = name
	v, err := selector.Validate(ctx, opt)
	if err != nil {
		return err
	}
	switch f.format {
	case "json":
		err = render.FindingsJSON(e.stdout, v)
	case "github":
		err = render.FindingsGitHub(e.stdout, v.Findings)
	default:
		return validateText(e, v, f.coverage)
	}
	if err == nil && v.Failed() {
		err = fmt.Errorf("the policy does not validate: %d error(s), %d warning(s)", v.Count(selector.SeverityError), v.Count(selector.SeverityWarning))
	}
	return err
}

// validateText prints a validation as validate always has: warnings on
// stderr, then the errors as the command's error, or "ok: …" and the
// coverage on stdout.
func validateText(e *env, v *selector.Validation, coverage bool) error {
	var errs []string
	for _, f := range v.Findings {
		if f.Severity == selector.SeverityError {
			errs = append(errs, f.String())
			continue
		}
		fmt.Fprintf(e.stderr, "gatesel: warning: %s\n", render.Escape(f.String()))
	}
	if len(errs) > 0 {
		return errors.New(strings.Join(errs, "\n"))
	}
	g := v.Graph
	fmt.Fprintf(e.stdout, "ok: %d gates, %d services, %d contracts, %d domains, %d triggers\n",
		len(g.Gates), len(g.Services), len(g.Contracts), len(g.Domains), len(g.Triggers))
	if coverage && v.Coverage != nil {
		printCoverage(e, *v.Coverage)
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
