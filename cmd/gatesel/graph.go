package main

import (
	"context"
	"slices"
	"strings"

	"github.com/gatesel/gatesel/selector"
	"github.com/gatesel/gatesel/selector/render"
)

func runGraph(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "graph", "[flags]")
	var f selectFlags
	f.register(fs)
	format := fs.String("format", "dot", "output `format`: dot, mermaid or json")
	affected := fs.Bool("affected", false, "show only the changed and affected nodes of the change")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("graph takes no arguments (got %q)", fs.Arg(0))
	}
	if !slices.Contains(render.GraphFormats, *format) {
		return usagef("unknown --format %q (want %s)", *format, strings.Join(render.GraphFormats, ", "))
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
	if *affected || opt.Changes != nil || opt.Base != "" || opt.Head != "" || opt.Uncommitted {
		if plan, err = selector.Compute(ctx, opt); err != nil {
			return err
		}
	}
	return render.Graph(e.stdout, render.NewGraphView(in.Graph, plan, *affected), *format)
}
