package selector

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/internal/gittest"
)

func TestValidate(t *testing.T) {
	g := gittest.New(t)
	g.Commit("init", map[string]string{
		"gates.yaml": `version: 1
gates:
  test: {run: "make -C {{.Dir}} test"}
services:
  a: {paths: ["a/**", "gone/**"], gates: [test]}
  twin: {paths: ["a/**"]}
domains:
  d: {owners: ["@acme/a", "@acme/typo"], gates: [test]}
`,
		".github/CODEOWNERS": "/a/ @ACME/A\n!b/ @acme/b\n",
		"a/x.go":             "package a\n",
		"misc/y.txt":         "y\n",
	})
	ctx := context.Background()
	v, err := Validate(ctx, ValidateOptions{Dir: g.Dir, MinCoverage: 90})
	require.NoError(t, err)
	var got []string
	for _, f := range v.Findings {
		got = append(got, string(f.Severity)+" "+string(f.Code)+" "+f.String())
	}
	assert.Equal(t, []string{
		`error coverage gates.yaml: 3 of 4 tracked files claimed (75.0%), less than the minimum of 90%: claim the unclaimed directories with services, contracts, triggers or domains`,
		`warning empty-render gates.yaml:3:15: gate "test": run: an interpolated value renders empty for domain d: "make -C  test"`,
		`warning unused-glob gates.yaml:5:23: service "a": glob "gone/**" matches no tracked file`,
		`warning tie gates.yaml:6:18: services "a" and "twin" tie: 1 tracked file(s) belong to both, matched by equally specific globs ("a/**" here, "a/**" at gates.yaml:5:15), e.g. a/x.go; make one glob more specific`,
		`warning unknown-owner gates.yaml:8:27: domain "d": owner "@acme/typo" appears nowhere in CODEOWNERS: the domain claims no file by its owners`,
		`warning codeowners .github/CODEOWNERS:2: unsupported pattern "!b/": negation with "!" does not work in GitHub CODEOWNERS (line skipped)`,
	}, got)
	assert.True(t, v.Failed())
	require.NotNil(t, v.Coverage)
	assert.Equal(t, []string{"misc/y.txt"}, v.Coverage.Unclaimed)

	// --strict: every finding an error
	v, err = Validate(ctx, ValidateOptions{Dir: g.Dir, Strict: true})
	require.NoError(t, err)
	assert.Equal(t, 0, v.Count(SeverityWarning))
	assert.Equal(t, len(v.Findings), v.Count(SeverityError))
	assert.Nil(t, v.Coverage)

	_, err = Validate(ctx, ValidateOptions{Dir: g.Dir, MinCoverage: 101})
	assert.EqualError(t, err, "minimum coverage 101 is not a percentage from 0 to 100")
}

func TestValidateLoadErrors(t *testing.T) {
	g := gittest.New(t)
	g.Commit("init", map[string]string{
		"gates.yaml": "version: 1\nservices:\n  a: {paths: [a/**], gates: [nope], depends_on: [a]}\n",
	})
	v, err := Validate(context.Background(), ValidateOptions{Dir: g.Dir})
	require.NoError(t, err)
	assert.Nil(t, v.Graph)
	assert.Equal(t, []Finding{
		{File: "gates.yaml", Line: 3, Col: 30, Severity: SeverityError, Code: CodePolicy, Message: `service "a": gates: unknown gate "nope"`},
		{File: "gates.yaml", Line: 3, Col: 50, Severity: SeverityError, Code: CodePolicy, Message: `service "a": depends_on: a service cannot depend on itself`},
	}, v.Findings)
}
