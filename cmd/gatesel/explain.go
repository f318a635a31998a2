package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/gatesel/gatesel/selector"
	"github.com/gatesel/gatesel/selector/gitrepo"
	"github.com/gatesel/gatesel/selector/render"
)

func newExplainCmd(e *env) *cobra.Command {
	var f selectFlags
	var gate string
	c := newCommand("explain", "[flags] PATH... | --gate ID [flags] [PATH...]", "say why paths select what they select, or why a gate runs or not", func(c *cobra.Command, args []string) error {
		return runExplain(c.Context(), e, c.Flags(), &f, gate, args)
	})
	fs := c.Flags()
	f.register(fs)
	fs.StringVar(&gate, "gate", "", "explain why gate instance `ID` (GATE:SCOPE) runs or does not run for the change (the PATHs, else --files or git)")
	f.complete(c)
	registerCompletion(c, "gate", completeInstances)
	return c
}

func runExplain(ctx context.Context, e *env, fs *pflag.FlagSet, f *selectFlags, gate string, paths []string) error {
	if len(paths) == 0 && gate == "" {
		return usagef("explain needs PATHs, or --gate ID")
	}
	if len(paths) > 0 && f.files != "" {
		return usagef("explain takes PATHs or --files, not both")
	}
	if gate == "" {
		// Path by path, explain reads the policy of the work tree: flags
		// about the change or the revisions would be silently ignored.
		var ignored []string
		fs.Visit(func(fl *pflag.Flag) {
			switch fl.Name {
			case "base", "head", "uncommitted", "policy", "on-error", "files", "files-format":
				ignored = append(ignored, "--"+fl.Name)
			case "null":
				ignored = append(ignored, "-z")
			}
		})
		if len(ignored) > 0 {
			return usagef("explain PATH... reads the work tree's policy: %s go with --gate", strings.Join(ignored, ", "))
		}
	}
	opt, err := f.options(e)
	if err != nil {
		return err
	}
	if len(paths) > 0 {
		opt.Changes, _, err = selector.ReadFiles("arguments", strings.NewReader(strings.Join(paths, "\n")), selector.FilesOptions{Format: selector.FilesPaths})
		if err != nil {
			return usageError{err.Error()}
		}
	}
	in, warnings, err := selector.LoadPolicy(ctx, opt)
	if err != nil {
		return err
	}
	for _, w := range warnings {
		fmt.Fprintf(e.stderr, "gatesel: warning: %s\n", render.Escape(w))
	}
	color, err := e.useColor()
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(e.stdout)
	defer bw.Flush()
	if gate != "" {
		plan, err := selector.Compute(ctx, opt)
		if err != nil {
			return err
		}
		fate, err := whyNot(ctx, opt, in, plan, gate)
		if err != nil {
			return err
		}
		return render.WhyNot(bw, fate)
	}
	warnAbsent(ctx, e, opt.Dir, paths)
	exps, err := selector.ExplainPaths(in, paths)
	if err != nil {
		return err
	}
	for i, x := range exps {
		if i > 0 {
			fmt.Fprintln(bw)
		}
		explainText(bw, in.Graph, x, color)
		for _, c := range x.Class.Services {
			if s := in.Graph.Services[c.Service]; s != nil && s.Source != "" {
				fmt.Fprintf(bw, "  service %s: inferred from %s\n", s.Name, s.Source)
			}
		}
	}
	return nil
}

// whyNot is the fate of instance id in plan. The head's policy (in)
// explains it; an instance that only the base revision's policy defines
// (the union keeps the base's gates) is explained by the base's policy,
// and says so.
func whyNot(ctx context.Context, opt selector.Options, in selector.Input, plan *selector.Plan, id string) (selector.Fate, error) {
	in.Changes = make([]selector.Change, 0, len(plan.Changes))
	for _, c := range plan.Changes {
		in.Changes = append(in.Changes, c.Change)
	}
	fate, err := selector.WhyNot(in, plan, id)
	if err == nil {
		if (fate.Runs || fate.Dropped != nil) && usesBasePolicy(plan) && !slices.Contains(instanceIDs(in.Graph), strings.TrimSuffix(id, selector.HeadSuffix)) {
			fate.BaseOnly = true // the head has the gate, not this instance of it
		}
		return fate, nil
	}
	if plan.Base == nil || plan.Base.Commit == "" || !usesBasePolicy(plan) {
		return fate, err
	}
	bopt := opt
	bopt.Head, bopt.Changes = plan.Base.Commit, nil
	base, _, berr := selector.LoadPolicy(ctx, bopt)
	if berr != nil {
		return fate, err
	}
	base.Changes, base.Profile = in.Changes, in.Profile
	bfate, berr := selector.WhyNot(base, plan, id)
	if berr != nil {
		return fate, err
	}
	bfate.BaseOnly = true
	return bfate, nil
}

// usesBasePolicy reports whether the base revision's policy took part in
// the plan: the change edits the policy, and the plan is the union.
func usesBasePolicy(plan *selector.Plan) bool {
	for _, esc := range plan.Escalations {
		if esc.Kind == selector.EscalationPolicy {
			return true
		}
	}
	return false
}

// warnAbsent warns about each path that is not in the repository: not
// tracked (in the index) and not in the work tree. It is still explained,
// as the path of a file the change would add, but a typo should not pass
// for a path that selects nothing.
func warnAbsent(ctx context.Context, e *env, dir string, paths []string) {
	// The paths are relative to -C (as --files are); the index's to the
	// top level.
	var tracked []string
	prefix := ""
	if repo, err := gitrepo.Open(ctx, dir); err == nil {
		abs, aerr := filepath.Abs(dir)
		rel, rerr := filepath.Rel(repo.Root(), abs)
		if repo.Root() != "" && aerr == nil && rerr == nil {
			prefix = filepath.ToSlash(rel)
			tracked, _ = repo.Tracked(ctx)
		}
		repo.Close()
	}
	for _, p := range paths {
		clean := path.Clean(p)
		if _, found := slices.BinarySearch(tracked, path.Join(prefix, clean)); found {
			continue
		}
		if _, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(clean))); err == nil {
			continue
		}
		where := "the repository (not tracked, not in the work tree)"
		if tracked == nil {
			where = "the work tree"
		}
		fmt.Fprintf(e.stderr, "gatesel: warning: %s is not in %s: explained as a file a change would add\n", render.Escape(p), where)
	}
}
