package selector_test

import (
	"context"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/graph"
	"github.com/gatesel/gatesel/internal/gittest"
	"github.com/gatesel/gatesel/selector"
)

// goWorkImportsRepo is a go.work repository whose modules import each
// other without any require: ledger imports money; billing's tests import
// ledger; report imports money only in a windows file; money's files
// under testdata/, vendor/ and _old/ and its nested module contrib (not in
// the workspace) import billing, which the go tool does not count for
// money.
var goWorkImportsRepo = map[string]string{
	"gates.yaml":                 "version: 1\nsettings: {unowned: ignore}\ninfer:\n  go: {gates: [unit], smoke: [smoke]}\ngates:\n  unit: {run: \"go test ./{{.Dir}}/...\"}\n  smoke: {run: \"smoke {{.Name}}\"}\n",
	"go.work":                    "go 1.22\n\nuse (\n\t./libs/money\n\t./services/ledger\n\t./services/billing\n\t./tools/report\n)\n",
	"libs/money/go.mod":          "module example.com/money\n\ngo 1.22\n",
	"libs/money/money.go":        "// Package money.\npackage money\n\nimport \"fmt\"\n\nfunc Cents() string { return fmt.Sprint(100) }\n",
	"libs/money/testdata/x.go":   "package x\n\nimport \"example.com/billing\"\n",
	"libs/money/vendor/v/v.go":   "package v\n\nimport \"example.com/billing\"\n",
	"libs/money/_old/old.go":     "package old\n\nimport \"example.com/billing\"\n",
	"libs/money/.hidden/h.go":    "package h\n\nimport \"example.com/billing\"\n",
	"libs/money/_gen.go":         "package money\n\nimport \"example.com/billing\"\n",
	"libs/money/contrib/go.mod":  "module example.com/money/contrib\n\ngo 1.22\n",
	"libs/money/contrib/c.go":    "package contrib\n\nimport \"example.com/billing\"\n",
	"services/ledger/go.mod":     "module example.com/ledger\n\ngo 1.22\n",
	"services/ledger/ledger.go":  "package ledger\n\nimport (\n\t\"strings\"\n\n\tm \"example.com/money\"\n)\n\nvar _ = strings.ToUpper(m.Cents())\n",
	"services/billing/go.mod":    "module example.com/billing\n\ngo 1.22\n",
	"services/billing/b.go":      "package billing\n",
	"services/billing/b_test.go": "package billing_test\n\nimport (\n\t\"testing\"\n\n\t\"example.com/ledger\"\n)\n\nfunc TestB(t *testing.T) { _ = ledger.X }\n",
	"tools/report/go.mod":        "module example.com/report\n\ngo 1.22\n",
	"tools/report/main.go":       "package main\n\nfunc main() {}\n",
	"tools/report/win.go":        "//go:build windows\n\npackage main\n\nimport _ \"example.com/money/sub\"\n",
}

func TestGoWorkImportsWithoutRequire(t *testing.T) {
	g := gittest.New(t)
	g.Commit("initial", goWorkImportsRepo)
	g.Git("checkout", "-q", "-b", "change")
	g.Commit("change money", map[string]string{"libs/money/money.go": "package money\n\nfunc Cents() string { return \"100\" }\n"})

	// the edges, each at the import that makes it
	gr, _, err := graph.Load(os.DirFS(g.Dir), "gates.yaml")
	require.NoError(t, err)
	edges := map[string][]string{}
	for _, s := range gr.Services {
		edges[s.Name] = s.DependsOn
	}
	assert.Equal(t, map[string][]string{"money": nil, "ledger": {"money"}, "billing": {"ledger"}, "report": {"money"}}, edges)

	// a change to money smokes its consumers: ledger directly, billing
	// through ledger (its tests import it), report (a windows file); from
	// the work tree (the git index's listing) and from the head revision's
	// tree alike
	for _, head := range []string{"", "change"} {
		p, err := selector.Compute(context.Background(), selector.Options{Dir: g.Dir, Base: "main", Head: head})
		require.NoError(t, err, head)
		assert.Equal(t, []string{"unit:money", "smoke:billing", "smoke:ledger", "smoke:report"}, ids(p), head)
		for _, in := range p.Gates {
			if in.ID == "smoke:ledger" {
				assert.Equal(t, "smoke: money -> ledger", in.Reasons[0].String())
			}
		}
	}

	// a change to billing smokes nobody: money's files that import it are
	// not money's (testdata, vendor, _ and . directories, a _ file, a
	// nested module)
	g.Git("checkout", "-q", "-b", "billing", "main")
	g.Commit("change billing", map[string]string{"services/billing/b.go": "package billing\n\nvar X = 1\n"})
	p, err := selector.Compute(context.Background(), selector.Options{Dir: g.Dir, Base: "main"})
	require.NoError(t, err)
	assert.Equal(t, []string{"unit:billing"}, ids(p))
}
