package infer_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/infer"
)

// npmWorkspace is a workspace of three packages: app uses ui, ui uses
// react; api uses express, which uses lodash; tool uses nothing.
var npmWorkspace = map[string]string{
	"package.json":               `{"private": true, "workspaces": ["packages/*"]}`,
	"packages/app/package.json":  `{"name": "app", "dependencies": {"ui": "workspace:*", "left-pad": "^1.3.0"}}`,
	"packages/ui/package.json":   `{"name": "ui", "dependencies": {"react": "^18.0.0"}}`,
	"packages/api/package.json":  `{"name": "api", "dependencies": {"express": "^4.18.0"}}`,
	"packages/tool/package.json": `{"name": "tool"}`,
}

func inferOf(t *testing.T, files map[string]string) *infer.Result {
	t.Helper()
	res, err := infer.Infer(context.Background(), os.DirFS(writeTree(t, files)), infer.Options{})
	require.NoError(t, err)
	return res
}

const pnpmBase = `lockfileVersion: '9.0'

settings:
  autoInstallPeers: true
  excludeLinksFromLockfile: false

importers:

  .: {}

  packages/api:
    dependencies:
      express:
        specifier: ^4.18.0
        version: 4.18.2

  packages/app:
    dependencies:
      left-pad:
        specifier: ^1.3.0
        version: 1.3.0
      ui:
        specifier: workspace:*
        version: link:../ui

  packages/tool: {}

  packages/ui:
    dependencies:
      react:
        specifier: ^18.0.0
        version: 18.2.0

packages:

  express@4.18.2:
    resolution: {integrity: sha512-express}
    engines: {node: '>= 0.10.0'}

  left-pad@1.3.0:
    resolution: {integrity: sha512-leftpad}
    deprecated: use String.prototype.padStart()

  lodash@4.17.20:
    resolution: {integrity: sha512-lodash20}

  react@18.2.0:
    resolution: {integrity: sha512-react}

snapshots:

  express@4.18.2:
    dependencies:
      lodash: 4.17.20

  left-pad@1.3.0: {}

  lodash@4.17.20: {}

  react@18.2.0: {}
`

func TestComparePnpm(t *testing.T) {
	r := inferOf(t, npmWorkspace)
	head := replaceAll(pnpmBase, "lodash@4.17.20", "lodash@4.17.21", "lodash: 4.17.20", "lodash: 4.17.21", "sha512-lodash20", "sha512-lodash21")
	assert.Equal(t, infer.LockChange{Services: map[string]string{"api": "lockfile: pnpm-lock.yaml: lodash 4.17.20 -> 4.17.21"}},
		r.CompareLock("pnpm-lock.yaml", []byte(pnpmBase), []byte(head)))

	// a direct upgrade of a package the ui uses: ui, whose dependents follow by smoke
	head = replaceAll(pnpmBase, "version: 18.2.0", "version: 18.3.1", "react@18.2.0", "react@18.3.1")
	assert.Equal(t, infer.LockChange{Services: map[string]string{"ui": "lockfile: pnpm-lock.yaml: react 18.2.0 -> 18.3.1"}},
		r.CompareLock("pnpm-lock.yaml", []byte(pnpmBase), []byte(head)))

	// a content change without a version change (a new integrity)
	head = replaceAll(pnpmBase, "sha512-leftpad", "sha512-other")
	assert.Equal(t, infer.LockChange{Services: map[string]string{"app": "lockfile: pnpm-lock.yaml: left-pad 1.3.0 -> 1.3.0"}},
		r.CompareLock("pnpm-lock.yaml", []byte(pnpmBase), []byte(head)))

	// nothing but formatting: nothing
	assert.Equal(t, infer.LockChange{Services: map[string]string{}},
		r.CompareLock("pnpm-lock.yaml", []byte(pnpmBase), []byte(pnpmBase+"\n\n")))

	// overrides concern every package
	head = replaceAll(pnpmBase, "importers:\n", "overrides:\n  lodash: 4.17.21\n\nimporters:\n")
	got := r.CompareLock("pnpm-lock.yaml", []byte(pnpmBase), []byte(head))
	assert.True(t, got.All)
	assert.Equal(t, "lockfile: pnpm-lock.yaml: overrides changed, which concerns every package", got.Reason)

	// a dependency of the root package concerns every package
	head = replaceAll(pnpmBase, "  .: {}\n", "  .:\n    devDependencies:\n      typescript:\n        specifier: ^5.0.0\n        version: 5.4.0\n")
	got = r.CompareLock("pnpm-lock.yaml", []byte(pnpmBase), []byte(head))
	assert.Equal(t, infer.LockChange{All: true, Reason: "lockfile: pnpm-lock.yaml: typescript@5.4.0 added (a dependency of the root package, which concerns every package)"}, got)

	// an importer that is no workspace package: everything
	head = replaceAll(pnpmBase, "  packages/tool: {}\n", "  packages/tool: {}\n\n  packages/ghost: {}\n")
	got = r.CompareLock("pnpm-lock.yaml", []byte(pnpmBase), []byte(head))
	assert.Equal(t, infer.LockChange{All: true, Reason: "lockfile: pnpm-lock.yaml: importer packages/ghost is no service of the workspace"}, got)

	// unreadable: everything, with the reason
	got = r.CompareLock("pnpm-lock.yaml", []byte(pnpmBase), []byte("lockfileVersion: '9.0'\n\timporters:\n"))
	assert.Equal(t, infer.LockChange{All: true, Reason: "lockfile: pnpm-lock.yaml: not understood, every service is concerned: pnpm-lock.yaml:2: tab in indentation"}, got)
	got = r.CompareLock("pnpm-lock.yaml", nil, []byte(pnpmBase))
	assert.Equal(t, infer.LockChange{All: true, Reason: "lockfile: pnpm-lock.yaml: added"}, got)
}

