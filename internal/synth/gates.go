package synth

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
)

// domainGates is how many domains have a gate of their own besides lint.
const domainGates = 3

func (l *layout) domainName(d int) string { return name("domain", d, l.opt.Domains, 2) }

func team(n int) string { return fmt.Sprintf("@org/team-%d", n) }

// gatesYAML renders the root gates.yaml in the format of SPEC §3. Services
// declared in fragments are left out of it; the fragments are included by glob.
func (l *layout) gatesYAML() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Synthetic monorepo (seed %d): %d services, %d contracts, %d domains.\n", l.opt.Seed, len(l.services), len(l.contracts)+1, l.opt.Domains)
	b.WriteString("version: 1\n\nsettings:\n  base: main\n  unowned: all\n  smoke_depth: transitive\n\n")
	if slices.ContainsFunc(l.services, func(sv service) bool { return sv.fragment }) {
		b.WriteString("include: [\"services/*/gates.yaml\"]\n\n")
	}
	b.WriteString(`gates:
  contract-check: {run: "make contract-check"}
  openapi-diff: {run: "scripts/ci/openapi-diff.sh {{.Name}}"}
  full-build: {run: "make all", covers: [unit]}
  unit: {run: "go test ./{{.Dir}}/...", with: {runs-on: ubuntu-latest}}
  lint: {run: "scripts/ci/lint.sh {{.Dir}}"}
  smoke: {run: "scripts/ci/smoke.sh {{.Name}}", profiles: [full, staging]}
`)
	for d := range min(domainGates, l.opt.Domains) {
		fmt.Fprintf(&b, "  %s-e2e: {run: \"make -C domains/%s e2e\", owners: [%q]}\n", l.domainName(d), l.domainName(d), team(d))
	}
	b.WriteString(`
triggers:
  - name: toolchain
    paths: ["go.mod", "go.sum", ".github/workflows/**", "scripts/ci/**"]
    select: all
  - name: build
    paths: ["Makefile"]
    select: [full-build]
  - name: docs
    paths: ["docs/**"]
    select: []

contracts:
  platform: {gates: [contract-check]}
`)
	for _, c := range l.contracts {
		fmt.Fprintf(&b, "  %s:\n    paths: [\"api/%s/**\"]\n    gates: [openapi-diff]\n", c.name, c.name)
	}
	b.WriteString("\nservices:\n")
	for i := range l.services {
		if !l.services[i].fragment {
			l.writeService(&b, &l.services[i], "")
		}
	}
	b.WriteString("\ndomains:\n")
	members := make([][]string, l.opt.Domains)
	for _, sv := range l.services {
		members[sv.domain] = append(members[sv.domain], sv.name)
	}
	for d := range l.opt.Domains {
		fmt.Fprintf(&b, "  %s:\n    owners: [%q]\n", l.domainName(d), team(d))
		if len(members[d]) > 0 {
			fmt.Fprintf(&b, "    services: [%s]\n", strings.Join(members[d], ", "))
		}
		if d < domainGates {
			fmt.Fprintf(&b, "    gates: [lint, %s-e2e]\n", l.domainName(d))
		} else {
			b.WriteString("    gates: [lint]\n")
		}
	}
	return b.Bytes()
}

// fragmentYAML renders the fragment services/<name>/gates.yaml of a service;
// its paths are relative to the fragment's directory.
func (l *layout) fragmentYAML(sv *service) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Fragment of gates.yaml: paths resolve from %s.\nservices:\n", sv.dir)
	l.writeService(&b, sv, sv.dir+"/")
	return b.Bytes()
}

// writeService writes one entry of services:. rel is the directory of the
// fragment that declares it, "" in the root file.
func (l *layout) writeService(b *bytes.Buffer, sv *service, rel string) {
	fmt.Fprintf(b, "  %s:\n", sv.name)
	paths := []string{strings.TrimPrefix(sv.dir+"/**", rel)}
	for _, lib := range sv.libs {
		paths = append(paths, "libs/"+l.libs[lib]+"/**")
	}
	fmt.Fprintf(b, "    paths: [%s]\n", quoted(paths))
	b.WriteString("    internal: [\"**/*_test.go\", \"**/testdata/**\"]\n")
	if sv.owners {
		fmt.Fprintf(b, "    owners: [%q]\n", team(sv.domain))
	}
	names := func(key string, idx []int, name func(int) string) {
		if len(idx) == 0 {
			return
		}
		ns := make([]string, len(idx))
		for i, x := range idx {
			ns[i] = name(x)
		}
		fmt.Fprintf(b, "    %s: [%s]\n", key, strings.Join(ns, ", "))
	}
	svc := func(i int) string { return l.services[i].name }
	con := func(i int) string { return l.contracts[i].name }
	names("depends_on", sv.dependsOn, svc)
	names("consumes", sv.consumes, con)
	names("provides", sv.provides, con)
	b.WriteString("    gates: [unit]\n    smoke: [smoke]\n")
}

func quoted(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = fmt.Sprintf("%q", x)
	}
	return strings.Join(q, ", ")
}
