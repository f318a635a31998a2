// Command gatesel plans the CI gates a change needs. See the README for the
// commands; every one of them is a thin layer over the library packages.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/gatesel/gatesel/selector/render"
)

// Exit codes: the one place where errors become them.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
	exitHistory = 3
)

// env is what a command gets from the process.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
}

// command is one subcommand: it parses its own flags and returns an error,
// which run turns into the exit code.
type command struct {
	summary string
	run     func(ctx context.Context, e *env, args []string) error
}

// commands is filled by each command's file; one file per subcommand.
var commands = map[string]command{
	"version": {"print the version", runVersion},
	"owners":  {"print the code owners of paths", runOwners},
	"select":  {"plan the gates a change needs", runSelect},
	"explain": {"say why paths select what they select, or why a gate runs or not", runExplain},
	"graph":   {"draw the service and contract graph, coloured by a change", runGraph},

	"result":   {"write the result record of one gate instance", runResult},
	"verify":   {"check that every planned gate passed once, for this plan (the required check)", runVerify},
	"evidence": {"write an in-toto statement of the plan, its policy and its results", runEvidence},
	"audit":    {"replay a range of commits: what selection costs and what it misses", runAudit},

	"validate": {"check gates.yaml and its fragments", runValidate},
	"init":     {"write a starting gates.yaml from the repository's manifests, CODEOWNERS and CI files", runInit},
	"schema":   {"print the JSON Schema of gates.yaml (gates) or of the plan (plan)", runSchema},
}

// usageError is a bad invocation: exit 2.
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// historyError marks an error as missing git history: exit 3.
type historyError interface{ MissingHistory() bool }

// gcPercent is the garbage collector's target when GOGC is not set. A run
// lives for milliseconds and keeps most of what it allocates (the policy,
// the change, the plan), so Go's default of 100 — tuned for servers —
// collected several times for little: on a 10,000-file change, GOGC=200
// took 8–12 % off the run for 9–15 % more peak memory
// (docs/performance.md). GOGC in the environment still decides.
const gcPercent = 200

func main() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		printUsage(stderr)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "gatesel: unknown command %q\n", args[0])
		printUsage(stderr)
		return exitUsage
	}
	err := cmd.run(ctx, e, args[1:])
	return report(stderr, err)
}

// report prints err and maps it to the exit code.
func report(stderr io.Writer, err error) int {
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	for _, line := range strings.Split(strings.TrimRight(advise(err), "\n"), "\n") {
		fmt.Fprintf(stderr, "gatesel: %s\n", render.Escape(line))
	}
	var u usageError
	var h historyError
	switch {
	case errors.As(err, &u):
		return exitUsage
	case errors.As(err, &h) && h.MissingHistory():
		return exitHistory
	}
	return exitFailure
}

func printUsage(w io.Writer) {
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintln(w, "usage: gatesel <command> [flags]\n\ncommands:")
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'gatesel <command> --help' for a command's flags.")
}

// newFlags makes a subcommand's flag set; its errors and help go to stderr.
func newFlags(e *env, name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "usage: gatesel %s %s\n\nflags:\n", name, usage)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args; a flag error becomes a usage error (the flag
// package has already printed it with the usage).
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	return nil
}

// version is set by the linker for releases; otherwise the module version.
var version = ""

func runVersion(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "version", "")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	v := version
	if v == "" {
		v = "(devel)"
		if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
			v = bi.Main.Version
		}
	}
	fmt.Fprintf(e.stdout, "gatesel %s\n", v)
	return nil
}
