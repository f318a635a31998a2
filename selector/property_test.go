package selector

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/graph"
	"github.com/gatesel/gatesel/ownership"
)

// randomPolicy writes a random but valid gates.yaml and CODEOWNERS, and a
// pool of paths that hit every kind of claim (and none).
func randomPolicy(r *rand.Rand) (yaml, codeowners string, pool []string) {
	var b strings.Builder
	nsvc, ncon, ndom := 2+r.IntN(12), 1+r.IntN(4), r.IntN(4)
	unowned := []string{"all", "global", "ignore"}[r.IntN(3)]
	depth := []string{"transitive", "1", "2", "3"}[r.IntN(4)]
	fmt.Fprintf(&b, "version: 1\nsettings:\n  unowned: %s\n  smoke_depth: %s\n", unowned, depth)
	b.WriteString("gates:\n  cc: {run: cc}\n  diff: {run: 'diff {{.Name}}'}\n  unit: {run: 'unit {{.Dir}}', profiles: [ci, full]}\n" +
		"  lint: {run: lint}\n  smoke: {run: 'smoke {{.Name}}', profiles: [full]}\n  dlint: {run: dlint}\n")
	if r.IntN(2) == 0 {
		b.WriteString("  build: {run: build, covers: [unit]}\n")
	} else {
		b.WriteString("  build: {run: build}\n")
	}
	b.WriteString("triggers:\n  - {name: tool, paths: [go.mod], select: all}\n  - {name: lint, paths: ['lint/**'], select: [lint, build]}\n  - {name: docs, paths: ['docs/**'], select: []}\n")
	b.WriteString("contracts:\n  platform: {gates: [cc]}\n")
	for c := range ncon {
		fmt.Fprintf(&b, "  c%d: {paths: ['api/c%d/**'], gates: [diff]}\n", c, c)
		pool = append(pool, fmt.Sprintf("api/c%d/spec.yaml", c))
	}
	b.WriteString("services:\n")
	var co strings.Builder
	co.WriteString("* @org/all\n")
	for s := range nsvc {
		fmt.Fprintf(&b, "  s%d:\n    paths: ['svc/s%d/**']\n    internal: ['**/*_test.go']\n    gates: [unit]\n    smoke: [smoke]\n", s, s)
		var deps, cons, provs []string
		for d := range nsvc {
			if d != s && r.IntN(4) == 0 {
				deps = append(deps, fmt.Sprintf("s%d", d))
			}
		}
		for c := range ncon {
			switch r.IntN(5) {
			case 0:
				cons = append(cons, fmt.Sprintf("c%d", c))
			case 1:
				provs = append(provs, fmt.Sprintf("c%d", c))
			}
		}
		if len(deps) > 0 {
			fmt.Fprintf(&b, "    depends_on: [%s]\n", strings.Join(deps, ", "))
		}
		if len(cons) > 0 {
			fmt.Fprintf(&b, "    consumes: [%s]\n", strings.Join(cons, ", "))
		}
		if len(provs) > 0 {
			fmt.Fprintf(&b, "    provides: [%s]\n", strings.Join(provs, ", "))
		}
		fmt.Fprintf(&co, "/svc/s%d/ @org/t%d\n", s, s%3)
		pool = append(pool, fmt.Sprintf("svc/s%d/main.go", s), fmt.Sprintf("svc/s%d/main_test.go", s))
	}
	// A nested service: a tie-free more specific claim inside s0.
	fmt.Fprintf(&b, "  nested:\n    paths: ['svc/s0/nested/**']\n    depends_on: [s0]\n    gates: [unit]\n    smoke: [smoke]\n")
	pool = append(pool, "svc/s0/nested/x.go")
	if ndom > 0 {
		b.WriteString("domains:\n")
		for d := range ndom {
			fmt.Fprintf(&b, "  d%d: {owners: ['@org/t%d'], services: [s%d], gates: [dlint]}\n", d, d, r.IntN(nsvc))
		}
	}
	pool = append(pool, "go.mod", "lint/rules.txt", "docs/x.md", "misc/unclaimed.txt")
	return b.String(), co.String(), pool
}

func encode(t testing.TB, p *Plan) string {
	b, err := json.Marshal(p)
	require.NoError(t, err)
	return string(b)
}

// TestSelectProperties checks SPEC §10 over generated policies and change
// sets: contract gates always present, every gate has a reason, the output
// does not depend on the order of the input, and adding a changed path
// never removes a gate unless a covering gate replaced it.
func TestSelectProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	cases := 0
	for range 300 {
		src, co, pool := randomPolicy(r)
		g, _, err := graph.Parse("gates.yaml", []byte(src))
		require.NoError(t, err, src)
		rs, err := ownership.Parse("CODEOWNERS", []byte(co), ownership.GitHub)
		require.NoError(t, err)
		profile := []string{"", "", "ci", "full"}[r.IntN(4)]
		for range 10 {
			cases++
			var set []Change
			for _, p := range pool {
				if r.IntN(4) == 0 {
					set = append(set, Change{Path: p, Status: Modified})
				}
			}
			extra := Change{Path: pool[r.IntN(len(pool))], Status: Added}
			in := Input{Graph: g, Owners: rs, Changes: set, Profile: profile}
			small, err := Select(in)
			require.NoError(t, err)
			in.Changes = append(slices.Clone(set), extra)
			big, err := Select(in)
			require.NoError(t, err)

			for _, p := range []*Plan{small, big} {
				ids := map[string]bool{}
				for _, inst := range p.Gates {
					require.NotEmpty(t, inst.Reasons, "instance %s has no reason", inst.ID)
					require.False(t, ids[inst.ID], "instance %s twice", inst.ID)
					ids[inst.ID] = true
				}
				for name, c := range g.Contracts {
					for _, gate := range c.Gates {
						require.True(t, ids[gate+":"+name], "contract gate %s:%s missing", gate, name)
					}
				}
			}

			bigIDs := map[string]bool{}
			for _, inst := range big.Gates {
				bigIDs[inst.ID] = true
			}
			for _, d := range big.Dropped {
				if d.Why == "covered-by" {
					bigIDs[d.ID] = true
				}
			}
			for _, inst := range small.Gates {
				require.True(t, bigIDs[inst.ID], "adding %s removed %s\npolicy:\n%s\nchanges: %v", extra.Path, inst.ID, src, set)
			}

			rev := slices.Clone(in.Changes)
			slices.Reverse(rev)
			in.Changes = rev
			again, err := Select(in)
			require.NoError(t, err)
			require.Equal(t, encode(t, big), encode(t, again), "order of changes changed the plan")
		}
	}
	t.Logf("%d change sets checked", cases)
}
