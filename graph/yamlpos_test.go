package graph_test

import (
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"

	"github.com/gatesel/gatesel/graph"
)

// An alias to an anchor of another file is positioned at the alias (was
// 1:1): anchors never cross files, and yaml.v3's message has no line.
func TestAliasToAnotherFile(t *testing.T) {
	fsys := fstest.MapFS{
		"gates.yaml":         {Data: []byte("version: 1\ninclude: [svc/*.yaml]\ngates:\n  unit: &u {run: make}\n")},
		"svc/billing.yaml":   {Data: []byte("services:\n  billing:\n    paths: [billing/**]\n    gates: [*u]\n")},
		"svc/checkout.yaml":  {Data: []byte("gates:\n  lint:   *ux\n  lint2: *u\n")},
		"svc/commented.yaml": {Data: []byte("# see *u\ngates:\n  x: \"*u\"\n  y: *u\n")},
		"svc/unmatched.yaml": {Data: []byte("gates:\n  z: {run: *u}\n")},
	}
	_, _, err := graph.Load(fsys, "gates.yaml")
	assert.EqualError(t, err, `svc/billing.yaml:4:13: parse yaml: yaml: unknown anchor 'u' referenced
svc/checkout.yaml:2:11: parse yaml: yaml: unknown anchor 'ux' referenced
svc/commented.yaml:4:6: parse yaml: yaml: unknown anchor 'u' referenced
svc/unmatched.yaml:2:12: parse yaml: yaml: unknown anchor 'u' referenced`)
}

// yaml.v3 numbers a parser error's line from 0 and gives no column: the
// line is corrected, the column is the line's first character.
func TestYAMLSyntaxErrorPositions(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"version: 1\ngates: {a: 1]\n", `gates.yaml:2:1: parse yaml: yaml: line 1: did not find expected ',' or '}'`},
		{"version: 1\ngates:\n  a: 1\n - b\n", `gates.yaml:4:2: parse yaml: yaml: line 3: did not find expected key`},
		{"version: 1\ngates:\n  a: b: c\n", `gates.yaml:3:3: parse yaml: yaml: line 3: mapping values are not allowed in this context`},
		{"version: 1\ngates: [\n", `gates.yaml:2:1: parse yaml: yaml: line 2: did not find expected node content`},
		{"{{{ not yaml", `gates.yaml:1:1: parse yaml: yaml: line 1: did not find expected ',' or '}'`},
	} {
		_, _, err := graph.Parse("gates.yaml", []byte(tc.src))
		assert.EqualError(t, err, tc.want, "%q", tc.src)
	}
}
