package main

import (
	"context"
	"maps"
	"slices"
	"strings"

	"github.com/gatesel/gatesel/evidence"
	"github.com/gatesel/gatesel/graph"
	"github.com/gatesel/gatesel/selector"
)

// schemas are the JSON Schemas `gatesel schema NAME` prints; each package
// that owns a model adds its own here.
var schemas = map[string]func() []byte{
	"gates":    graph.SchemaJSON,
	"plan":     selector.PlanSchema,
	"result":   evidence.ResultSchema,
	"evidence": evidence.PredicateSchema,
}

// runSchema prints one JSON Schema to stdout.
func runSchema(ctx context.Context, e *env, args []string) error {
	names := slices.Sorted(maps.Keys(schemas))
	fs := newFlags(e, "schema", strings.Join(names, "|"))
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("schema takes one of %s", strings.Join(names, ", "))
	}
	get, ok := schemas[fs.Arg(0)]
	if !ok {
		return usagef("unknown schema %q: want one of %s", fs.Arg(0), strings.Join(names, ", "))
	}
	_, err := e.stdout.Write(get())
	return err
}
