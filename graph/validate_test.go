package graph_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/graph"
)

// validateTests are files that must not load, with every error expected.
var validateTests = []struct {
	name string
	in   string
	want string
}{
	{"missing version", "gates: {}\n", "gates.yaml:1:1: missing version: the file must start with \"version: 1\""},
	{"empty file", "", "gates.yaml:1:1: missing version: the file must start with \"version: 1\""},
	{"unknown version", "version: 2\n", `gates.yaml:1:10: unsupported version "2": this gatesel reads version 1`},
	{"version not a scalar", "version: [1]\n", `gates.yaml:1:10: unsupported version: expected 1, got a list`},
	{"not a mapping", "version: 1\nservices: [a]\n", "gates.yaml:2:11: services: expected a mapping, got a list"},
	{"unknown top-level key", "version: 1\nservice: {}\n", `gates.yaml:2:1: top level: unknown key "service" (did you mean "services"?)`},
	{"duplicate key", "version: 1\ngates: {}\ngates: {}\n", `gates.yaml:3:1: top level: duplicate key "gates" (first at line 2)`},
	{"unknown service key", "version: 1\nservices:\n  a: {pathz: [x]}\n", `gates.yaml:3:7: service "a": unknown key "pathz" (did you mean "paths"?)`},
	{"wrong type", "version: 1\nservices:\n  a: {paths: x/**}\n", `gates.yaml:3:14: service "a": paths: expected a list, got a string`},
	{"wrong item type", "version: 1\ngates:\n  g: {owners: [1]}\n", `gates.yaml:3:16: gate "g": owners: expected a string, got an integer`},
	{"unknown gate with suggestion", "version: 1\ngates: {unit: {}}\nservices:\n  a: {paths: [a/**], gates: [unti]}\n",
		`gates.yaml:4:30: service "a": gates: unknown gate "unti" (did you mean "unit"?)`},
	{"unknown gate without suggestion", "version: 1\ngates: {unit: {}}\ncontracts:\n  c: {gates: [zzzzzz]}\n",
		`gates.yaml:4:15: contract "c": gates: unknown gate "zzzzzz"`},
	{"unknown trigger gate", "version: 1\ngates: {lint: {}}\ntriggers:\n  - {name: t, paths: [go.mod], select: [lnit]}\n",
		`gates.yaml:4:41: trigger "t": select: unknown gate "lnit" (did you mean "lint"?)`},
	{"unknown covered gate", "version: 1\ngates: {unit: {}, all: {covers: [unitt, all]}}\n",
		"gates.yaml:2:34: gate \"all\": covers: unknown gate \"unitt\" (did you mean \"unit\"?)\n" +
			`gates.yaml:2:41: gate "all": covers: a gate cannot cover itself`},
	{"unknown services and contracts", "version: 1\nservices:\n  ledger: {paths: [l/**]}\n  billing:\n    paths: [b/**]\n    depends_on: [leger]\n    consumes: [billing-ap]\n    provides: [x]\ncontracts:\n  billing-api: {}\ndomains:\n  pay: {services: [biling]}\n",
		"gates.yaml:6:18: service \"billing\": depends_on: unknown service \"leger\" (did you mean \"ledger\"?)\n" +
			"gates.yaml:7:16: service \"billing\": consumes: unknown contract \"billing-ap\" (did you mean \"billing-api\"?)\n" +
			"gates.yaml:8:16: service \"billing\": provides: unknown contract \"x\"\n" +
			`gates.yaml:12:20: domain "pay": services: unknown service "biling" (did you mean "billing"?)`},
	{"duplicate names", "version: 1\nservices:\n  a: {paths: [a/**]}\ncontracts:\n  a: {}\ndomains:\n  a: {}\ntriggers:\n  - {name: t, paths: [x], select: all}\n  - {name: t, paths: [y], select: all}\n",
		"gates.yaml:5:3: duplicate name \"a\": already used by service \"a\" at gates.yaml:3:3 (services, contracts and domains share one namespace: rename one)\n" +
			"gates.yaml:7:3: duplicate name \"a\": already used by service \"a\" at gates.yaml:3:3 (services, contracts and domains share one namespace: rename one)\n" +
			`gates.yaml:10:5: duplicate trigger "t": already defined at gates.yaml:9:5`},
	{"gate in two layers", "version: 1\ngates: {unit: {}}\ncontracts:\n  c: {gates: [unit]}\nservices:\n  a: {paths: [a/**], gates: [unit], smoke: [unit]}\n",
		"gates.yaml:6:30: service \"a\": gates: gate \"unit\" is in the local layer here but in the contract layer at gates.yaml:4:15 (contract \"c\": gates)\n" +
			`gates.yaml:6:45: service "a": smoke: gate "unit" is in the smoke layer here but in the contract layer at gates.yaml:4:15 (contract "c": gates)`},
	{"trigger and service share a gate", "version: 1\ngates: {unit: {}}\ntriggers:\n  - {name: t, paths: [go.mod], select: [unit]}\nservices:\n  a: {paths: [a/**], gates: [unit]}\n",
		`gates.yaml:6:30: service "a": gates: gate "unit" is in the local layer here but in the global layer at gates.yaml:4:41 (trigger "t": select)`},
	{"invalid globs", "version: 1\nservices:\n  a: {paths: [\"a/[\", \"\", \"../x\"]}\ntriggers:\n  - {name: t, paths: [\"/\"], select: []}\n",
		"gates.yaml:3:15: service \"a\": paths: invalid glob \"a/[\"\n" +
			"gates.yaml:3:22: service \"a\": paths: empty glob\n" +
			"gates.yaml:3:26: service \"a\": paths: glob \"../x\" leaves the repository\n" +
			`gates.yaml:5:23: trigger "t": paths: glob "/" names the repository root, not a file`},
	{"self dependency", "version: 1\nservices:\n  a: {paths: [a/**], depends_on: [a]}\n", `gates.yaml:3:35: service "a": depends_on: a service cannot depend on itself`},
	{"settings values", "version: 1\nsettings:\n  unowned: some\n  smoke_depth: 0\n  codeowners_dialect: bitbucket\n  codeowners: ../CODEOWNERS\n  colour: red\n",
		"gates.yaml:3:12: settings.unowned: unknown policy \"some\": want all, global, ignore or error\n" +
			"gates.yaml:4:16: settings.smoke_depth: want \"transitive\" or a positive integer, got \"0\"\n" +
			"gates.yaml:5:23: settings.codeowners_dialect: unknown dialect \"bitbucket\": want github or gitlab\n" +
			"gates.yaml:6:15: settings.codeowners: path \"../CODEOWNERS\" leaves the repository\n" +
			`gates.yaml:7:3: settings: unknown key "colour"`},
	{"smoke depth word", "version: 1\nsettings: {smoke_depth: forever}\n", `gates.yaml:2:25: settings.smoke_depth: want "transitive" or a positive integer, got "forever"`},
	{"trigger fields", "version: 1\ntriggers:\n  - {paths: [x], select: all}\n  - {name: b}\n  - {name: c, paths: [x], select: some}\n",
		"gates.yaml:3:5: trigger: missing name\n" +
			"gates.yaml:4:5: trigger \"b\": missing paths\n" +
			"gates.yaml:4:5: trigger \"b\": missing select: want all or a list of gates\n" +
			`gates.yaml:5:35: trigger "c": select: want all or a list of gates, got a string`},
	{"invalid names", "version: 1\ngates:\n  \"a:b\": {}\nservices:\n  x: {paths: [x/**], gates: [\"a b\"]}\n",
		"gates.yaml:3:3: invalid gate name \"a:b\": use letters, digits, '.', '_' and '-'\n" +
			`gates.yaml:5:30: service "x": gates: invalid name "a b": use letters, digits, '.', '_' and '-'`},
	{"template parse error", "version: 1\ngates:\n  unit: {run: \"go test {{.Dir\"}\n  lint:\n    with: {image: \"{{.Nmae}}\", n: 3}\n",
		"gates.yaml:3:15: gate \"unit\": run: template: unit:1: unclosed action\n" +
			`gates.yaml:5:19: gate "lint": with/image: unknown field .Nmae: a gate template sees .Name, .Kind, .Dir, .Paths, .Owners`},
	{"template recursion refused", "version: 1\ngates:\n  a: {run: \"{{template \\\"a\\\"}}\"}\n  b: {run: \"{{define \\\"x\\\"}}y{{end}}\"}\n",
		"gates.yaml:3:12: gate \"a\": run: {{template}} is not allowed in gate templates\n" +
			`gates.yaml:4:12: gate "b": run: {{define}} and {{block}} are not allowed in gate templates`},
	{"aliases refused", "version: 1\ngates:\n  unit: &u {run: x}\n  lint: *u\n", "gates.yaml:4:9: aliases are not supported (*u)"},
	{"merge keys refused", "version: 1\ngates:\n  unit: &u {run: x}\n  lint: {<<: {run: y}}\n", `gates.yaml:4:10: gate "lint": merge keys (<<) are not supported`},
	{"two documents", "version: 1\n---\nversion: 1\n", "gates.yaml:2:1: more than one yaml document in the file"},
	{"yaml syntax", "version: 1\ngates:\n  a: b: c\n", "gates.yaml:3:3: parse yaml: yaml: line 3: mapping values are not allowed in this context"},
	{"include in parse", "version: 1\ninclude: [services/a/gates.yaml, \"services/*/gates.yaml\", ../x.yaml]\n",
		"gates.yaml:2:11: include \"services/a/gates.yaml\": no such file\n" +
			`gates.yaml:2:59: include "../x.yaml" leaves the repository`},
}

