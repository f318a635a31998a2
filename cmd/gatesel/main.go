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
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/gatesel/gatesel/internal/suggest"
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
	color          string // --color: auto, always or never
}

// commands are the subcommands, by name, in the order help lists them;
// one file per subcommand builds its own.
var commands = []struct {
	name string // the command's Name(), checked by TestCommandNames
	mk   func(e *env) *cobra.Command
}{
	{"select", newSelectCmd}, {"explain", newExplainCmd}, {"owners", newOwnersCmd}, {"graph", newGraphCmd},
	{"validate", newValidateCmd}, {"init", newInitCmd}, {"schema", newSchemaCmd},
	{"result", newResultCmd}, {"verify", newVerifyCmd}, {"evidence", newEvidenceCmd}, {"audit", newAuditCmd},
	{"version", newVersionCmd},
}

// only is the one subcommand a command line needs built, "" when it needs
// them all: the first argument names a subcommand, so cobra dispatches
// to it and nothing reads the others (help, completion, a flag first or
// an unknown name build every one). Building all twelve, with their flags
// and completions, was a fifth of `gatesel version`'s run.
func only(args []string) string {
	if len(args) > 0 {
		for _, c := range commands {
			if c.name == args[0] {
				return c.name
			}
		}
	}
	return ""
}

// usageError is a bad invocation: exit 2. An empty message prints
// nothing (the usage was printed already).
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
	ctx, cancel := context.WithCancel(context.Background())
	procs := &laterProcs{set: runtime.GOMAXPROCS}
	setProcs = procs.ask
	time.AfterFunc(interruptAfter, func() {
		procs.due()
		interrupt := make(chan os.Signal, 1)
		signal.Notify(interrupt, os.Interrupt)
		<-interrupt
		cancel()
	})
	os.Exit(run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// interruptAfter is how long a run lasts before an interrupt (Ctrl-C)
// cancels its context, and so ends it with an error, instead of ending
// the process as it does without a handler. os/signal starts a thread of
// its own to watch for signals, which cost a small pair about 0.2 ms of
// CPU, 6 % of its run (docs/performance.md, "Start-up and small pairs,
// round 3"); a run shorter than this never starts it. It is also when
// select gives up its second processor (laterProcs).
const interruptAfter = 10 * time.Millisecond

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv}
	root := newRoot(e, only(args))
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	return report(stderr, err)
}

// newRoot is the gatesel command with its subcommands (only the one named
// sub, unless it is ""). spf13/cobra parses
// the flags (anywhere on the line, `--` ending them, as gh and kubectl do)
// and makes the shell completion; help and usage go to stderr, results
// and completion scripts to stdout.
func newRoot(e *env, sub string) *cobra.Command {
	root := &cobra.Command{
		Use:           "gatesel",
		Short:         "plan the CI gates a change needs",
		Args:          cobra.ArbitraryArgs,
		SilenceErrors: true,
		SilenceUsage:  true,
		// The root takes the unknown command itself: a usage error with a
		// suggestion, the root's usage, exit 2.
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				printUsage(c, e.stderr)
				return usageError{}
			}
			names := make([]string, 0, len(c.Commands()))
			for _, sub := range c.Commands() {
				if sub.IsAvailableCommand() {
					names = append(names, sub.Name())
				}
			}
			fmt.Fprintf(e.stderr, "gatesel: unknown command %q%s\n", args[0], suggest.DidYouMean(args[0], names))
			printUsage(c, e.stderr)
			return usageError{}
		},
		ValidArgsFunction: cobra.NoFileCompletions,
	}
	// --color is checked for every command, the ones it does not colour too.
	root.PersistentPreRunE = func(*cobra.Command, []string) error {
		_, err := e.useColor()
		return err
	}
	root.SetIn(e.stdin)
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	root.PersistentFlags().StringVar(&e.color, "color", "auto", "colour the text output: auto (on a terminal, unless NO_COLOR is set), always or never")
	registerValues(root, "color", colorModes)
	root.SetGlobalNormalizationFunc(normalizeFlag)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		printUsage(c, e.stderr)
		return usageError{flagError(err) + twoDashes(c, err)}
	})
	root.SetHelpFunc(func(c *cobra.Command, _ []string) { printUsage(c, e.stderr) })
	root.SetUsageFunc(func(c *cobra.Command) error { printUsage(c, e.stderr); return nil })
	root.CompletionOptions.HiddenDefaultCmd = false
	// With a subcommand first nothing reaches cobra's completion command,
	// whose four scripts and their flags were 1 % of a one-file select.
	root.CompletionOptions.DisableDefaultCmd = sub != ""
	for _, c := range commands {
		if sub == "" || c.name == sub {
			root.AddCommand(c.mk(e))
		}
	}
	root.InitDefaultCompletionCmd()
	for _, sub := range root.Commands() {
		if sub.Name() == "completion" {
			completionUsage(sub)
		}
	}
	usageArgs(root)
	return root
}

