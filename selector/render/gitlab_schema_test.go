package render_test

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/gatesel/gatesel/selector/render"
)

// gitlabSchema compiles GitLab's CI JSON Schema (testdata, see its README).
func gitlabSchema(t *testing.T, path string) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	require.NoError(t, err)
	c := jsonschema.NewCompiler()
	require.NoError(t, c.AddResource("ci.json", doc))
	s, err := c.Compile("ci.json")
	require.NoError(t, err)
	return s
}

// yamlToJSONValue reads a YAML document as the JSON value the schema sees.
func yamlToJSONValue(t *testing.T, data []byte) any {
	t.Helper()
	var v any
	require.NoError(t, yaml.Unmarshal(data, &v))
	b, err := jsonMarshal(v)
	require.NoError(t, err)
	out, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	require.NoError(t, err)
	return out
}

// TestGitLabSchema validates the gitlab format of every test plan, an empty
// one and a packed 1,000-instance one against GitLab's own schema.
func TestGitLabSchema(t *testing.T) {
	s := gitlabSchema(t, "testdata/gitlab-ci.schema.json")
	plans := map[string]func() []byte{}
	for _, tc := range formatPlans {
		plans[tc.name] = func() []byte {
			got, err := renderTo(func(b *bytes.Buffer) error { return render.GitLab(b, tc.plan, render.Options{}) })
			require.NoError(t, err)
			return got
		}
	}
	plans["packed"] = func() []byte {
		got, err := renderTo(func(b *bytes.Buffer) error { return render.GitLab(b, bigPlan(1000, 700), render.Options{}) })
		require.NoError(t, err)
		return got
	}
	for name, get := range plans {
		t.Run(name, func(t *testing.T) {
			data := get()
			require.NoError(t, s.Validate(yamlToJSONValue(t, data)), "%s", data)
		})
	}
	// and the schema is not one that takes anything
	require.Error(t, s.Validate(yamlToJSONValue(t, []byte("unit:\n  stage: local\n  script: 3\n"))))
}

// jsonMarshal encodes a decoded YAML value as JSON (maps have string keys).
func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }
