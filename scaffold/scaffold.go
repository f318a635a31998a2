package scaffold

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/gatesel/gatesel/infer"
	"github.com/gatesel/gatesel/ownership"
)

// Options are what Generate reads besides the tree.
type Options struct {
	Files  []string           // the repository's files (tracked ones), repository-relative slash paths
	Owners *ownership.Ruleset // the CODEOWNERS rules; nil when there are none
}

// ecoGates are the starting gates of each ecosystem: the local one runs in
// the changed service, the smoke one in its dependents.
var ecoGates = map[infer.Ecosystem]struct{ local, smoke, run string }{
	infer.Go:    {"go-test", "go-smoke", "cd ./{{.Dir}} && go test ./..."},
	infer.NPM:   {"npm-test", "npm-smoke", "npm test --workspace ./{{.Dir}}"},
	infer.Cargo: {"cargo-test", "cargo-smoke", "cd ./{{.Dir}} && cargo test"},
	infer.UV:    {"uv-test", "uv-smoke", "cd ./{{.Dir}} && uv run pytest"},
}

// triggerFiles are the CI and toolchain files a trigger selects all for:
// a literal path, or a directory (its whole tree).
var triggerFiles = []string{
	".github/workflows/", ".github/actions/", ".gitlab-ci.yml", ".gitlab/ci/", ".circleci/", ".buildkite/", "Jenkinsfile", "azure-pipelines.yml", "bitbucket-pipelines.yml",
	"Makefile", "go.work", "go.work.sum", "package.json", "pnpm-workspace.yaml", ".npmrc", ".yarnrc.yml", ".nvmrc", ".node-version", ".tool-versions", ".mise.toml", "mise.toml",
	"rust-toolchain", "rust-toolchain.toml", ".cargo/config.toml", ".python-version", "tsconfig.base.json", "tsconfig.json", "turbo.json", "nx.json",
}

// Generate returns a starting gates.yaml for the repository fsys.
func Generate(ctx context.Context, fsys fs.FS, opt Options) ([]byte, error) {
	res, err := infer.Infer(ctx, fsys, infer.Options{})
	if err != nil {
		return nil, fmt.Errorf("infer the services: %w", err)
	}
	taken := map[string]bool{}
	ecos := map[infer.Ecosystem]bool{}
	manifests := map[string]bool{}
	for _, s := range res.Services {
		taken[s.Name] = true
		ecos[s.Ecosystem] = true
		manifests[s.Manifest] = true
	}
	var b bytes.Buffer
	b.WriteString("version: 1\n\n# Written by `gatesel init`. Name the real commands of the gates (run:),\n# then check with `gatesel validate --coverage`.\n")
	var used []infer.Ecosystem
	for _, e := range infer.Ecosystems {
		if ecos[e] {
			used = append(used, e)
		}
	}
	if len(used) > 0 {
		b.WriteString("\n# Every module, workspace package, crate or project is a service, with the\n# depends_on its manifest declares.\ninfer:\n")
		for _, e := range used {
			g := ecoGates[e]
			fmt.Fprintf(&b, "  %s: {gates: [%s], smoke: [%s]}\n", e, g.local, g.smoke)
		}
	}
	b.WriteString("\ngates:\n")
	if len(used) == 0 {
		b.WriteString("  all: {run: \"make test\"}  # the command that checks everything\n")
	}
	for _, e := range used {
		g := ecoGates[e]
		fmt.Fprintf(&b, "  %s: {run: %s}\n", g.local, strconv.Quote(g.run))
		fmt.Fprintf(&b, "  %s: {run: %s}  # runs in the dependents of a changed service\n", g.smoke, strconv.Quote(g.run))
	}
	writeTriggers(&b, opt.Files, manifests, len(used) == 0)
	writeContracts(&b, fsys, opt.Files, taken)
	writeDomains(&b, opt, taken)
	return b.Bytes(), nil
}

// writeTriggers writes a trigger for the CI and toolchain files present
// (not the manifests of inferred services: those are services).
func writeTriggers(b *bytes.Buffer, files []string, manifests map[string]bool, none bool) {
	var globs []string
	for _, t := range triggerFiles {
		if strings.HasSuffix(t, "/") {
			if slices.ContainsFunc(files, func(f string) bool { return strings.HasPrefix(f, t) }) {
				globs = append(globs, t+"**")
			}
		} else if !manifests[t] && slices.Contains(files, t) {
			globs = append(globs, t)
		}
	}
	if len(globs) == 0 {
		return
	}
	b.WriteString("\ntriggers:\n  - name: toolchain   # CI and toolchain files: a change to them runs everything\n    paths: [")
	for i, g := range globs {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Quote(g))
	}
	b.WriteString("]\n    select: all\n")
	_ = none
}

// name makes a unique valid name from parts, avoiding taken ones.
func name(taken map[string]bool, parts ...string) string {
	s := sanitize(strings.Join(parts, "-"))
	n := s
	for i := 2; taken[n]; i++ {
		n = s + "-" + strconv.Itoa(i)
	}
	taken[n] = true
	return n
}

// sanitize keeps [A-Za-z0-9_.-], starting with a letter, digit or '_'.
func sanitize(s string) string {
	var out []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '.' || c == '-' {
			out = append(out, c)
		} else if len(out) > 0 && out[len(out)-1] != '-' {
			out = append(out, '-')
		}
	}
	r := strings.Trim(string(out), ".-")
	if r == "" {
		return "x"
	}
	return r
}

// dirOf is the directory of a file, "" for the root.
func dirOf(p string) string {
	d := path.Dir(p)
	if d == "." {
		return ""
	}
	return d
}
