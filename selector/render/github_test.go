package render_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/graph"
	"github.com/gatesel/gatesel/selector"
	"github.com/gatesel/gatesel/selector/render"
)

func TestRenderGitHubGolden(t *testing.T) {
	for _, tc := range formatPlans {
		t.Run(tc.name, func(t *testing.T) {
			got, err := renderTo(func(b *bytes.Buffer) error { return render.GitHub(b, tc.plan) })
			require.NoError(t, err)
			golden(t, tc.name+".github.json", got)

			require.True(t, bytes.HasSuffix(got, []byte("}\n")), "one line ending in a newline")
			assert.Equal(t, 1, bytes.Count(got, []byte("\n")), "one line")
			checkMatrix(t, tc.plan.Gates, string(bytes.TrimSuffix(got, []byte("\n"))))
		})
	}
}

func TestWriteGitHubOutputGolden(t *testing.T) {
	for _, tc := range formatPlans {
		t.Run(tc.name, func(t *testing.T) {
			got, err := renderTo(func(b *bytes.Buffer) error { return render.GitHubOutput(b, tc.plan) })
			require.NoError(t, err)
			golden(t, tc.name+".github-output", got)

			out := parseGitHubOutput(t, string(got))
			checkMatrix(t, tc.plan.Gates, out["matrix"])
			layers := map[string]int{}
			for _, layer := range []string{"contract", "global", "local", "smoke"} {
				var in []selector.Instance
				for _, inst := range tc.plan.Gates {
					if inst.Layer.String() == layer {
						in = append(in, inst)
					}
				}
				layers[layer] = len(in)
				checkMatrix(t, in, out["matrix_"+layer])
				assert.Equal(t, fmt.Sprint(len(in)), out["count_"+layer], "count_%s", layer)
				assert.Equal(t, fmt.Sprint(len(in) > 0), out["any_"+layer], "any_%s", layer)
			}
			assert.Equal(t, fmt.Sprint(len(tc.plan.Gates)), out["count"])
			assert.Equal(t, fmt.Sprint(len(tc.plan.Gates) > 0), out["any"])
			assert.Equal(t, fmt.Sprint(tc.plan.All), out["all"])
			assert.Len(t, out, 16, "matrix, 4 matrix_<layer>, count, 4 count_<layer>, any, 4 any_<layer>, all")
		})
	}
}

func TestWriteGitHubOutputEmptyPlan(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, render.GitHubOutput(&b, emptyPlan()))
	want := `matrix={"include":[]}
matrix_contract={"include":[]}
matrix_global={"include":[]}
matrix_local={"include":[]}
matrix_smoke={"include":[]}
count=0
count_contract=0
count_global=0
count_local=0
count_smoke=0
any=false
any_contract=false
any_global=false
any_local=false
any_smoke=false
all=false
`
	assert.Equal(t, want, b.String())
}

