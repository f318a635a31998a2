package selector

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/graph"
	"github.com/gatesel/gatesel/ownership"
)

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
