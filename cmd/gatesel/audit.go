package main

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gatesel/gatesel/audit"
)

// runAudit is `gatesel audit`: every commit of a range replayed with its
// own policy against its first parent, per-commit and range numbers, and
// with --failures the recall of selection against full runs.
func newAuditCmd(e *env) *cobra.Command {
	var f auditFlags
	c := newCommand("audit", "--range A..B [--first-parent] [--failures FILE] [--format text|json|markdown|svg]", "replay a range of commits: what selection costs and what it misses", func(c *cobra.Command, args []string) error {
		if len(args) > 0 {
			return usagef("audit takes no arguments (got %q); use --range A..B", args[0])
		}
		return runAudit(c.Context(), e, f)
	})
	fs := c.Flags()
	fs.StringVarP(&f.dir, "directory", "C", ".", "run in `DIR` (a directory inside the repository)")
	fs.StringVar(&f.config, "config", "gates.yaml", "policy `file`, relative to the repository root")
	fs.StringVar(&f.codeowners, "codeowners", "", "CODEOWNERS `file`, relative to the repository root (default: settings.codeowners, else the standard locations)")
	fs.StringVar(&f.rng, "range", "", "the commits to replay: `A..B`, those reachable from B and not from A")
	fs.BoolVar(&f.firstParent, "first-parent", false, "only B's first-parent chain: the mainline's pushes and merges")
	fs.StringVar(&f.failures, "failures", "", "`FILE` of the instances that failed in full runs: TSV (COMMIT<TAB>ID...) or JSON ({\"COMMIT\": [\"ID\"...]})")
	fs.StringVar(&f.format, "format", "text", "output `format`: text, json, markdown or svg")
	fs.StringVarP(&f.out, "output", "o", "", "write the report to `FILE` instead of stdout")
	registerValues(c, "format", audit.Formats)
	registerCompletion(c, "directory", completeDirs)
	registerCompletion(c, "range", completeRange)
	c.ValidArgsFunction = cobra.NoFileCompletions
	return c
}

// auditFlags are the flags of audit.
type auditFlags struct {
	dir, config, codeowners, rng, failures, format, out string
	firstParent                                         bool
}

func runAudit(ctx context.Context, e *env, f auditFlags) error {
	dir, config, codeowners, rng, firstParent, failures, format, out := &f.dir, &f.config, &f.codeowners, &f.rng, &f.firstParent, &f.failures, &f.format, &f.out
	if err := checkDir(*dir); err != nil {
		return err
	}
	if *rng == "" {
		return usagef("audit needs --range A..B")
	}
	if !slices.Contains(audit.Formats, *format) {
		return usagef("unknown --format %q (want %s)", *format, strings.Join(audit.Formats, ", "))
	}
	var fails []audit.Failure
	if *failures != "" {
		data, err := os.ReadFile(*failures)
		if err != nil {
			return fmt.Errorf("read --failures: %w", err)
		}
		if fails, err = audit.ParseFailures(*failures, data); err != nil {
			return err
		}
		if fails, err = audit.ResolveFailures(ctx, *dir, *failures, fails); err != nil {
			return err
		}
	}
	if *failures != "" && fails == nil {
		fails = []audit.Failure{} // an empty file: recall over no failure
	}
	rep, err := audit.Replay(ctx, audit.Options{Dir: *dir, Range: *rng, FirstParent: *firstParent,
		Config: *config, Codeowners: *codeowners, Failures: fails})
	if err != nil {
		if _, ok := err.(*audit.RangeError); ok {
			return usageError{"--" + err.Error()}
		}
		return err
	}
	var b strings.Builder
	if err := audit.Render(&b, rep, *format); err != nil {
		return err
	}
	return writeOut(e, *out, []byte(b.String()))
}
