package main

import (
	"maps"
	"slices"
	"strings"

	"github.com/spf13/cobra"

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

// newSchemaCmd prints one JSON Schema to stdout.
func newSchemaCmd(e *env) *cobra.Command {
	names := slices.Sorted(maps.Keys(schemas))
	c := newCommand("schema", strings.Join(names, "|"), "print the JSON Schema of gates.yaml (gates), the plan (plan), a result record (result) or the evidence (evidence)", func(c *cobra.Command, args []string) error {
		return runSchema(e, names, args)
	})
	c.ValidArgs = names
	return c
}

func runSchema(e *env, names, args []string) error {
	if len(args) != 1 {
		return usagef("schema takes one of %s", strings.Join(names, ", "))
	}
	get, ok := schemas[args[0]]
	if !ok {
		return usagef("unknown schema %q: want one of %s", args[0], strings.Join(names, ", "))
	}
	_, err := e.stdout.Write(get())
	return err
}
