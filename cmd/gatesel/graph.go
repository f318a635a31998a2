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
	var gf graphFlags
	c := newCommand("graph", "[flags]", "draw the service and contract graph, coloured by a change", func(c *cobra.Command, args []string) error {
		if len(args) > 0 {
			return usagef("graph takes no arguments (got %q)", args[0])
		}
		if c.Flags().Changed("depth") && gf.focus == "" {
			return usagef("--depth goes with --focus")
		}
		if gf.depth < 1 {
			return usagef("--depth takes a positive number, not %d", gf.depth)
		}
		return runGraph(c.Context(), e, &f, gf)
	})
	fs := c.Flags()
	f.register(fs)
	fs.StringVar(&gf.format, "format", "dot", "output `format`: dot, mermaid or json")
	fs.BoolVar(&gf.affected, "affected", false, "show only the changed and affected nodes of the change, and the contracts and domains its chains pass through")
	fs.StringVar(&gf.focus, "focus", "", "show only the neighbourhood of `NAME`, a service, contract or domain: the nodes --depth edges away, both ways")
	fs.IntVar(&gf.depth, "depth", 1, "with --focus: how many edges away from NAME")
	f.complete(c)
	registerValues(c, "format", render.GraphFormats)
	registerCompletion(c, "focus", completeNodes)
	c.ValidArgsFunction = cobra.NoFileCompletions
	return c
}

// graphFlags are the flags of graph beyond select's.
type graphFlags struct {
	format, focus string
	affected      bool
	depth         int
}

func runGraph(ctx context.Context, e *env, f *selectFlags, gf graphFlags) error {
	format, affected := gf.format, gf.affected
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
	view := render.NewGraphView(in.Graph, plan, affected)
	if gf.focus != "" {
		if view, err = view.Focus(gf.focus, gf.depth); err != nil {
			return usageError{"--focus: " + err.Error()}
		}
	}
	return render.Graph(e.stdout, view, format)
}