// completionUsage makes cobra's completion command say what it does in
// the words of the others, and refuse a missing or unknown shell as a
// usage error.
func completionUsage(c *cobra.Command) {
	var shells []string
	for _, sh := range c.Commands() {
		shells = append(shells, sh.Name())
	}
	c.Short = "print the shell completion script: " + strings.Join(shells, ", ")
	c.Use = "completion " + strings.Join(shells, "|")
	c.Args = cobra.ArbitraryArgs
	c.RunE = func(c *cobra.Command, args []string) error {
		if len(args) == 0 {
			return usagef("completion takes a shell: %s", strings.Join(shells, ", "))
		}
		return usagef("unknown shell %q (want %s)", args[0], strings.Join(shells, ", "))
	}
}

// usageArgs makes every argument check of c and its subcommands (cobra's
// own, as for the completion scripts) a usage error.
func usageArgs(c *cobra.Command) {
	if check := c.Args; check != nil {
		c.Args = func(c *cobra.Command, args []string) error {
			if err := check(c, args); err != nil {
				return usageError{err.Error()}
			}
			return nil
		}
	}
	for _, sub := range c.Commands() {
		usageArgs(sub)
	}
}

// report prints err and maps it to the exit code.
func report(stderr io.Writer, err error) int {
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if text := strings.TrimRight(advise(err), "\n"); text != "" {
		for _, line := range strings.Split(text, "\n") {
			fmt.Fprintf(stderr, "gatesel: %s\n", render.Escape(line))
		}
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

// longNames are the long names of the one-letter flags, which the flag
// package took with one dash or two (-C, --C): both still work.
var longNames = map[string]string{"C": "directory", "z": "null", "o": "output"}

func normalizeFlag(_ *pflag.FlagSet, name string) pflag.NormalizedName {
	if long, ok := longNames[name]; ok {
		return pflag.NormalizedName(long)
	}
	return pflag.NormalizedName(name)
}

// flagError words pflag's errors as the flag package did, which scripts
// and tests may match: "flag provided but not defined: -nope".
func flagError(err error) string {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "unknown flag: "); ok {
		return "flag provided but not defined: -" + strings.TrimLeft(name, "-")
	}
	if rest, ok := strings.CutPrefix(msg, "unknown shorthand flag: "); ok {
		if _, arg, ok := strings.Cut(rest, " in "); ok {
			return "flag provided but not defined: " + arg
		}
	}
	return msg
}

// twoDashes is the hint for a long flag given with one dash, as the flag
// package took it (-format json): pflag reads -format as -f -o -r ...
func twoDashes(c *cobra.Command, err error) string {
	rest, ok := strings.CutPrefix(err.Error(), "unknown shorthand flag: ")
	if !ok {
		return ""
	}
	_, arg, _ := strings.Cut(rest, " in -")
	name, _, _ := strings.Cut(arg, "=")
	if len(name) < 2 || c.Flags().Lookup(name) == nil {
		return ""
	}
	return " (a long flag takes two dashes: --" + name + ")"
}

// newCommand is a subcommand: usage is its synopsis after the name, long
// what its help says beyond the flags. Each parses its flags with cobra
// and returns an error, which run turns into the exit code.
func newCommand(name, usage, short string, run func(c *cobra.Command, args []string) error) *cobra.Command {
	return &cobra.Command{
		Use:   name + " " + usage,
		Short: short,
		Args:  cobra.ArbitraryArgs,
		RunE:  run,
	}
}

// printUsage writes a command's usage, or the list of commands for the
// root, to w.
func printUsage(c *cobra.Command, w io.Writer) {
	if !c.HasParent() {
		fmt.Fprintln(w, "usage: gatesel <command> [flags]\n\ncommands:")
		for _, sub := range c.Commands() {
			if sub.IsAvailableCommand() {
				fmt.Fprintf(w, "  %-10s %s\n", sub.Name(), sub.Short)
			}
		}
		fmt.Fprintln(w, "\nRun 'gatesel <command> --help' for a command's flags; 'gatesel completion SHELL' prints a completion script.")
		return
	}
	fmt.Fprintf(w, "usage: %s\n", strings.TrimSpace(c.CommandPath()+" "+strings.TrimSpace(strings.TrimPrefix(c.Use, c.Name()))))
	if c.Long != "" {
		fmt.Fprintf(w, "\n%s\n", strings.TrimSpace(c.Long))
	}
	if c.HasAvailableSubCommands() {
		fmt.Fprintln(w, "\ncommands:")
		for _, sub := range c.Commands() {
			if sub.IsAvailableCommand() {
				fmt.Fprintf(w, "  %-10s %s\n", sub.Name(), sub.Short)
			}
		}
	}
	if fl := c.LocalFlags().FlagUsages(); fl != "" {
		fmt.Fprintf(w, "\nflags:\n%s", fl)
	}
	if fl := c.InheritedFlags().FlagUsages(); fl != "" {
		fmt.Fprintf(w, "\nglobal flags:\n%s", fl)
	}
}

// version is set by the linker for releases; otherwise the module version.
var version = ""

func newVersionCmd(e *env) *cobra.Command {
	c := newCommand("version", "", "print the version", func(c *cobra.Command, args []string) error {
		if len(args) > 0 {
			return usagef("version takes no arguments (got %q)", args[0])
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
	})
	c.ValidArgsFunction = cobra.NoFileCompletions
	return c
}
