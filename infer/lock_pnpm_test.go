package infer

import (
	"cmp"
	"os"
	"reflect"
	"slices"
	"testing"
)

// pnpmView is what a comparison reads of a document: entry keys, their
// dependencies, their content, and the root-level blocks' names.
func pnpmView(d *pnpmDoc) map[string]any {
	v := map[string]any{}
	for sec, es := range map[string][]*pnpmEntry{"importers": d.importers, "packages": d.packages, "snapshots": d.snapshots} {
		for _, e := range es {
			deps := slices.Clone(e.deps) // the builder sorts them: order is no difference
			slices.SortFunc(deps, func(a, b pnpmDep) int { return cmp.Or(cmp.Compare(a.name, b.name), cmp.Compare(a.ref, b.ref)) })
			v[sec+"/"+e.key] = deps
		}
	}
	var roots []string
	for k := range d.root {
		roots = append(roots, k)
	}
	v["root"] = len(roots)
	v["version"] = d.hasVersion
	return v
}

// checkPnpmAgree checks that the fast reader, where it accepts a file,
// reads what the tree reader reads.
func checkPnpmAgree(t *testing.T, data []byte) {
	fast, ok := scanPnpm(data)
	if !ok {
		return
	}
	tree, err := treePnpm("pnpm-lock.yaml", data)
	if err != nil {
		return // the fast reader is more lenient on nothing it accepts but this; compare what both read
	}
	if a, b := pnpmView(fast), pnpmView(tree); !reflect.DeepEqual(a, b) {
		t.Fatalf("the readers disagree:\nfast %v\ntree %v", a, b)
	}
}

func TestScanPnpmAgreesWithTree(t *testing.T) {
	data, err := os.ReadFile("testdata/pnpm/repo/pnpm-lock.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := scanPnpm(data); !ok {
		t.Fatal("the fast reader declines what pnpm writes")
	}
	checkPnpmAgree(t, data)
	// declined: a tab, a flow dependency block, odd indentation
	for _, s := range []string{"lockfileVersion: '9.0'\n\timporters:\n", "lockfileVersion: '9.0'\nsnapshots:\n  a@1:\n    dependencies: {b: 1}\n", "lockfileVersion: '9.0'\nsnapshots:\n   a@1: {}\n"} {
		if _, ok := scanPnpm([]byte(s)); ok {
			t.Errorf("accepted %q", s)
		}
	}
}

// FuzzScanPnpm: where the fast reader of pnpm-lock.yaml accepts a file,
// the tree reader reads the same entries and dependencies.
func FuzzScanPnpm(f *testing.F) {
	if data, err := os.ReadFile("testdata/pnpm/repo/pnpm-lock.yaml"); err == nil {
		f.Add(data)
	}
	f.Add([]byte("lockfileVersion: '6.0'\npackages:\n  /a@1.0.0:\n    dependencies:\n      b: 2.0.0\n    dev: false\n"))
	f.Fuzz(func(t *testing.T, data []byte) { checkPnpmAgree(t, data) })
}
