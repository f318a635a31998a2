package selector

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/graph"
)

// rolesPolicy has one test gate in two roles: every service runs it when
// it changed (gates) and when a dependency changed (smoke).
const rolesPolicy = `version: 1
gates:
  test: {run: "make -C {{.Dir}} test"}
  e2e:  {run: "e2e {{.Name}}"}
  check: {run: check}
contracts:
  platform: {gates: [check]}
services:
  lib: {paths: ["lib/**"], gates: [test], smoke: [test]}
  app: {paths: ["app/**"], depends_on: [lib], gates: [test], smoke: [test, e2e]}
  web: {paths: ["web/**"], depends_on: [app], smoke: [test]}
`

type layered struct {
	ID      string
	Layer   graph.Layer
	Reasons []string
}

func layers(p *Plan) []layered {
	var out []layered
	for _, in := range p.Gates {
		l := layered{ID: in.ID, Layer: in.Layer}
		for _, r := range in.Reasons {
			l.Reasons = append(l.Reasons, r.String())
		}
		out = append(out, l)
	}
	return out
}

func TestGateInTwoRoles(t *testing.T) {
	g, _, err := graph.Parse("gates.yaml", []byte(rolesPolicy))
	require.NoError(t, err)
	tests := []struct {
		name  string
		paths []string
		want  []layered
	}{
		{"only the dependency changed: smoke", []string{"lib/a.go"}, []layered{
			{"check:platform", graph.LayerContract, []string{"always"}},
			{"test:lib", graph.LayerLocal, []string{"changed: lib/a.go"}},
			{"e2e:app", graph.LayerSmoke, []string{"smoke: lib -> app"}},
			{"test:app", graph.LayerSmoke, []string{"smoke: lib -> app"}},
			{"test:web", graph.LayerSmoke, []string{"smoke: lib -> app -> web"}},
		}},
		{"both apply: one instance, both reasons, the local layer", []string{"lib/a.go", "app/b.go"}, []layered{
			{"check:platform", graph.LayerContract, []string{"always"}},
			{"test:app", graph.LayerLocal, []string{"changed: app/b.go", "smoke: lib -> app"}},
			{"test:lib", graph.LayerLocal, []string{"changed: lib/a.go"}},
			{"e2e:app", graph.LayerSmoke, []string{"smoke: lib -> app"}},
			{"test:web", graph.LayerSmoke, []string{"smoke: app -> web"}}, // the nearest change
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Select(Input{Graph: g, Changes: changes(tt.paths...)})
			require.NoError(t, err)
			assert.Equal(t, tt.want, layers(p))
		})
	}
}

func TestGateInTwoRolesEscalation(t *testing.T) {
	// every gate: a service that lists the gate only in smoke plans it in
	// the smoke layer, one that lists it in gates in the local layer, once
	g, _, err := graph.Parse("gates.yaml", []byte(rolesPolicy))
	require.NoError(t, err)
	p, err := Select(Input{Graph: g, Changes: changes("unclaimed.txt")})
	require.NoError(t, err)
	var got []string
	for _, in := range p.Gates {
		got = append(got, in.ID+" "+in.Layer.String())
	}
	assert.Equal(t, []string{"check:platform contract", "test:app local", "test:lib local", "e2e:app smoke", "test:web smoke"}, got)
}

func TestGateInTwoRolesUnion(t *testing.T) {
	// the base's policy has the gate as smoke only, the head's as local too:
	// the united instance sits in the earlier layer
	base := &Plan{Gates: []Instance{{ID: "test:app", Gate: "test", Layer: graph.LayerSmoke, Scope: "app", Reasons: []Reason{{Kind: ReasonSmoke}}}}}
	head := &Plan{Gates: []Instance{{ID: "test:app", Gate: "test", Layer: graph.LayerLocal, Scope: "app", Reasons: []Reason{{Kind: ReasonChanged, Path: "app/b.go"}}}}}
	u := Union(base, head)
	require.Len(t, u.Gates, 1)
	assert.Equal(t, graph.LayerLocal, u.Gates[0].Layer)
	assert.Len(t, u.Gates[0].Reasons, 2)
}

func TestCheckProfileDeclared(t *testing.T) {
	declared, _, err := graph.Parse("gates.yaml", []byte("version: 1\nprofiles:\n  full: {description: every gate}\n  validate: {description: no smoke}\ngates:\n  smoke: {profiles: [full]}\n"))
	require.NoError(t, err)
	listed, _, err := graph.Parse("gates.yaml", []byte("version: 1\ngates:\n  smoke: {profiles: [nightly]}\n"))
	require.NoError(t, err)
	assert.NoError(t, CheckProfile("validate", declared), "declared, listed by no gate")
	assert.NoError(t, CheckProfile(""))
	assert.EqualError(t, CheckProfile("vaildate", declared),
		`unknown profile "vaildate": not declared in the profiles of gates.yaml (profiles: full, validate) (did you mean "validate"?)`)
	assert.EqualError(t, CheckProfile("nightly", declared), `unknown profile "nightly": not declared in the profiles of gates.yaml (profiles: full, validate)`)
	assert.NoError(t, CheckProfile("nightly", declared, listed), "known to one of the two policies")
	assert.EqualError(t, CheckProfile("nighty", listed), `unknown profile "nighty": no gate lists it (profiles: nightly) (did you mean "nightly"?)`)
}

