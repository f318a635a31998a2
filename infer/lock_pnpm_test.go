package infer

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
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
	fast, ok := scanPnpm(data, nil)
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
	if _, ok := scanPnpm(data, nil); !ok {
		t.Fatal("the fast reader declines what pnpm writes")
	}
	checkPnpmAgree(t, data)
	// declined: a tab, a flow dependency block, odd indentation, a block
	// named twice (the tree reader keeps the first)
	for _, s := range []string{"lockfileVersion: '9.0'\n\timporters:\n", "lockfileVersion: '9.0'\nsnapshots:\n  a@1:\n    dependencies: {b: 1}\n", "lockfileVersion: '9.0'\nsnapshots:\n   a@1: {}\n",
		"importers: \npackages: \npackages: \n  00:", "lockfileVersion: '9.0'\nlockfileVersion: '6.0'\nimporters:\n  .: {}\n"} {
		if _, ok := scanPnpm([]byte(s), nil); ok {
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

// checkPnpmPaths checks that joining sorted entries by merging them gives
// what joining them through maps gives, and that reading the base with the
// head's entries at hand (taking those of the same lines) reads what
// reading it alone reads.
func checkPnpmPaths(t *testing.T, r *Result, base, head []byte) {
	t.Helper()
	const p = "pnpm-lock.yaml"
	if hd, ok := scanPnpm(head, nil); ok {
		alone, okA := scanPnpm(base, nil)
		with, okW := scanPnpm(base, hd)
		if okA != okW || !reflect.DeepEqual(alone, with) {
			t.Fatalf("the base read with the head's entries differs:\nalone %v %+v\nwith  %v %+v", okA, alone, okW, with)
		}
	}
	bg, hg, errB, errH := r.comparePnpmPaths(p, base, head, true)
	got := r.compareGraphs(p, bg, hg, errB, errH)
	bg, hg, errB, errH = r.comparePnpmPaths(p, base, head, false)
	want := r.compareGraphs(p, bg, hg, errB, errH)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("the sorted join and the map join disagree:\nsorted %+v\nmaps   %+v", got, want)
	}
}

// pnpmRepo is the inferred graph of testdata/pnpm/repo and its lockfile,
// with lodash bumped.
func pnpmRepo(t testing.TB) (*Result, []byte, []byte) {
	r, err := Infer(context.Background(), os.DirFS("testdata/pnpm/repo"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile("testdata/pnpm/repo/pnpm-lock.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return r, data, []byte(strings.ReplaceAll(string(data), "4.17.20", "4.17.21"))
}

func TestComparePnpmSortedIsMaps(t *testing.T) {
	r, data, bumped := pnpmRepo(t)
	if d, ok := scanPnpm(data, nil); !ok || !pnpmSorted(d.packages) || !pnpmSorted(d.snapshots) {
		t.Fatal("the example is not read as sorted: the sorted join is not tested")
	}
	if got := r.CompareLock("pnpm-lock.yaml", data, bumped); got.All || len(got.Services) == 0 {
		t.Fatalf("the bump selects %+v", got)
	}
	hd, _ := scanPnpm(bumped, nil)
	bd, _ := scanPnpm(data, hd)
	if shared := sharedEntries(bd, hd); shared == 0 || shared == len(hd.packages)+len(hd.snapshots)+len(hd.importers) {
		t.Fatalf("%d entries of the base taken from the head: the reuse is not tested", shared)
	}
	// the example, bumped, with a package added and one removed, entries out of order
	added := strings.Replace(string(bumped), "\nsnapshots:\n", "\n  zz@1.0.0:\n    resolution: {integrity: x}\n\nsnapshots:\n", 1)
	swapped := strings.Replace(string(data), "  js-tokens@4.0.0: {}\n", "", 1) + "\n  js-tokens@4.0.0: {}\n"
	for _, c := range [][2]string{{string(data), string(data)}, {string(data), string(bumped)}, {string(bumped), string(data)}, {string(data), added}, {added, string(data)}, {string(data), swapped}, {swapped, string(bumped)}} {
		checkPnpmPaths(t, r, []byte(c[0]), []byte(c[1]))
	}
}

// fuzzPnpmSorted is the example's lockfile cut to one importer and two
// packages: small seeds keep the coordinator's minimizing of each new input
// short (see fuzzPnpm in fuzz_test.go).
const fuzzPnpmSorted = `lockfileVersion: '9.0'

importers:

  packages/utils:
    dependencies:
      lodash:
        specifier: ^4
        version: 4.17.20

packages:

  js-tokens@4.0.0:
    resolution: {integrity: a}

  lodash@4.17.20:
    resolution: {integrity: b}

snapshots:

  js-tokens@4.0.0: {}

  lodash@4.17.20:
    dependencies:
      js-tokens: 4.0.0
`

// sharedEntries counts the entries of a that are b's.
func sharedEntries(a, b *pnpmDoc) int {
	n := 0
	for _, l := range [][2][]*pnpmEntry{{a.importers, b.importers}, {a.packages, b.packages}, {a.snapshots, b.snapshots}} {
		for _, e := range l[0] {
			if slices.Contains(l[1], e) {
				n++
			}
		}
	}
	return n
}

// FuzzComparePnpmSorted: the comparison of two pnpm-lock.yaml files is the
// same whether sorted entries are merged or looked up in maps.
func FuzzComparePnpmSorted(f *testing.F) {
	r, _, _ := pnpmRepo(f)
	data := []byte(fuzzPnpmSorted)
	bumped := []byte(strings.ReplaceAll(fuzzPnpmSorted, "4.17.20", "4.17.21"))
	f.Add(data, data)
	f.Add(data, bumped)
	f.Add(bumped, []byte(fuzzPnpmSorted+"\n  a@1.0.0: {}\n"))
	f.Fuzz(func(t *testing.T, base, head []byte) { checkPnpmPaths(t, r, base, head) })
}

// TestComparePnpmRedirected: a package whose text is the same but whose
// dependency now resolves to another unchanged package is a change, for
// both joins.
func TestComparePnpmRedirected(t *testing.T) {
	r, data, _ := pnpmRepo(t)
	two := strings.Replace(string(data), "  js-tokens@4.0.0: {}\n", "  js-tokens@4.0.0: {}\n\n  js-tokens@5.0.0: {}\n", 1)
	two = strings.Replace(two, "\nsnapshots:\n", "\n  js-tokens@5.0.0:\n    resolution: {integrity: sha512-five}\n\nsnapshots:\n", 1)
	base := strings.Replace(two, "  lodash@4.17.20: {}\n", "  lodash@4.17.20:\n    dependencies:\n      js-tokens: 4.0.0\n", 1)
	head := strings.Replace(two, "  lodash@4.17.20: {}\n", "  lodash@4.17.20:\n    dependencies:\n      js-tokens: 5.0.0\n", 1)
	got := r.CompareLock("pnpm-lock.yaml", []byte(base), []byte(head))
	if got.All || len(got.Services) != 1 {
		t.Fatalf("a redirected dependency selects %+v", got)
	}
	for _, why := range got.Services {
		if !strings.Contains(why, "lodash 4.17.20 -> 4.17.20") {
			t.Fatalf("reason %q", why)
		}
	}
	checkPnpmPaths(t, r, []byte(base), []byte(head))
}

// TestComparePnpmRedirectedOrder: two redirected packages, a (b 1 -> b 2,
// b 1 removed) and b 2 (c 1 -> c 2, both unchanged): whether a counts as
// changed itself depends on whether b 2 was marked first; the join through
// maps, in map order, must decide it as the sorted join does, every time.
func TestComparePnpmRedirectedOrder(t *testing.T) {
	r, _, _ := pnpmRepo(t)
	lock := func(aDep, bDep string, withB1 bool) []byte {
		var pk, sn strings.Builder
		entry := func(id, deps string) {
			fmt.Fprintf(&pk, "\n  %s:\n    resolution: {integrity: %s}\n", id, id)
			if deps == "" {
				fmt.Fprintf(&sn, "\n  %s: {}\n", id)
			} else {
				fmt.Fprintf(&sn, "\n  %s:\n    dependencies:\n      %s\n", id, deps)
			}
		}
		entry("a@1.0.0", "b: "+aDep)
		if withB1 {
			entry("b@1.0.0", "")
		}
		entry("b@2.0.0", "c: "+bDep)
		entry("c@1.0.0", "")
		entry("c@2.0.0", "")
		return []byte("lockfileVersion: '9.0'\n\nimporters:\n\n  packages/utils:\n    dependencies:\n      a:\n        specifier: ^1\n        version: 1.0.0\n\npackages:\n" + pk.String() + "\nsnapshots:\n" + sn.String())
	}
	base, head := lock("1.0.0", "1.0.0", true), lock("2.0.0", "2.0.0", false)
	if got := r.CompareLock("pnpm-lock.yaml", base, head); got.All || got.Services["utils"] == "" {
		t.Fatalf("the redirect selects %+v", got)
	}
	for range 30 {
		checkPnpmPaths(t, r, base, head)
	}
}
