package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// forbiddenImports are the packages gatesel's own code must not import: it
// never runs a program and never opens a connection.
var forbiddenImports = []string{"os/exec", "net", "plugin"}

// forbiddenCalls are go-git methods that reach a remote, and the calls
// that start a process without os/exec.
var forbiddenCalls = []string{"Fetch", "FetchContext", "Pull", "PullContext", "Push", "PushContext", "PlainClone", "PlainCloneContext", "Clone", "CloneContext", "List", "ListContext",
	"StartProcess", "ForkExec", "Exec", "Syscall", "RawSyscall"}

// TestNoExecNoNetwork reads the source of the packages the binary is built
// from and fails on any import or call that could run a program or reach
// the network.
func TestNoExecNoNetwork(t *testing.T) {
	files := 0
	for _, dir := range []string{"../../ownership", "../../graph", "../../selector", "../../selector/gitrepo", "../../selector/gitrepo/internal/odb", "../../selector/render", "../../evidence", "../../audit", "."} {
		names, err := filepath.Glob(filepath.Join(dir, "*.go"))
		require.NoError(t, err)
		for _, name := range names {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			files++
			f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.SkipObjectResolution)
			require.NoError(t, err)
			for _, imp := range f.Imports {
				p, _ := strconv.Unquote(imp.Path.Value)
				for _, bad := range forbiddenImports {
					assert.False(t, p == bad || strings.HasPrefix(p, bad+"/"), "%s imports %s", name, p)
				}
				assert.NotContains(t, p, "go-git/v5/plumbing/transport", "%s imports %s", name, p)
			}
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				sel, ok := call.Fun.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				recv, _ := sel.X.(*ast.Ident)
				if recv != nil && (recv.Name == "slices" || recv.Name == "maps" || recv.Name == "bytes" || recv.Name == "strings" || recv.Name == "heap") {
					return true // slices.Clone, heap.Push, ...
				}
				for _, bad := range forbiddenCalls {
					assert.NotEqual(t, bad, sel.Sel.Name, "%s calls .%s", name, bad)
				}
				return true
			})
		}
	}
	assert.Greater(t, files, 40, "the source was read")
	_, err := os.Stat("../../selector/gitrepo/git.go")
	require.NoError(t, err)
}

// TestBinaryDependencies lists every package linked into the binary (go
// list -deps): none can run a program or open a connection, and go-git's
// top-level package (its transports: SSH, HTTP) and plumbing/object
// (OpenPGP) stay out — they are never called, and their initialisation
// cost every run about a millisecond (docs/performance.md) — and so does
// the JSON Schema library (its initialisation cost 3–8 ms), and go-git's
// storage and configuration packages (gcfg, encoding/gob: about 0.25 ms
// of every start; odb reads the configuration, the index and shallow
// itself).
func TestBinaryDependencies(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", ".").Output()
	require.NoError(t, err)
	var deps []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		deps = append(deps, f[0])
		// spf13/pflag (cobra's flags) imports net for its IP-valued flag
		// types (net.ParseIP, net.ParseCIDR), which gatesel defines none
		// of; net is linked for it alone, and nothing that dials
		// (net/http, crypto/tls) is linked at all.
		if slices.Contains(f[1:], "net") {
			assert.Equal(t, "github.com/spf13/pflag", f[0], "%s imports net", f[0])
		}
	}
	require.Contains(t, deps, "github.com/go-git/go-git/v5/plumbing/format/index", "the list is the binary's")
	for _, p := range deps {
		for _, bad := range []string{"os/exec", "net/http", "net/rpc", "net/smtp", "crypto/tls", "crypto/tls", "plugin", "github.com/go-git/go-git/v5",
			"github.com/go-git/go-git/v5/plumbing/object", "golang.org/x/crypto/ssh", "github.com/ProtonMail/go-crypto/openpgp",
			"github.com/go-git/go-git/v5/storage/filesystem", "github.com/go-git/go-git/v5/config", "github.com/go-git/gcfg", "encoding/gob"} {
			assert.NotEqual(t, bad, p, "the binary links %s", p)
		}
		assert.NotContains(t, p, "go-git/v5/plumbing/transport", "the binary links %s", p)
		// its init compiled five metaschemas on every run (22 M
		// instructions); the schemas are checked in tests only
		assert.NotContains(t, p, "github.com/santhosh-tekuri/jsonschema", "the binary links %s", p)
		// cgo makes a default build load the C library at start-up: os/user
		// cost 1.2 ms of `gatesel version` (the release build, with
		// CGO_ENABLED=0, has none; net, pflag's, is the one cgo package a
		// default build still links)
		if runtime.GOOS == "linux" {
			assert.NotEqual(t, "os/user", p, "the binary links os/user, and with it cgo")
		}
	}
}

// maxInitBytes is the most a package's initialisation may allocate in the
// binary. Allocation counts are deterministic, unlike time: jsonschema's
// init allocated 1.7 MB; the largest today (yaml.v3) about 26 kB.
const maxInitBytes = 256 << 10

// TestInitAllocations builds the binary, runs `gatesel version` with
// GODEBUG=inittrace=1 and fails when any package's init allocates more
// than maxInitBytes: every command pays for every init.
func TestInitAllocations(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "gatesel")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	require.NoError(t, err, "%s", out)
	cmd := exec.Command(bin, "version")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Run(), stderr.String())
	inits := 0
	for _, line := range strings.Split(stderr.String(), "\n") {
		// init PKG @0.5 ms, 0.01 ms clock, 1234 bytes, 5 allocs
		f := strings.Fields(line)
		if len(f) != 11 || f[0] != "init" || f[8] != "bytes," {
			continue
		}
		inits++
		n, err := strconv.Atoi(f[7])
		require.NoError(t, err, line)
		assert.LessOrEqual(t, n, maxInitBytes, "the init of %s allocates %d bytes: %s", f[1], n, line)
	}
	assert.Greater(t, inits, 10, "the trace was read:\n%s", stderr.String())
}