func TestGitHubMatrixLimit(t *testing.T) {
	t.Run("256 entries fit", func(t *testing.T) {
		p := bigPlan(256, 256)
		got, err := renderTo(func(b *bytes.Buffer) error { return render.GitHub(b, p) })
		require.NoError(t, err)
		checkMatrix(t, p.Gates, strings.TrimSuffix(string(got), "\n"))
		got, err = renderTo(func(b *bytes.Buffer) error { return render.GitHubOutput(b, p) })
		require.NoError(t, err)
		out := parseGitHubOutput(t, string(got))
		checkMatrix(t, p.Gates, out["matrix"])
		checkMatrix(t, p.Gates, out["matrix_local"])
	})
	t.Run("render over the limit", func(t *testing.T) {
		var b bytes.Buffer
		err := render.GitHub(&b, bigPlan(300, 150))
		require.ErrorIs(t, err, render.ErrMatrixLimit)
		assert.Equal(t, "matrix over GitHub's 256-job limit: the plan has 300 entries; use the per-layer matrices (matrix_contract, matrix_global, matrix_local, matrix_smoke) instead", err.Error())
		assert.Empty(t, b.String(), "nothing written, never a truncated matrix")
	})
	t.Run("output: whole plan over, layers fit", func(t *testing.T) {
		p := bigPlan(300, 150)
		got, err := renderTo(func(b *bytes.Buffer) error { return render.GitHubOutput(b, p) })
		require.NoError(t, err)
		out := parseGitHubOutput(t, string(got))
		assert.Equal(t, "", out["matrix"], "matrix is empty so that fromJSON fails loudly")
		assert.Equal(t, "matrix over GitHub's 256-job limit: the plan has 300 entries; use the per-layer matrices matrix_contract, matrix_global, matrix_local and matrix_smoke", out["matrix_error"])
		checkMatrix(t, p.Gates[:150], out["matrix_local"])
		checkMatrix(t, p.Gates[150:], out["matrix_smoke"])
		checkMatrix(t, nil, out["matrix_contract"])
		assert.Equal(t, "300", out["count"])
		assert.Equal(t, "150", out["count_local"])
		assert.Equal(t, "150", out["count_smoke"])
		assert.Equal(t, "true", out["any"])
	})
	t.Run("output: a layer over", func(t *testing.T) {
		var b bytes.Buffer
		err := render.GitHubOutput(&b, bigPlan(300, 20))
		require.ErrorIs(t, err, render.ErrMatrixLimit)
		assert.Equal(t, "matrix over GitHub's 256-job limit: matrix_smoke has 280 entries; split the layer's gates (profiles, fewer scopes) or run them outside a matrix", err.Error())
		assert.Empty(t, b.String(), "nothing written")
	})
}

var githubErrorTests = []struct {
	name string
	with map[string]any
	want string
}{
	{"fixed key", map[string]any{"run": "make"}, `gate instance unit:billing: with key "run" collides with the matrix key "run"`},
	{"fixed key in other case", map[string]any{"Scope": "x"}, `gate instance unit:billing: with key "Scope" collides with the matrix key "scope"`},
	{"unencodable value", map[string]any{"x": map[any]any{1: 2}}, `gate instance unit:billing: with key "x": json: unsupported type: map[interface {}]interface {}`},
}

func TestGitHubErrors(t *testing.T) {
	for _, tc := range githubErrorTests {
		t.Run(tc.name, func(t *testing.T) {
			p := emptyPlan()
			p.Gates = []selector.Instance{{ID: "unit:billing", Gate: "unit", Layer: graph.LayerLocal, Scope: "billing", Run: "go test", With: tc.with}}
			var b bytes.Buffer
			err := render.GitHub(&b, p)
			require.Error(t, err)
			assert.Equal(t, tc.want, err.Error())
			err = render.GitHubOutput(&b, p)
			require.Error(t, err)
			assert.Equal(t, tc.want, err.Error())
			assert.Empty(t, b.String())
		})
	}
}

// TestWriteGitHubOutputAppends checks that the output is appended to an
// existing $GITHUB_OUTPUT file the way a step would.
func TestWriteGitHubOutputAppends(t *testing.T) {
	path := t.TempDir() + "/github_output"
	require.NoError(t, os.WriteFile(path, []byte("earlier=1\n"), 0o644))
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	require.NoError(t, err)
	require.NoError(t, render.GitHubOutput(f, allPlan()))
	require.NoError(t, f.Close())
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	out := parseGitHubOutput(t, string(data))
	assert.Equal(t, "1", out["earlier"])
	assert.Equal(t, "true", out["all"])
	checkMatrix(t, allPlan().Gates, out["matrix"])
}

