package render_test

import (
	"bytes"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/gatesel/gatesel/graph"
	goldenfile "github.com/gatesel/gatesel/internal/golden"
	"github.com/gatesel/gatesel/selector"
)

// golden compares got with testdata/format/NAME, rewriting it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	goldenfile.Check(t, filepath.Join("testdata", "format", name), got)
}

// formatPlans are the hand-built plans every format renders.
var formatPlans = []struct {
	name string
	plan *selector.Plan
}{
	{"empty", emptyPlan()},
	{"typical", typicalPlan()},
	{"all", allPlan()},
}

func emptyPlan() *selector.Plan {
	return &selector.Plan{Schema: selector.SchemaID, Changes: []selector.ChangeInfo{}, Gates: []selector.Instance{}, Escalations: []selector.Escalation{}, Warnings: []string{}}
}

// typicalPlan is a ledger change in a small platform: every layer, nested
// `with` values, a rename, a smoke chain and a characters that need escaping.
func typicalPlan() *selector.Plan {
	return &selector.Plan{
		Schema:    selector.SchemaID,
		Base:      &selector.Revision{Rev: "origin/main", Commit: "0123456789abcdef0123456789abcdef01234567"},
		MergeBase: "0123456789abcdef0123456789abcdef01234567",
		Head:      &selector.Revision{Rev: "HEAD", Commit: "89abcdef0123456789abcdef0123456789abcdef"},
		Profile:   "full",
		Changes: []selector.ChangeInfo{
			{Change: selector.Change{Path: "libs/money/round.go", Status: selector.Renamed, OldPath: "libs/money/rounding.go"}, Owners: []string{"@acme/payments"}, Claims: []string{"service:ledger", "domain:payments"}},
			{Change: selector.Change{Path: "proto/ledger|v1.proto", Status: selector.Modified}, Owners: []string{}, Claims: []string{"contract:ledger-proto", "trigger:proto"}},
			{Change: selector.Change{Path: "services/ledger/main.go", Status: selector.Modified}, Owners: []string{"@acme/payments", "@acme/sre"}, Claims: []string{"service:ledger", "domain:payments"}},
		},
		Gates: []selector.Instance{
			{ID: "contract-check:platform", Gate: "contract-check", Layer: graph.LayerContract, Scope: "platform", Run: "make contract-check", Reasons: []selector.Reason{{Kind: selector.ReasonAlways}}},
			{ID: "buf-lint", Gate: "buf-lint", Layer: graph.LayerGlobal, Run: "buf lint && buf breaking --against '.git#branch=main'", Reasons: []selector.Reason{{Kind: selector.ReasonTrigger, Path: "proto/ledger|v1.proto", Via: "proto"}}},
			{ID: "payments-lint:payments", Gate: "payments-lint", Layer: graph.LayerLocal, Scope: "payments", Owners: []string{"@acme/payments"}, Run: "make -C domains/payments lint", Reasons: []selector.Reason{{Kind: selector.ReasonOwner, Path: "libs/money/round.go", Via: "@acme/payments"}, {Kind: selector.ReasonOwner, Path: "services/ledger/main.go", Via: "@acme/payments"}}},
			{ID: "unit:ledger", Gate: "unit", Layer: graph.LayerLocal, Scope: "ledger", Run: "go test ./services/ledger/...", With: map[string]any{
				"runs-on":         "ubuntu-latest",
				"timeout-minutes": 20,
				"services":        []any{map[string]any{"name": "postgres:16", "alias": "db"}},
				"variables":       map[string]any{"GOFLAGS": "-count=1", "PGHOST": "db"},
			}, Reasons: []selector.Reason{{Kind: selector.ReasonChanged, Path: "libs/money/round.go", Via: "service ledger"}, {Kind: selector.ReasonChanged, Path: "services/ledger/main.go", Via: "service ledger"}}},
			{ID: "smoke:checkout", Gate: "smoke", Layer: graph.LayerSmoke, Scope: "checkout", Run: "scripts/ci/smoke.sh checkout\nscripts/ci/report.sh checkout", With: map[string]any{"runs-on": []any{"self-hosted", "large"}, "tags": []any{"docker"}}, Reasons: []selector.Reason{{Kind: selector.ReasonSmoke, Chain: graph.NewChain("ledger", "billing", "billing-api", "checkout"), ChainID: 3}}},
		},
		Chains:      []selector.ChainLink{{Node: "ledger", Prev: -1}, {Node: "billing", Prev: 0}, {Node: "billing-api", Prev: 1}, {Node: "checkout", Prev: 2}},
		Escalations: []selector.Escalation{},
		Warnings:    []string{"glob `legacy/**` matches no file"},
	}
}

func allPlan() *selector.Plan {
	return &selector.Plan{
		Schema: selector.SchemaID,
		All:    true,
		Changes: []selector.ChangeInfo{
			{Change: selector.Change{Path: "go.mod", Status: selector.Unknown}, Owners: []string{"@acme/platform"}, Claims: []string{"trigger:toolchain"}},
		},
		Gates: []selector.Instance{
			{ID: "contract-check:platform", Gate: "contract-check", Layer: graph.LayerContract, Scope: "platform", Run: "make contract-check", Reasons: []selector.Reason{{Kind: selector.ReasonAlways}}},
			{ID: "unit:billing", Gate: "unit", Layer: graph.LayerLocal, Scope: "billing", Run: "go test ./services/billing/...", With: map[string]any{"runs-on": "ubuntu-latest"}, Reasons: []selector.Reason{{Kind: selector.ReasonTrigger, Path: "go.mod", Via: "toolchain"}}},
			{ID: "smoke:billing", Gate: "smoke", Layer: graph.LayerSmoke, Scope: "billing", Run: "scripts/ci/smoke.sh billing", Reasons: []selector.Reason{{Kind: selector.ReasonTrigger, Path: "go.mod", Via: "toolchain"}}},
		},
		Escalations: []selector.Escalation{{Kind: "trigger", Path: "go.mod", Cause: "trigger toolchain selects every gate"}},
		Warnings:    []string{},
	}
}

// bigPlan has n instances, local of them in the local layer and the rest
// in the smoke layer.
func bigPlan(n, local int) *selector.Plan {
	p := emptyPlan()
	for i := range n {
		layer, gate := graph.LayerLocal, "unit"
		if i >= local {
			layer, gate = graph.LayerSmoke, "smoke"
		}
		scope := fmt.Sprintf("svc%03d", i)
		p.Gates = append(p.Gates, selector.Instance{ID: gate + ":" + scope, Gate: gate, Layer: layer, Scope: scope, Run: "make " + gate, Reasons: []selector.Reason{{Kind: selector.ReasonChanged}}})
	}
	return p
}

// renderTo runs one renderer into a buffer.
func renderTo(f func(*bytes.Buffer) error) ([]byte, error) {
	var b bytes.Buffer
	err := f(&b)
	return b.Bytes(), err
}
