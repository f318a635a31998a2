package selector

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gatesel/gatesel/graph"
	"github.com/gatesel/gatesel/ownership"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testInput loads testdata/policy.yaml and testdata/CODEOWNERS, with the
// YAML edited by the replacements (pairs of old, new).
func testInput(t testing.TB, edits ...string) Input {
	t.Helper()
	data, err := os.ReadFile("testdata/policy.yaml")
	require.NoError(t, err)
	src := string(data)
	for i := 0; i+1 < len(edits); i += 2 {
		require.Contains(t, src, edits[i])
		src = strings.Replace(src, edits[i], edits[i+1], 1)
	}
	g, _, err := graph.Parse("gates.yaml", []byte(src))
	require.NoError(t, err)
	co, err := os.ReadFile("testdata/CODEOWNERS")
	require.NoError(t, err)
	rs, err := ownership.Parse("CODEOWNERS", co, ownership.GitHub)
	require.NoError(t, err)
	return Input{Graph: g, Owners: rs}
}

func changes(paths ...string) []Change {
	var cs []Change
	for _, p := range paths {
		cs = append(cs, Change{Path: p, Status: Modified})
	}
	return cs
}

// summary renders a plan's instances as "id: first reason" lines.
func summary(p *Plan) []string {
	var out []string
	for _, in := range p.Gates {
		line := in.ID + ": " + in.Reasons[0].String()
		if n := len(in.Reasons) - 1; n > 0 {
			line += fmt.Sprintf(" (+%d more)", n)
		}
		out = append(out, line)
	}
	return out
}

var contractLines = []string{
	"contract-check:platform: always",
	"openapi-diff:billing-api: always",
}

