package evidence_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/evidence"
	"github.com/gatesel/gatesel/selector"
)

var junitTests = []struct {
	name    string
	xml     string
	want    evidence.JUnitSummary
	status  evidence.Status
	wantErr string
}{
	{name: "pass", xml: `<testsuite><testcase name="a"/><testcase name="b"/></testsuite>`,
		want: evidence.JUnitSummary{File: "r.xml", Tests: 2}, status: evidence.Pass},
	{name: "nested suites", xml: `<testsuites><testsuite><testsuite><testcase/></testsuite></testsuite><testsuite><testcase><error/></testcase></testsuite></testsuites>`,
		want: evidence.JUnitSummary{File: "r.xml", Tests: 2, Errors: 1}, status: evidence.Fail},
	{name: "failure and error on one case count once, as an error", xml: `<testsuite><testcase><failure/><error/></testcase></testsuite>`,
		want: evidence.JUnitSummary{File: "r.xml", Tests: 1, Errors: 1}, status: evidence.Fail},
	{name: "suite attribute without failing cases", xml: `<testsuite failures="2"><testcase/></testsuite>`,
		want: evidence.JUnitSummary{File: "r.xml", Tests: 1, Failures: 2}, status: evidence.Fail},
	{name: "testsuites sums are not counted twice", xml: `<testsuites failures="1"><testsuite failures="1"><testcase><failure/></testcase></testsuite></testsuites>`,
		want: evidence.JUnitSummary{File: "r.xml", Tests: 1, Failures: 1}, status: evidence.Fail},
	{name: "skipped only", xml: `<testsuite><testcase><skipped/></testcase></testsuite>`,
		want: evidence.JUnitSummary{File: "r.xml", Tests: 1, Skipped: 1}, status: evidence.Pass},
	{name: "no test case", xml: `<testsuite tests="0"/>`,
		want: evidence.JUnitSummary{File: "r.xml"}, status: evidence.Skip},
	{name: "failure outside a testcase is not a case's", xml: `<testsuite><testcase/><system-out><failure/></system-out></testsuite>`,
		want: evidence.JUnitSummary{File: "r.xml", Tests: 1}, status: evidence.Pass},
	{name: "empty", xml: ``, wantErr: "r.xml:1:1: malformed JUnit XML: no root element"},
	{name: "text only", xml: `hello`, wantErr: "r.xml:1:1: malformed JUnit XML: no root element"},
	{name: "mismatched tags", xml: "<testsuite>\n<testcase></testsuite>", wantErr: "r.xml:2: malformed JUnit XML: element <testcase> closed by </testsuite>"},
	{name: "wrong root", xml: `<?xml version="1.0"?>` + "\n<results/>", wantErr: "r.xml:2:1: not a JUnit report: the root element is <results>, not <testsuites> or <testsuite>"},
	{name: "negative count", xml: `<testsuite errors="-1"/>`, wantErr: `r.xml:1:1: <testsuite errors="-1">: not a count`},
}

func TestParseJUnit(t *testing.T) {
	for _, tt := range junitTests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := evidence.ParseJUnit("r.xml", []byte(tt.xml))
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Equal(t, tt.wantErr, err.Error())
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.status, got.Status())
		})
	}
}

var resultTests = []struct {
	name    string
	json    string
	wantErr string
}{
	{name: "ok", json: `{"schema":"gatesel.result/v1","repository":"","plan_digest":"sha256:` + hex64 + `","head":"","id":"a","status":"pass","started_at":"2026-01-01T00:00:00Z","finished_at":"2026-01-01T00:00:01Z"}`},
	{name: "not JSON", json: `{"schema":`, wantErr: "r.json:1:11: unexpected end of JSON input"},
	{name: "key twice", json: `{"id":"a",` + "\n" + `"id":"b"}`, wantErr: `r.json:2:1: key "id" twice in one object`},
	{name: "unknown key", json: `{"schema":"gatesel.result/v1","repository":"","plan_digest":"sha256:` + hex64 + `","head":"","id":"a","status":"pass","started_at":"2026-01-01T00:00:00Z","finished_at":"2026-01-01T00:00:01Z","extra":1}`,
		wantErr: "r.json:1:1: does not match the result schema gatesel.result/v1 at /: additional properties 'extra' not allowed"},
	{name: "bad time", json: `{"schema":"gatesel.result/v1","repository":"","plan_digest":"sha256:` + hex64 + `","head":"","id":"a","status":"pass","started_at":"yesterday","finished_at":"2026-01-01T00:00:01Z"}`,
		wantErr: "r.json:1:183: does not match the result schema gatesel.result/v1 at /started_at: 'yesterday' is not valid date-time: want RFC 3339, as 2026-01-01T00:00:00Z"},
}

const hex64 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

func TestParseResult(t *testing.T) {
	for _, tt := range resultTests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := evidence.ParseResult("r.json", []byte(tt.json))
			if tt.wantErr == "" {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Equal(t, tt.wantErr, err.Error())
		})
	}
}

// FuzzParseJUnit: no panic on any input, and a report read whole says
// fail whenever it counted a failure or an error.
func FuzzParseJUnit(f *testing.F) {
	for _, tt := range junitTests {
		f.Add([]byte(tt.xml))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := evidence.ParseJUnit("r.xml", data)
		if err == nil && (s.Failures > 0 || s.Errors > 0) && s.Status() != evidence.Fail {
			t.Fatalf("%+v is not fail", s)
		}
	})
}

// FuzzParseResult and FuzzParsePlan: no panic on any input, and the Go
// checks accept exactly what the published JSON Schema accepts.
func FuzzParseResult(f *testing.F) {
	for _, tt := range resultTests {
		f.Add([]byte(tt.json))
	}
	rs := compile(f, "result.schema.json", evidence.ResultSchema())
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = evidence.ParseResult("r.json", data)
		agree(t, rs, evidence.CheckResultShape, func() any { return new(evidence.Result) }, data)
	})
}

func FuzzParsePlan(f *testing.F) {
	f.Add([]byte(`{"schema":"gatesel.plan/v2","base":null,"merge_base":"","head":null,"profile":"","all":false,"changes":[],"gates":[],"chains":[],"escalations":[],"warnings":[],"digest":"sha256:` + hex64 + `"}`))
	f.Add([]byte(`{"a":[1,{"b":[]}],"a":2}`))
	ps := compile(f, "plan.schema.json", selector.PlanSchema())
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := evidence.ParsePlan("plan.json", data)
		if err == nil && !p.Verify() {
			t.Fatal("a plan that does not verify was accepted")
		}
		agree(t, ps, evidence.CheckPlanShape, func() any { return new(selector.Plan) }, data)
	})
}