func TestDeclaredProfileNoGateLists(t *testing.T) {
	// the validation-only lane: it removes the gates with profiles (smoke),
	// keeps those without and the contract gates
	g, _, err := graph.Parse("gates.yaml", []byte(`version: 1
profiles:
  full: {description: every gate}
  validate: {description: no smoke}
gates:
  check: {profiles: [full]}
  unit: {}
  smoke: {profiles: [full]}
contracts:
  platform: {gates: [check]}
services:
  a: {paths: ["a/**"], gates: [unit]}
  b: {paths: ["b/**"], depends_on: [a], smoke: [smoke]}
`))
	require.NoError(t, err)
	p, err := Select(Input{Graph: g, Changes: changes("a/x.go"), Profile: "validate"})
	require.NoError(t, err)
	assert.Equal(t, []string{"check:platform: always", "unit:a: changed: a/x.go"}, summary(p))
	require.Len(t, p.Dropped, 1)
	assert.Equal(t, Dropped{ID: "smoke:b", Why: DropProfile, Profile: "validate", Reason: p.Dropped[0].Reason}, p.Dropped[0])
}

func TestGateInTwoRolesBindsOnce(t *testing.T) {
	g, _, err := graph.Parse("gates.yaml", []byte(rolesPolicy))
	require.NoError(t, err)
	var lib []graph.Binding
	for _, b := range g.Bindings() {
		if b.Name == "lib" {
			lib = append(lib, b)
		}
	}
	assert.Equal(t, []graph.Binding{{Gate: "test", Kind: graph.ScopeService, Name: "lib"}}, lib)
	assert.Equal(t, graph.LayerSmoke, g.RoleLayer("test", graph.ScopeService, "web", false), "web lists it only in smoke")
	assert.Equal(t, graph.LayerLocal, g.RoleLayer("test", graph.ScopeService, "app", false))
	assert.Equal(t, graph.LayerSmoke, g.RoleLayer("test", graph.ScopeService, "app", true))
	assert.Equal(t, graph.LayerSmoke, g.RoleLayer("e2e", graph.ScopeService, "app", false))
	assert.Equal(t, graph.LayerContract, g.RoleLayer("check", graph.ScopeContract, "platform", false))
}

func TestWhyNotGateInTwoRoles(t *testing.T) {
	g, _, err := graph.Parse("gates.yaml", []byte(rolesPolicy))
	require.NoError(t, err)
	in := Input{Graph: g, Changes: changes("web/x.go")}
	p, err := Select(in)
	require.NoError(t, err)
	f, err := WhyNot(in, p, "test:web")
	require.NoError(t, err)
	// web lists test in smoke only: its own change does not select it, and
	// nothing it depends on changed
	assert.False(t, f.Runs)
	assert.Equal(t, MissSmoke, f.Miss)
	assert.Equal(t, "web", f.Service.Name)
	f, err = WhyNot(in, p, "test:app")
	require.NoError(t, err)
	assert.Equal(t, MissService, f.Miss, "app lists test in gates too")
}

// A path classified twice (changed, and the old path of a copy) gives
// every reason twice: the plan and its dropped instances hold each once,
// in the plan's order (TestDroppedReasonsInPlanOrder).
func TestRepeatedReasonsOnce(t *testing.T) {
	g, _, err := graph.Parse("gates.yaml", []byte(`version: 1
gates:
  unit: {run: unit}
  lint: {run: lint, profiles: [full]}
domains:
  pay: {owners: ["@pay"], services: [a], gates: [lint]}
services:
  a: {paths: ["a/**"], gates: [unit, lint]}
`))
	require.NoError(t, err)
	cs := []Change{{Path: "a/x.go", Status: Modified}, {Path: "a/y.go", Status: Copied, OldPath: "a/x.go"}, {Path: "a/z.go", Status: Modified}}
	p, err := Select(Input{Graph: g, Changes: cs, Profile: "ci"})
	require.NoError(t, err)
	assert.Equal(t, []layered{{ID: "unit:a", Layer: graph.LayerLocal, Reasons: []string{"changed: a/x.go", "changed: a/y.go", "changed: a/z.go"}}}, layers(p))
	var dropped [][]string
	for _, d := range p.Dropped {
		var rs []string
		for _, r := range d.Reason {
			rs = append(rs, d.ID+" "+r.String())
		}
		dropped = append(dropped, rs)
	}
	assert.Equal(t, [][]string{
		{"lint:a changed: a/x.go", "lint:a changed: a/y.go", "lint:a changed: a/z.go"},
		{"lint:pay owner: a/x.go (service a)", "lint:pay owner: a/y.go (service a)", "lint:pay owner: a/z.go (service a)"},
	}, dropped)
}

// A dropped instance's reasons are in the plan's order, not the order
// they were given in: e2e:a is selected by a's change (given first, as
// a/x.go sorts first) and by an unowned path (unowned: all), and the plan
// puts the unowned reason first.
func TestDroppedReasonsInPlanOrder(t *testing.T) {
	g, _, err := graph.Parse("gates.yaml", []byte(`version: 1
settings: {unowned: all}
gates:
  e2e: {run: e2e, profiles: [full]}
services:
  a: {paths: ["a/**"], gates: [e2e]}
`))
	require.NoError(t, err)
	cs := []Change{{Path: "a/x.go", Status: Modified}, {Path: "b.txt", Status: Modified}}
	p, err := Select(Input{Graph: g, Changes: cs, Profile: "ci"})
	require.NoError(t, err)
	require.Len(t, p.Dropped, 1)
	var rs []string
	for _, r := range p.Dropped[0].Reason {
		rs = append(rs, r.String())
	}
	assert.Equal(t, []string{"unowned: b.txt", "changed: a/x.go"}, rs)
}
