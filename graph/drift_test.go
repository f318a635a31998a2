package graph_test

import (
	"context"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/graph"
)

func TestDrift(t *testing.T) {
	dir := writeRepo(t, map[string]string{
		"gates.yaml": `version: 1
gates:
  unit: {run: x}
services:
  billing:
    paths: ["services/billing/**"]
    depends_on: [docs, web]
    gates: [unit]
  ledger:
    paths: ["services/ledger/**", "libs/**"]
    gates: [unit]
  web:
    paths: ["web/**"]
    depends_on: [ledger]
  docs:
    paths: ["docs/**"]
`,
		"go.work":                 "go 1.22\nuse (\n\t./services/billing\n\t./services/ledger\n\t./libs/money\n)\n",
		"services/billing/go.mod": "module example.com/billing\n\nrequire (\n\texample.com/ledger v0.0.0\n\texample.com/money v0.0.0\n)\n",
		"services/ledger/go.mod":  "module example.com/ledger\n\nrequire example.com/money v0.0.0\n",
		"libs/money/go.mod":       "module example.com/money\n",
		"package.json":            `{"workspaces": ["web"]}`,
		"web/package.json":        `{"name": "web"}`,
	})
	g, _, err := graph.Load(os.DirFS(dir), "gates.yaml")
	require.NoError(t, err)
	warns, err := g.Drift(context.Background(), os.DirFS(dir))
	require.NoError(t, err)
	var got []string
	for _, w := range warns {
		got = append(got, w.String())
	}
	assert.Equal(t, []string{
		`gates.yaml:5:3: service "billing": services/billing/go.mod:4:2 requires example.com/ledger (services/ledger/go.mod), which belongs to service "ledger": depends_on lacks "ledger"`,
		`gates.yaml:7:24: service "billing": depends_on "web": no manifest supports it (services/billing/go.mod requires nothing of web/package.json)`,
		`gates.yaml:14:18: service "web": depends_on "ledger": no manifest supports it (web/package.json requires nothing of libs/money/go.mod, services/ledger/go.mod)`,
	}, got)
}

func TestDriftNone(t *testing.T) {
	dir := writeRepo(t, inferRepo)
	g, _, err := graph.Load(os.DirFS(dir), "gates.yaml")
	require.NoError(t, err)
	warns, err := g.Drift(context.Background(), os.DirFS(dir))
	require.NoError(t, err)
	var got []string
	for _, w := range warns {
		got = append(got, w.String())
	}
	// billing's declared edge to web has no manifest behind it
	assert.Equal(t, []string{`gates.yaml:12:18: service "billing": depends_on "web": no manifest supports it (services/billing/go.mod requires nothing of web/package.json)`}, got)
}
