package render_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
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
			got, err := renderTo(func(b *bytes.Buffer) error { return render.GitHub(b, tc.plan, render.Options{}) })
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
			got, err := renderTo(func(b *bytes.Buffer) error { return render.GitHubOutput(b, tc.plan, render.Options{}) })
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
			assert.Equal(t, fmt.Sprint(len(tc.plan.Gates)), out["jobs"], "a plan under the cap is not packed")
			assert.Len(t, out, 17, "matrix, 4 matrix_<layer>, count, 4 count_<layer>, any, 4 any_<layer>, all, jobs")
		})
	}
}

func TestWriteGitHubOutputEmptyPlan(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, render.GitHubOutput(&b, emptyPlan(), render.Options{}))
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
jobs=0
`
	assert.Equal(t, want, b.String())
}

func TestGitHubMatrixLimit(t *testing.T) {
	t.Run("256 entries fit", func(t *testing.T) {
		p := bigPlan(256, 256)
		got, err := renderTo(func(b *bytes.Buffer) error { return render.GitHub(b, p, render.Options{}) })
		require.NoError(t, err)
		checkMatrix(t, p.Gates, strings.TrimSuffix(string(got), "\n"))
		got, err = renderTo(func(b *bytes.Buffer) error { return render.GitHubOutput(b, p, render.Options{}) })
		require.NoError(t, err)
		out := parseGitHubOutput(t, string(got))
		checkMatrix(t, p.Gates, out["matrix"])
		checkMatrix(t, p.Gates, out["matrix_local"])
		assert.Equal(t, "256", out["jobs"])
	})
	t.Run("1,000 instances: every matrix packed under the cap", func(t *testing.T) {
		p := bigPlan(1000, 700)
		for i := range p.Gates[:100] { // two runners among the local gates
			p.Gates[i].With = map[string]any{"runs-on": "big"}
		}
		got, err := renderTo(func(b *bytes.Buffer) error { return render.GitHubOutput(b, p, render.Options{}) })
		require.NoError(t, err)
		out := parseGitHubOutput(t, string(got))
		whole := checkPacked(t, p.Gates, out["matrix"], 256)
		assert.Len(t, whole, 256, "the whole cap is used")
		assert.Equal(t, "256", out["jobs"])
		local := checkPacked(t, p.Gates[:700], out["matrix_local"], 256)
		checkPacked(t, p.Gates[700:], out["matrix_smoke"], 256)
		checkMatrix(t, nil, out["matrix_contract"])
		assert.Equal(t, "1000", out["count"])
		for _, e := range local {
			if e["runs-on"] == "big" {
				for _, id := range e["ids"].([]any) {
					assert.Less(t, id.(string), "unit:svc100", "a big-runner bundle holds only big-runner gates")
				}
			}
		}
		again, err := renderTo(func(b *bytes.Buffer) error { return render.GitHubOutput(b, p, render.Options{}) })
		require.NoError(t, err)
		assert.Equal(t, string(got), string(again), "packing is deterministic")
		gh, err := renderTo(func(b *bytes.Buffer) error { return render.GitHub(b, p, render.Options{}) })
		require.NoError(t, err)
		assert.Equal(t, out["matrix"]+"\n", string(gh))
	})
	t.Run("more groups than the cap", func(t *testing.T) {
		p := bigPlan(10, 5)
		for i := range p.Gates {
			p.Gates[i].With = map[string]any{"runs-on": fmt.Sprintf("r%d", i%4), "shared": 1}
		}
		got, err := renderTo(func(b *bytes.Buffer) error { return render.GitHub(b, p, render.Options{MaxJobs: 3}) })
		require.NoError(t, err)
		entries := checkPacked(t, p.Gates, strings.TrimSpace(string(got)), 3)
		require.Len(t, entries, 3)
		for _, e := range entries {
			assert.NotContains(t, e, "runs-on", "attributes the bundle's gates disagree on are left out")
			assert.Equal(t, 1.0, e["shared"])
		}
	})
}

// checkPacked parses a packed matrix and checks that it holds at most max
// entries, and that its entries run every instance once, in plan order.
func checkPacked(t *testing.T, gates []selector.Instance, value string, max int) []map[string]any {
	t.Helper()
	var m struct {
		Include []map[string]any `json:"include"`
	}
	require.NoError(t, json.Unmarshal([]byte(value), &m), "value %q", value)
	assert.LessOrEqual(t, len(m.Include), max)
	var ids []string
	for _, e := range m.Include {
		if e["gate"] != "bundle" {
			ids = append(ids, e["id"].(string))
			continue
		}
		for _, id := range e["ids"].([]any) {
			ids = append(ids, id.(string))
			assert.Contains(t, e["run"], "'"+id.(string)+"'")
		}
	}
	want := make([]string, len(gates))
	for i, g := range gates {
		want[i] = g.ID
	}
	assert.Equal(t, want, ids)
	return m.Include
}

// TestBundleScript runs a bundle's script with sh: every command runs, one
// after the other, and the bundle fails naming the instance that failed.
func TestBundleScript(t *testing.T) {
	dir := t.TempDir()
	p := emptyPlan()
	for i, run := range []string{"echo one > one", "echo 'it''s' > two && false", "echo three > three"} {
		id := fmt.Sprintf("g%d", i)
		p.Gates = append(p.Gates, selector.Instance{ID: id, Gate: "g", Layer: graph.LayerLocal, Run: run})
	}
	got, err := renderTo(func(b *bytes.Buffer) error { return render.GitHub(b, p, render.Options{MaxJobs: 1}) })
	require.NoError(t, err)
	var m struct {
		Include []struct {
			ID  string   `json:"id"`
			Run string   `json:"run"`
			IDs []string `json:"ids"`
		} `json:"include"`
	}
	require.NoError(t, json.Unmarshal(got, &m))
	require.Len(t, m.Include, 1)
	assert.Equal(t, "bundle-1-of-1", m.Include[0].ID)
	assert.Equal(t, []string{"g0", "g1", "g2"}, m.Include[0].IDs)
	cmd := exec.Command("sh", "-c", m.Include[0].Run)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err = cmd.Run()
	var ee *exec.ExitError
	require.ErrorAs(t, err, &ee)
	assert.Equal(t, 1, ee.ExitCode())
	assert.Equal(t, "gatesel: failed: g1\n", stderr.String())
	for name, want := range map[string]string{"one": "one\n", "two": "its\n", "three": "three\n"} {
		data, err := os.ReadFile(dir + "/" + name)
		require.NoError(t, err)
		assert.Equal(t, want, string(data))
	}
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
			err := render.GitHub(&b, p, render.Options{})
			require.Error(t, err)
			assert.Equal(t, tc.want, err.Error())
			err = render.GitHubOutput(&b, p, render.Options{})
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
	require.NoError(t, render.GitHubOutput(f, allPlan(), render.Options{}))
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
	if err := render.GitHub(os.Stdout, p, render.Options{}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// {"include":[{"id":"contract-check:platform","gate":"contract-check","layer":"contract","scope":"platform","run":"make contract-check"},{"id":"unit:billing","gate":"unit","layer":"local","scope":"billing","run":"go test ./services/billing/...","runs-on":"ubuntu-latest"}]}
}

func ExampleGitHubOutput() {
	p := &selector.Plan{Gates: []selector.Instance{
		{ID: "unit:billing", Gate: "unit", Layer: graph.LayerLocal, Scope: "billing", Run: "go test ./services/billing/..."},
	}}
	if err := render.GitHubOutput(os.Stdout, p, render.Options{}); err != nil {
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
	// jobs=1
}
