package graph_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/graph"
)

func TestScopeDirAtTheRoot(t *testing.T) {
	g, _, err := graph.Parse("gates.yaml", []byte("version: 1\ngates: {t: {run: \"make -C {{.Dir}} test\"}}\nservices:\n  root: {paths: [go.mod, \"**/*.go\"], gates: [t]}\n  deep: {paths: [\"cmd/tool/**\"], gates: [t]}\n  any: {paths: [\"**/*.md\"], gates: [t]}\n"))
	require.NoError(t, err)
	for name, want := range map[string]string{"root": "make -C . test", "deep": "make -C cmd/tool test", "any": "make -C . test"} {
		run, _, err := g.Gates["t"].Render(g.Scope(graph.ScopeService, name))
		require.NoError(t, err)
		assert.Equal(t, want, run, name)
	}
}

func TestEmptyRenders(t *testing.T) {
	in := `version: 1
gates:
  build: {run: "make -C {{.Dir}} test"}
  quoted: {run: "cd '{{.Dir}}' && make"}
  option: {run: "tool --dir={{.Dir}} --name {{.Name}}"}
  joined: {run: "go test ./{{.Dir}}/..."}
  guarded: {run: "{{if .Dir}}make -C {{.Dir}}{{else}}make{{end}} test"}
  ranged: {run: "lint {{range .Paths}}{{.}} {{end}}"}
  attrs: {with: {workdir: "{{.Dir}}", name: "{{.Name}}"}}
  rooted: {run: "sh {{.Dir}}/ci/test.sh"}
contracts:
  platform: {gates: [quoted]}
services:
  a: {paths: ["a/**"], gates: [build, option, joined, guarded, ranged, attrs, rooted]}
domains:
  team: {gates: [build, option, joined, guarded, ranged, attrs, rooted]}
  crew: {gates: [build]}
`
	g, _, err := graph.Parse("gates.yaml", []byte(in))
	require.NoError(t, err)
	var got []string
	for _, w := range g.EmptyRenders(nil) {
		assert.Equal(t, graph.WarnEmptyRender, w.Kind)
		got = append(got, w.String())
	}
	assert.Equal(t, []string{
		`gates.yaml:3:16: gate "build": run: an interpolated value renders empty for domain crew: "make -C  test" (and for 1 other scope(s))`,
		`gates.yaml:4:17: gate "quoted": run: an interpolated value renders empty for contract platform: "cd '' && make"`,
		`gates.yaml:5:17: gate "option": run: an interpolated value renders empty for domain team: "tool --dir= --name team"`,
		`gates.yaml:9:27: gate "attrs": with/workdir: an interpolated value renders empty for domain team: ""`,
		`gates.yaml:10:17: gate "rooted": run: an interpolated value renders empty for domain team: "sh /ci/test.sh"`,
	}, got)
}