// checkMatrix parses a {"include":[…]} value and checks it against gates.
func checkMatrix(t *testing.T, gates []selector.Instance, value string) {
	t.Helper()
	var m struct {
		Include []map[string]any `json:"include"`
	}
	dec := json.NewDecoder(strings.NewReader(value))
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(&m), "value %q", value)
	require.NotNil(t, m.Include, "include is a list, never null")
	require.Len(t, m.Include, len(gates))
	for i, inst := range gates {
		e := m.Include[i]
		assert.Equal(t, inst.ID, e["id"])
		assert.Equal(t, inst.Gate, e["gate"])
		assert.Equal(t, inst.Layer.String(), e["layer"])
		assert.Equal(t, inst.Scope, e["scope"])
		assert.Equal(t, inst.Run, e["run"])
		assert.Len(t, e, 5+len(inst.With))
		for k, v := range inst.With {
			want, err := json.Marshal(v)
			require.NoError(t, err)
			got, err := json.Marshal(e[k])
			require.NoError(t, err)
			assert.JSONEq(t, string(want), string(got), "with key %s of %s", k, inst.ID)
		}
	}
}

// parseGitHubOutput reads a $GITHUB_OUTPUT file as the Actions runner does
// (SetOutputFileCommandExtension): NAME=VALUE when the first `=` comes
// before any `<<`, else NAME<<DELIMITER followed by lines up to a line
// equal to DELIMITER. A key set twice keeps its last value.
func parseGitHubOutput(t *testing.T, data string) map[string]string {
	t.Helper()
	out := map[string]string{}
	lines := strings.Split(strings.ReplaceAll(data, "\r\n", "\n"), "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	} else {
		t.Fatalf("output does not end with a newline: %q", data)
	}
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if line == "" {
			continue
		}
		eq, hd := strings.Index(line, "="), strings.Index(line, "<<")
		switch {
		case eq >= 0 && (hd < 0 || eq < hd):
			require.NotEmpty(t, line[:eq], "line %d: empty key", i+1)
			out[line[:eq]] = line[eq+1:]
		case hd >= 0 && (eq < 0 || hd < eq):
			key, delim := line[:hd], line[hd+2:]
			require.NotEmpty(t, key, "line %d: empty key", i+1)
			require.NotEmpty(t, delim, "line %d: empty delimiter", i+1)
			var value []string
			for i++; ; i++ {
				require.Less(t, i, len(lines), "heredoc %s: missing delimiter %s", key, delim)
				if lines[i] == delim {
					break
				}
				value = append(value, lines[i])
			}
			out[key] = strings.Join(value, "\n")
		default:
			t.Fatalf("line %d: invalid format %q", i+1, line)
		}
	}
	return out
}

func ExampleGitHub() {
	p := &selector.Plan{Gates: []selector.Instance{
		{ID: "contract-check:platform", Gate: "contract-check", Layer: graph.LayerContract, Scope: "platform", Run: "make contract-check"},
		{ID: "unit:billing", Gate: "unit", Layer: graph.LayerLocal, Scope: "billing", Run: "go test ./services/billing/...", With: map[string]any{"runs-on": "ubuntu-latest"}},
	}}
	if err := render.GitHub(os.Stdout, p); err != nil {
		fmt.Println(err)
	}
	// Output:
	// {"include":[{"id":"contract-check:platform","gate":"contract-check","layer":"contract","scope":"platform","run":"make contract-check"},{"id":"unit:billing","gate":"unit","layer":"local","scope":"billing","run":"go test ./services/billing/...","runs-on":"ubuntu-latest"}]}
}

func ExampleGitHubOutput() {
	p := &selector.Plan{Gates: []selector.Instance{
		{ID: "unit:billing", Gate: "unit", Layer: graph.LayerLocal, Scope: "billing", Run: "go test ./services/billing/..."},
	}}
	if err := render.GitHubOutput(os.Stdout, p); err != nil {
		fmt.Println(err)
	}
	// Output:
	// matrix={"include":[{"id":"unit:billing","gate":"unit","layer":"local","scope":"billing","run":"go test ./services/billing/..."}]}
	// matrix_contract={"include":[]}
	// matrix_global={"include":[]}
	// matrix_local={"include":[{"id":"unit:billing","gate":"unit","layer":"local","scope":"billing","run":"go test ./services/billing/..."}]}
	// matrix_smoke={"include":[]}
	// count=1
	// count_contract=0
	// count_global=0
	// count_local=1
	// count_smoke=0
	// any=true
	// any_contract=false
	// any_global=false
	// any_local=true
	// any_smoke=false
	// all=false
}
