package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/gatesel/gatesel/ownership"
	"github.com/gatesel/gatesel/selector"
	"github.com/gatesel/gatesel/selector/render"
)

// selectFlags are the flags select shares with explain and graph.
type selectFlags struct {
	dir, config, codeowners, dialect string
	base, head                       string
	uncommitted                      bool
	files, filesFormat               string
	nul                              bool
	profile, policy, onError         string
}

func (f *selectFlags) register(fs *pflag.FlagSet) {
	fs.StringVarP(&f.dir, "directory", "C", ".", "run in `DIR` (a directory inside the repository)")
	fs.StringVar(&f.config, "config", "gates.yaml", "policy `file`, relative to the repository root; an absolute path, or one outside (../x.yaml, from the current directory), is read from the file system as the policy of both revisions")
	fs.StringVar(&f.codeowners, "codeowners", "", "CODEOWNERS `file`, relative to the repository root (default: settings.codeowners, else the standard locations)")
	fs.StringVar(&f.dialect, "dialect", "", "CODEOWNERS dialect: github or gitlab (default: detected)")
	fs.StringVar(&f.base, "base", "", "base `revision`, or auto: the CI event's (default: auto in GitHub Actions, GitLab CI and Buildkite, else settings.base, else origin/HEAD, origin/main, main)")
	fs.StringVar(&f.head, "head", "", "head `revision` (default HEAD)")
	fs.BoolVar(&f.uncommitted, "uncommitted", false, "add staged, unstaged and untracked files")
	fs.StringVar(&f.files, "files", "", "read the change from `FILE` (- for stdin) instead of git: paths, or git diff --name-status lines")
	fs.BoolVarP(&f.nul, "null", "z", false, "with --files: entries are NUL-separated")
	fs.StringVar(&f.filesFormat, "files-format", "auto", "with --files: the list holds paths, name-status lines, or auto (a line with a tab is name-status; -z input that reads both ways is taken both ways)")
	fs.StringVar(&f.profile, "profile", "", "keep only the gates of profile `NAME` (contract gates always stay)")
	fs.StringVar(&f.policy, "policy", "", "whose policy decides when the change edits it: both, base or head (default both when the base is available)")
	fs.StringVar(&f.onError, "on-error", "fail", "on failure: fail, or all (plan every gate, reason fallback)")
}

// options turns the flags into library options, reading --files.
func (f *selectFlags) options(e *env) (selector.Options, error) {
	opt := selector.Options{
		Dir: f.dir, Config: f.config, Codeowners: f.codeowners,
		Base: f.base, Head: f.head, Uncommitted: f.uncommitted,
		Profile: f.profile,
	}
	if err := checkDir(f.dir); err != nil {
		return opt, err
	}
	var err error
	if opt.Config, err = configName(f.config); err != nil {
		return opt, err
	}
	if opt.OnError, err = selector.ParseOnError(f.onError); err != nil {
		return opt, usagef("--on-error takes fail or all, not %q", f.onError)
	}
	ci, err := f.ciEvent(e)
	if err != nil {
		return opt, err
	}
	if ci != nil || f.base == "auto" {
		opt.Base, opt.CI = "", ci
	}
	if opt.Dialect, err = ownership.ParseDialect(f.dialect); err != nil {
		return opt, usageError{err.Error()}
	}
	if opt.Policy, err = selector.ParsePolicy(f.policy); err != nil {
		return opt, usagef("--policy takes both, base or head, not %q", f.policy)
	}
	if f.nul && f.files == "" {
		return opt, usagef("-z goes with --files")
	}
	format, err := selector.ParseFilesFormat(f.filesFormat)
	if err != nil {
		return opt, usagef("--files-format takes auto, paths or name-status, not %q", f.filesFormat)
	}
	if format != selector.FilesAuto && f.files == "" {
		return opt, usagef("--files-format goes with --files")
	}
	if f.files != "" {
		if f.uncommitted {
			return opt, usagef("--files and --uncommitted do not go together")
		}
		r, name := e.stdin, "stdin"
		if f.files != "-" {
			file, err := os.Open(f.files)
			if err != nil {
				return opt, fmt.Errorf("read --files: %w", err)
			}
			defer file.Close()
			r, name = file, f.files
		}
		changes, warnings, err := selector.ReadFiles(name, r, selector.FilesOptions{Format: format, NUL: f.nul})
		if errors.Is(err, selector.ErrNULInLine) {
			err = fmt.Errorf("%w\n(NUL-separated input needs -z)", err)
		}
		if err != nil {
			return opt, err
		}
		if changes == nil {
			changes = []selector.Change{}
		}
		opt.Changes, opt.Warnings = changes, warnings
		for _, w := range warnings {
			fmt.Fprintf(e.stderr, "gatesel: warning: %s\n", render.Escape(w))
		}
	}
	return opt, nil
}

// checkDir refuses a -C that is not a directory: a bad invocation, exit 2.
func checkDir(dir string) error {
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return usagef("-C %s: no such directory", dir)
	case err != nil:
		return usagef("-C %s: %v", dir, err)
	case !st.IsDir():
		return usagef("-C %s: not a directory", dir)
	}
	return nil
}

func newSelectCmd(e *env) *cobra.Command {
	var f selectFlags
	var format, githubOutput string
	var explain bool
	var maxJobs int
	c := newCommand("select", "[flags]", "plan the gates a change needs", func(c *cobra.Command, args []string) error {
		return runSelect(c.Context(), e, c.Flags(), &f, args, format, githubOutput, explain, maxJobs)
	})
	fs := c.Flags()
	f.register(fs)
	fs.StringVar(&format, "format", "text", "output `format`: text, json, github, gitlab, buildkite or markdown")
	fs.StringVar(&githubOutput, "github-output", "", "with --format github: append the step outputs to `FILE` (default $GITHUB_OUTPUT when set)")
	fs.BoolVar(&explain, "explain", false, "text format: every reason with its full chain, and the gates that do not run")
	fs.IntVar(&maxJobs, "max-jobs", 0, "github, gitlab and buildkite formats: the most matrix entries, jobs or steps; a larger plan is packed into bundles of instances run one after the other (default 256 for github, GitHub's limit, 500 for gitlab, none for buildkite)")
	f.complete(c)
	registerValues(c, "format", render.Formats)
	c.ValidArgsFunction = cobra.NoFileCompletions
	return c
}

func runSelect(ctx context.Context, e *env, fs *pflag.FlagSet, f *selectFlags, args []string, format, githubOutput string, explain bool, maxJobs int) error {
	if len(args) > 0 {
		return usagef("select takes no arguments (got %q); use --files for a list of paths", args[0])
	}
	if !slices.Contains(render.Formats, format) {
		return usagef("unknown --format %q (want %s)", format, strings.Join(render.Formats, ", "))
	}
	// Flags that shape one format only are refused with the others rather
	// than accepted and ignored.
	if githubOutput != "" && format != "github" {
		return usagef("--github-output goes with --format github, not %s", format)
	}
	if explain && format != "text" {
		return usagef("--explain goes with --format text, not %s", format)
	}
	if maxJobs < 0 || (maxJobs == 0 && fs.Changed("max-jobs")) {
		return usagef("--max-jobs takes a positive number, not %d", maxJobs)
	}
	if githubOutput == "" && format == "github" {
		githubOutput = e.getenv("GITHUB_OUTPUT")
	}
	color, err := e.useColor()
	if err != nil {
		return err
	}
	opt, err := f.options(e)
	if err != nil {
		return err
	}
	serialSelect(e, opt)
	var cause error
	opt.OnFallback = func(err error) { cause = err }
	plan, err := selector.Compute(ctx, opt)
	if err != nil {
		return err
	}
	for _, esc := range plan.Escalations {
		if esc.Kind == selector.EscalationFallback {
			why := esc.Cause
			if cause != nil {
				why = oneLine(advise(cause)) // the cause with the CLI's advice
			}
			fmt.Fprintf(e.stderr, "gatesel: warning: the plan could not be computed, every gate is selected: %s\n", render.Escape(why))
		}
	}
	ropt := render.Options{Explain: explain, MaxJobs: maxJobs, Color: color && format == "text", Sealed: true} // the plan is Compute's, unchanged
	if format == "github" && githubOutput != "" {
		if err := appendGitHubOutput(githubOutput, plan, ropt); err != nil {
			return err
		}
	}
	return render.Write(e.stdout, plan, format, ropt)
}

func appendGitHubOutput(name string, plan *selector.Plan, opt render.Options) error {
	f, err := os.OpenFile(name, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("write github output: %w", err)
	}
	if err := render.GitHubOutput(f, plan, opt); err != nil {
		f.Close()
		return fmt.Errorf("write github output %s: %w", name, err)
	}
	return f.Close()
}