func replaceAll(s string, pairs ...string) string {
	for i := 0; i+1 < len(pairs); i += 2 {
		s = stringsReplace(s, pairs[i], pairs[i+1])
	}
	return s
}

// TestComparePnpmEnvDocument: pnpm 11 and later write pnpm's own
// dependencies (packageManagerDependencies) as a first document of
// pnpm-lock.yaml; the workspace's document after it compares as usual
// (testdata/pnpm12), a change to the first concerns every package, and
// an error in the second is positioned on the file's own line.
func TestComparePnpmEnvDocument(t *testing.T) {
	res, err := infer.Infer(context.Background(), os.DirFS("testdata/pnpm12/repo"), infer.Options{})
	require.NoError(t, err)
	base, err := os.ReadFile("testdata/pnpm12/repo/pnpm-lock.yaml")
	require.NoError(t, err)
	bumped := []byte(stringsReplace(string(base), "12.0.0-rc.7", "12.0.0"))
	c := res.CompareLock("pnpm-lock.yaml", base, bumped)
	assert.True(t, c.All)
	assert.Equal(t, "lockfile: pnpm-lock.yaml: pnpm's own dependencies (the first document: packageManagerDependencies, configDependencies) changed, which concerns every package", c.Reason)

	broken := []byte(stringsReplace(string(base), "  ms@2.1.2: {}", "  ms@2.1.2: {}\n\tbad"))
	line := 1 + strings.Count(string(base[:strings.Index(string(base), "  ms@2.1.2: {}")]), "\n") + 1
	c = res.CompareLock("pnpm-lock.yaml", base, broken)
	assert.True(t, c.All)
	assert.Contains(t, c.Reason, fmt.Sprintf("pnpm-lock.yaml:%d: tab in indentation", line))

	// one document with a start marker is one document
	one := []byte("---\n" + string(base[strings.Index(string(base), "\n---\n")+5:]))
	c = res.CompareLock("pnpm-lock.yaml", one, []byte(stringsReplace(string(one), "ms@2.1.2", "ms@2.1.3")))
	assert.False(t, c.All, c.Reason)
	assert.Equal(t, map[string]string{"b": "lockfile: pnpm-lock.yaml: ms 2.1.2 -> 2.1.3"}, c.Services)
}
