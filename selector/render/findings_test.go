package render_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/graph"
	"github.com/gatesel/gatesel/selector"
	"github.com/gatesel/gatesel/selector/render"
)

var findingsTests = []struct {
	name string
	in   selector.Finding
	want string
}{
	{"positioned warning", selector.Finding{File: "gates.yaml", Line: 4, Col: 23, Severity: selector.SeverityWarning, Code: "unused-glob", Message: `glob "x/**" matches no tracked file`},
		"::warning file=gates.yaml,line=4,col=23,title=gatesel validate%3A unused-glob::glob \"x/**\" matches no tracked file\n"},
	{"a whole file", selector.Finding{File: "gates.yaml", Severity: selector.SeverityError, Code: "coverage", Message: "3 of 4"},
		"::error file=gates.yaml,title=gatesel validate%3A coverage::3 of 4\n"},
	{"a line without a column", selector.Finding{File: ".github/CODEOWNERS", Line: 2, Severity: selector.SeverityWarning, Code: "codeowners", Message: "skipped"},
		"::warning file=.github/CODEOWNERS,line=2,title=gatesel validate%3A codeowners::skipped\n"},
	{"no file", selector.Finding{Severity: selector.SeverityWarning, Code: "not-git", Message: ". is not in a git repository"},
		"::warning title=gatesel validate%3A not-git::. is not in a git repository\n"},
	{"message escapes: %, CR, LF; a forged command stays in its line", selector.Finding{File: "a,b:c%.yaml", Line: 1, Col: 1, Severity: selector.SeverityError, Code: "policy", Message: "100% bad\r\n::error file=x::forged, and: more"},
		"::error file=a%2Cb%3Ac%25.yaml,line=1,col=1,title=gatesel validate%3A policy::100%25 bad%0D%0A::error file=x::forged, and: more\n"},
}

func TestFindingsGitHub(t *testing.T) {
	for _, tt := range findingsTests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			require.NoError(t, render.FindingsGitHub(&b, []selector.Finding{tt.in}))
			assert.Equal(t, tt.want, b.String())
		})
	}
}

func TestFindingsJSON(t *testing.T) {
	v := &selector.Validation{
		Findings: []selector.Finding{{File: "gates.yaml", Line: 2, Col: 3, Severity: selector.SeverityError, Code: "policy", Message: "m"}},
		Coverage: &selector.Coverage{Total: 4, Claimed: 3, Unclaimed: []string{"misc/a"}},
	}
	var b bytes.Buffer
	require.NoError(t, render.FindingsJSON(&b, v))
	var got map[string]any
	require.NoError(t, json.Unmarshal(b.Bytes(), &got))
	assert.Equal(t, map[string]any{
		"schema": "gatesel.validate/v1", "ok": false, "errors": 1.0, "warnings": 0.0,
		"findings": []any{map[string]any{"file": "gates.yaml", "line": 2.0, "col": 3.0, "severity": "error", "code": "policy", "message": "m"}},
		"coverage": map[string]any{"total": 4.0, "claimed": 3.0, "percent": 75.0, "unclaimed": []any{"misc/a"}},
		"policy":   nil,
	}, got)
	// nothing found: an empty list, never null
	b.Reset()
	require.NoError(t, render.FindingsJSON(&b, &selector.Validation{}))
	assert.Contains(t, b.String(), `"findings": []`)
	assert.Contains(t, b.String(), `"ok": true`)
}

// Every finding code the library has is in the schema, and FindingsJSON's
// output is valid against it.
func TestFindingsSchema(t *testing.T) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(render.FindingsSchema()))
	require.NoError(t, err)
	c := jsonschema.NewCompiler()
	require.NoError(t, c.AddResource("findings.schema.json", doc))
	schema, err := c.Compile("findings.schema.json")
	require.NoError(t, err)
	codes := []selector.FindingCode{selector.CodePolicy, selector.CodeTemplate, selector.CodeCodeowners, selector.CodeCoverage, selector.CodeNotGit, selector.CodeDrift}
	for _, k := range []graph.WarningKind{graph.WarnUnusedInclude, graph.WarnNoPaths, graph.WarnUnusedGlob, graph.WarnTie, graph.WarnDrift, graph.WarnEmptyRender, graph.WarnUnknownOwner} {
		codes = append(codes, selector.FindingCode(k))
	}
	v := &selector.Validation{Coverage: &selector.Coverage{Total: 2, Claimed: 1}}
	for _, code := range codes {
		v.Findings = append(v.Findings, selector.Finding{File: "gates.yaml", Line: 1, Col: 1, Severity: selector.SeverityWarning, Code: code, Message: "m"})
	}
	var b bytes.Buffer
	require.NoError(t, render.FindingsJSON(&b, v))
	inst, err := jsonschema.UnmarshalJSON(&b)
	require.NoError(t, err)
	assert.NoError(t, schema.Validate(inst))
	v.Findings[0].Code = "no-such-code"
	b.Reset()
	require.NoError(t, render.FindingsJSON(&b, v))
	inst, err = jsonschema.UnmarshalJSON(&b)
	require.NoError(t, err)
	assert.Error(t, schema.Validate(inst), "an unknown code is refused")
}