func TestValidate(t *testing.T) {
	for _, tt := range append(validateTests, authoringErrorTests...) {
		t.Run(tt.name, func(t *testing.T) {
			g, _, err := graph.Parse("gates.yaml", []byte(tt.in))
			require.Error(t, err)
			assert.Nil(t, g)
			assert.Equal(t, tt.want, err.Error())
		})
	}
}

func TestValidateErrorType(t *testing.T) {
	_, _, err := graph.Parse("gates.yaml", []byte("version: 1\nservices:\n  a: {paths: [a/**], depends_on: [a]}\n"))
	var e *graph.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, graph.Error{File: "gates.yaml", Line: 3, Col: 35, Err: e.Err}, *e)
	assert.Equal(t, `service "a": depends_on: a service cannot depend on itself`, e.Unwrap().Error())
}

func TestValidateWarnings(t *testing.T) {
	in := "version: 1\ninclude: [\"services/*/gates.yaml\"]\nservices:\n  a: {}\n"
	g, warnings, err := graph.Parse("gates.yaml", []byte(in))
	require.NoError(t, err)
	require.NotNil(t, g)
	var got []string
	for _, w := range warnings {
		got = append(got, w.String())
	}
	assert.Equal(t, []string{
		`gates.yaml:2:11: include "services/*/gates.yaml" matches no file`,
		`gates.yaml:4:3: service "a" has no paths: no file belongs to it`,
	}, got)
}

func TestValidateDefaults(t *testing.T) {
	g, _, err := graph.Parse("gates.yaml", []byte("version: 1\n"))
	require.NoError(t, err)
	assert.Equal(t, graph.Settings{Unowned: graph.UnownedAll}, g.Settings)
	g, _, err = graph.Parse("gates.yaml", []byte("version: 1\nsettings: {smoke_depth: 2, unowned: error, base: main, codeowners: /.github/CODEOWNERS, codeowners_dialect: github}\n"))
	require.NoError(t, err)
	assert.Equal(t, graph.Settings{Base: "main", Unowned: graph.UnownedError, SmokeDepth: 2, Codeowners: ".github/CODEOWNERS", CodeownersDialect: "github"}, g.Settings)
}

func TestValidateReportsEverything(t *testing.T) {
	// every line of a file with several problems is reported, sorted by position
	in := "version: 1\ngates: {unit: {}}\nservices:\n  b: {paths: [b/**], gates: [nope]}\n  a: {paths: [\"[\"], depends_on: [a]}\n"
	_, _, err := graph.Parse("gates.yaml", []byte(in))
	require.Error(t, err)
	assert.Equal(t, 3, len(strings.Split(err.Error(), "\n")), err.Error())
}
