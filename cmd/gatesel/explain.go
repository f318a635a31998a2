package main

import (
	"bufio"
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/gatesel/gatesel/selector"
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
	bw := bufio.NewWriter(e.stdout)
	defer bw.Flush()
	if gate != "" {
		plan, err := selector.Compute(ctx, opt)
		if err != nil {
			return err
		}
		in.Changes = make([]selector.Change, 0, len(plan.Changes))
		for _, c := range plan.Changes {
			in.Changes = append(in.Changes, c.Change)
		}
		fate, err := selector.WhyNot(in, plan, gate)
		if err != nil {
			return err
		}
		return render.WhyNot(bw, fate)
	}
	exps, err := selector.ExplainPaths(in, paths)
	if err != nil {
		return err
	}
	for i, x := range exps {
		if i > 0 {
			fmt.Fprintln(bw)
		}
		writeExplanation(bw, x)
		for _, c := range x.Class.Services {
			if s := in.Graph.Services[c.Service]; s != nil && s.Source != "" {
				fmt.Fprintf(bw, "  service %s: inferred from %s\n", s.Name, s.Source)
			}
		}
	}
	return nil
}

func writeExplanation(w *bufio.Writer, x selector.PathExplanation) {
	fmt.Fprintln(w, render.Escape(x.Path))
	owners := "(none)"
	if len(x.Owners) > 0 {
		owners = strings.Join(render.EscapeAll(x.Owners), " ")
	}
	fmt.Fprintf(w, "  owners: %s\n", owners)
	for _, r := range x.Rules {
		sec := ""
		if r.Section != "" {
			sec = " [" + render.Escape(r.Section) + "]"
		}
		fmt.Fprintf(w, "    CODEOWNERS line %d%s: %s\n", r.Line, sec, render.Escape(r.Pattern))
	}
	claims := "(nothing)"
	if len(x.Claims) > 0 {
		claims = strings.Join(x.Claims, ", ")
	}
	fmt.Fprintf(w, "  claimed by: %s\n", claims)
	if x.Unowned != "" {
		fmt.Fprintf(w, "  unowned: %s\n", render.Escape(x.Unowned))
	}
	if len(x.Gates) == 0 {
		fmt.Fprintln(w, "  selects: no gate beyond the contract gates")
	} else {
		fmt.Fprintln(w, "  selects:")
	}
	for _, g := range x.Gates {
		fmt.Fprintf(w, "    %s (%s)\n", g.ID, g.Layer)
		for _, r := range g.Reasons {
			if r.Kind != selector.ReasonAlways {
				fmt.Fprintf(w, "      because %s\n", render.Escape(r.Full()))
			}
		}
	}
	for _, d := range x.Dropped {
		fmt.Fprintf(w, "    %s does not run: %s\n", d.ID, render.Escape(d.Explain()))
	}
}
