package main

import (
	"context"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gatesel/gatesel/selector"
	"github.com/gatesel/gatesel/selector/render"
)

func newGraphCmd(e *env) *cobra.Command {
	var f selectFlags
	var format string
	var affected bool
	c := newCommand("graph", "[flags]", "draw the service and contract graph, coloured by a change", func(c *cobra.Command, args []string) error {
		return runGraph(c.Context(), e, &f, format, affected, args)
	})
	fs := c.Flags()
	f.register(fs)
	fs.StringVar(&format, "format", "dot", "output `format`: dot, mermaid or json")
	fs.BoolVar(&affected, "affected", false, "show only the changed and affected nodes of the change")
	f.complete(c)
	registerValues(c, "format", render.GraphFormats)
	c.ValidArgsFunction = cobra.NoFileCompletions
	return c
}

func runGraph(ctx context.Context, e *env, f *selectFlags, format string, affected bool, args []string) error {
	if len(args) > 0 {
		return usagef("graph takes no arguments (got %q)", args[0])
	}
	if !slices.Contains(render.GraphFormats, format) {
		return usagef("unknown --format %q (want %s)", format, strings.Join(render.GraphFormats, ", "))
	}
	opt, err := f.options(e)
	if err != nil {
		return err
	}
	in, _, err := selector.LoadPolicy(ctx, opt)
	if err != nil {
		return err
	}
	// The graph is coloured by a change only when one is asked for.
	var plan *selector.Plan
	if affected || opt.Changes != nil || opt.Base != "" || opt.Head != "" || opt.Uncommitted {
		if plan, err = selector.Compute(ctx, opt); err != nil {
			return err
		}
	}
	return render.Graph(e.stdout, render.NewGraphView(in.Graph, plan, affected), format)
}
