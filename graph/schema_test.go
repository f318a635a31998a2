package graph_test

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/gatesel/gatesel/graph"
)

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(graph.SchemaJSON()))
	require.NoError(t, err)
	c := jsonschema.NewCompiler()
	require.NoError(t, c.AddResource("gates.schema.json", doc))
	s, err := c.Compile("gates.schema.json")
	require.NoError(t, err)
	return s
}

// yamlToJSONValue converts YAML to the values jsonschema validates.
func yamlToJSONValue(t *testing.T, data []byte) any {
	t.Helper()
	var v any
	require.NoError(t, yaml.Unmarshal(data, &v))
	b, err := json.Marshal(v)
	require.NoError(t, err)
	out, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	require.NoError(t, err)
	return out
}

// TestSchemaValidatesExamples checks every policy file under the
// repository's testdata and examples directories (files named gates.yaml,
// and every .yaml of graph/testdata), except those under a directory named
// for bad input.
func TestSchemaValidatesExamples(t *testing.T) {
	s := compileSchema(t)
	var files []string
	for _, root := range []string{"testdata", "../cmd/gatesel/testdata", "../selector/testdata", "../examples"} {
		_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			policy := d != nil && (d.Name() == "gates.yaml" || root == "testdata" && strings.HasSuffix(p, ".yaml"))
			if err == nil && !d.IsDir() && policy && !strings.Contains(p, "bad") {
				files = append(files, p)
			}
			return nil
		})
	}
	require.NotEmpty(t, files)
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		assert.NoError(t, s.Validate(yamlToJSONValue(t, data)), f)
	}
	// and the schema rejects what the loader rejects for shape
	for _, bad := range []string{"version: 2\n", "version: 1\nservice: {}\n", "version: 1\nservices: {a: {pathz: []}}\n", "version: 1\nsettings: {smoke_depth: 0}\n", "version: 1\ntriggers: [{name: t, paths: [], select: some}]\n"} {
		assert.Error(t, s.Validate(yamlToJSONValue(t, []byte(bad))), bad)
	}
}

// TestSchemaMatchesLoader walks the schema's objects and checks that their
// property names are exactly the keys the loader accepts.
func TestSchemaMatchesLoader(t *testing.T) {
	var doc map[string]any
	require.NoError(t, json.Unmarshal(graph.SchemaJSON(), &doc))
	defs := doc["$defs"].(map[string]any)
	props := func(obj any) []string {
		var out []string
		for k := range obj.(map[string]any)["properties"].(map[string]any) {
			out = append(out, k)
		}
		sort.Strings(out)
		return out
	}
	got := map[string][]string{"root": props(doc)}
	for _, kind := range []string{"settings", "profile", "gate", "trigger", "contract", "service", "domain", "infer", "infer_ecosystem"} {
		got[kind] = props(defs[kind])
	}
	want := graph.AcceptedKeys()
	for k := range want {
		want[k] = slices.Sorted(slices.Values(want[k]))
	}
	assert.Equal(t, want, got)
}