var selectTests = []struct {
	name    string
	edits   []string
	profile string
	changes []Change
	want    []string // instance: first reason
	all     bool
}{
	{name: "empty change keeps the contract gates", want: contractLines},
	{
		name:    "a service change selects its gates, its domain and the smoke of every dependent",
		changes: changes("services/ledger/main.go"),
		want: append(contractLines,
			"payments-lint:payments: owner: services/ledger/main.go (service ledger)",
			"unit:ledger: changed: services/ledger/main.go",
			"smoke:billing: smoke: ledger -> billing",
			"smoke:billing-web: smoke: ledger -> billing -> billing-web",
			"smoke:checkout: smoke: ledger -> billing -> billing-web -> checkout",
		),
	},
	{
		name:    "smoke_depth limits the hops",
		edits:   []string{"  unowned: all", "  unowned: all\n  smoke_depth: 2"},
		changes: changes("libs/money/round.go"),
		want: append(contractLines,
			"payments-lint:payments: owner: libs/money/round.go (service ledger)",
			"unit:ledger: changed: libs/money/round.go",
			"smoke:billing: smoke: ledger -> billing",
			"smoke:billing-web: smoke: ledger -> billing -> billing-web",
		),
	},
	{
		name:    "an internal change selects local gates and does not propagate",
		changes: changes("services/billing/ledger_test.go"),
		want: append(contractLines,
			"payments-lint:payments: owner: services/billing/ledger_test.go (service billing)",
			"unit:billing: changed: services/billing/ledger_test.go",
		),
	},
	{
		name:    "the most specific service wins and a domain follows CODEOWNERS",
		changes: changes("services/billing/web/app.go"),
		want: append(contractLines,
			"payments-lint:payments: owner: services/billing/web/app.go (owner @acme/payments)",
			"unit:billing-web: changed: services/billing/web/app.go",
			"smoke:checkout: smoke: billing-web -> checkout",
		),
	},
	{
		name:    "a contract change runs its providers' local gates and its consumers' smoke",
		changes: changes("api/billing/openapi.yaml"),
		want: []string{
			"contract-check:platform: always",
			"openapi-diff:billing-api: always (+1 more)",
			"unit:ledger: contract: api/billing/openapi.yaml (billing-api)",
			"smoke:billing: smoke: billing-api -> billing",
			"smoke:billing-web: smoke: billing-api -> billing -> billing-web",
			"smoke:checkout: smoke: billing-api -> billing -> billing-web -> checkout",
		},
	},
	{
		name:    "a trigger with an empty select claims without selecting",
		changes: changes("services/search/README.md"),
		want: append(contractLines,
			"unit:search: changed: services/search/README.md",
		),
	},
	{
		name:    "a trigger selects its global gates",
		changes: changes("proto/buf.yaml"),
		want:    append(contractLines, "proto-lint: trigger: proto/buf.yaml (proto)"),
	},
	{
		name:    "a trigger with select: all selects every gate",
		changes: changes("go.mod"),
		all:     true,
		want: append(contractLines,
			"full-build: trigger: go.mod (toolchain)",
			"proto-lint: trigger: go.mod (toolchain)",
			"payments-lint:payments: trigger: go.mod (toolchain)",
			"smoke:billing: trigger: go.mod (toolchain)",
			"smoke:billing-web: trigger: go.mod (toolchain)",
			"smoke:checkout: trigger: go.mod (toolchain)",
			"smoke:ledger: trigger: go.mod (toolchain)",
			"smoke:search: trigger: go.mod (toolchain)",
		),
	},
	{
		name:    "an unclaimed path escalates to every gate under unowned: all",
		changes: changes("tools/x.sh"),
		all:     true,
		want: append(contractLines,
			"full-build: unowned: tools/x.sh",
			"proto-lint: unowned: tools/x.sh",
			"payments-lint:payments: unowned: tools/x.sh",
			"smoke:billing: unowned: tools/x.sh",
			"smoke:billing-web: unowned: tools/x.sh",
			"smoke:checkout: unowned: tools/x.sh",
			"smoke:ledger: unowned: tools/x.sh",
			"smoke:search: unowned: tools/x.sh",
		),
	},
	{
		name:    "unowned: global selects the global gates",
		edits:   []string{"unowned: all", "unowned: global"},
		changes: changes("tools/x.sh"),
		want:    append(contractLines, "full-build: unowned: tools/x.sh", "proto-lint: unowned: tools/x.sh"),
	},
	{
		name:    "unowned: ignore selects nothing more",
		edits:   []string{"unowned: all", "unowned: ignore"},
		changes: changes("tools/x.sh"),
		want:    contractLines,
	},
	{
		name:    "a covering gate removes the gates it covers",
		changes: changes("Makefile", "services/search/main.go"),
		want:    append(contractLines, "full-build: trigger: Makefile (build)"),
	},
	{
		name:    "a profile drops the gates outside it, and then covers nothing",
		profile: "staging",
		changes: changes("Makefile", "services/search/main.go"),
		want: append(contractLines,
			"unit:search: changed: services/search/main.go",
		),
	},
	{
		name:    "a rename selects for both paths",
		changes: []Change{{Path: "services/search/money.go", OldPath: "libs/money/money.go", Status: Renamed}},
		want: append(contractLines,
			"payments-lint:payments: owner: libs/money/money.go (service ledger)",
			"unit:ledger: changed: libs/money/money.go",
			"unit:search: changed: services/search/money.go",
			"smoke:billing: smoke: ledger -> billing",
			"smoke:billing-web: smoke: ledger -> billing -> billing-web",
			"smoke:checkout: smoke: ledger -> billing -> billing-web -> checkout",
		),
	},
}

func TestSelect(t *testing.T) {
	for _, tt := range selectTests {
		t.Run(tt.name, func(t *testing.T) {
			in := testInput(t, tt.edits...)
			in.Changes, in.Profile = tt.changes, tt.profile
			p, err := Select(in)
			require.NoError(t, err)
			assert.Equal(t, tt.want, summary(p))
			assert.Equal(t, tt.all, p.All)
		})
	}
}

