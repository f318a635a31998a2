package main

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/gatesel/gatesel/audit"
)

// runAudit is `gatesel audit`: every commit of a range replayed with its
// own policy against its first parent, per-commit and range numbers, and
// with --failures the recall of selection against full runs.
func runAudit(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "audit", "--range A..B [--first-parent] [--failures FILE] [--format text|json|markdown|svg]")
	dir := fs.String("C", ".", "run in `DIR` (a directory inside the repository)")
	config := fs.String("config", "gates.yaml", "policy `file`, relative to the repository root")
	codeowners := fs.String("codeowners", "", "CODEOWNERS `file`, relative to the repository root (default: settings.codeowners, else the standard locations)")
	rng := fs.String("range", "", "the commits to replay: `A..B`, those reachable from B and not from A")
	firstParent := fs.Bool("first-parent", false, "only B's first-parent chain: the mainline's pushes and merges")
	failures := fs.String("failures", "", "`FILE` of the instances that failed in full runs: TSV (COMMIT<TAB>ID...) or JSON ({\"COMMIT\": [\"ID\"...]})")
	format := fs.String("format", "text", "output `format`: text, json, markdown or svg")
	out := fs.String("o", "", "write the report to `FILE` instead of stdout")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("audit takes no arguments (got %q); use --range A..B", fs.Arg(0))
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