func TestSelectUnownedError(t *testing.T) {
	in := testInput(t, "unowned: all", "unowned: error")
	in.Changes = changes("tools/x.sh", "tools/y.sh", "services/search/a.go")
	_, err := Select(in)
	var ue *UnownedError
	require.True(t, errors.As(err, &ue))
	assert.Equal(t, "2 changed path(s) claimed by nothing (settings.unowned: error): tools/x.sh, tools/y.sh", err.Error())
}

// TestSelectOwners checks who owns each instance: the gate's owners, else
// the scope's configured owners, else CODEOWNERS of the scope's directory.
func TestSelectOwners(t *testing.T) {
	in := testInput(t)
	in.Changes = changes("services/ledger/main.go", "services/search/x.go")
	p, err := Select(in)
	require.NoError(t, err)
	got := map[string][]string{}
	for _, g := range p.Gates {
		got[g.ID] = g.Owners
	}
	assert.Equal(t, map[string][]string{
		"contract-check:platform":  {},
		"openapi-diff:billing-api": {"@acme/platform"},
		"payments-lint:payments":   {"@acme/payments"},
		"unit:ledger":              {"@acme/payments"},
		"unit:search":              {"@acme/search"},
		"smoke:billing":            {"@acme/payments"},
		"smoke:billing-web":        {"@acme/payments"},
		"smoke:checkout":           {"@acme/platform"},
	}, got)
}

// TestSelectPolicyClaimsItsFiles: the policy's own files are claimed
// (claim "policy"), never unowned — also a fragment that an include glob
// matches but the head no longer has, and CODEOWNERS at any standard
// location.
func TestSelectPolicyClaimsItsFiles(t *testing.T) {
	fsys := fstest.MapFS{
		"gates.yaml": {Data: []byte("version: 1\nsettings: {unowned: error}\ninclude: [\"services/*/gates.yaml\"]\n" +
			"gates: {unit: {}}\nservices:\n  api: {paths: [\"api/**\"], gates: [unit]}\n")},
		"services/web/gates.yaml": {Data: []byte("services:\n  web: {paths: [\"**\"], gates: [unit]}\n")},
	}
	g, _, err := graph.Load(fsys, "gates.yaml")
	require.NoError(t, err)
	p, err := Select(Input{Graph: g, Changes: []Change{
		{Path: "gates.yaml", Status: Modified},
		{Path: "services/gone/gates.yaml", Status: Deleted},
		{Path: "services/web/gates.yaml", Status: Modified},
		{Path: ".github/CODEOWNERS", Status: Deleted},
		{Path: "docs/CODEOWNERS", Status: Added},
	}})
	require.NoError(t, err, "a policy file escalated as unowned")
	for _, c := range p.Changes {
		assert.Contains(t, c.Claims, "policy", c.Path)
	}
}

// Owners are handles and e-mail addresses, which GitHub and GitLab compare
// without regard to case: a domain listing @acme/payments owns the files
// CODEOWNERS gives to @Acme/Payments (SPEC §2.3).
func TestDomainOwnersIgnoreCase(t *testing.T) {
	g, _, err := graph.Parse("gates.yaml", []byte(`version: 1
settings: {unowned: ignore}
gates:
  lint: {run: "lint"}
domains:
  payments:
    owners: ["@acme/payments", "Bob@Example.com"]
    gates: [lint]
`))
	require.NoError(t, err)
	rs, err := ownership.Parse("CODEOWNERS", []byte("/libs/ @Acme/Payments\n/x/ bob@example.com\n/y/ @acme/other\n"), ownership.GitHub)
	require.NoError(t, err)
	tests := []struct {
		path string
		want []string
	}{
		{"libs/a.go", []string{"lint:payments: owner: libs/a.go (owner @Acme/Payments)"}},
		{"x/a.go", []string{"lint:payments: owner: x/a.go (owner bob@example.com)"}},
		{"y/a.go", nil},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			p, err := Select(Input{Graph: g, Owners: rs, Changes: changes(tt.path)})
			require.NoError(t, err)
			assert.Equal(t, tt.want, summary(p))
		})
	}
}
