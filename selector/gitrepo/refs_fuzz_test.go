package gitrepo

import (
	"slices"
	"strings"
	"testing"
)

// FuzzPackedRefs: a packed-refs file is read without a panic, and in
// one without the "sorted" trait, or whose ref lines are in order, every
// ref line it lists is found by its name (the last of duplicates), but
// for a name that also has a line without a hash, which is refused as git
// refuses it; with the trait, the binary search (which a line git does
// not write hands to the index) answers as the index does. The crasher
// it found (two refs "0", the second with no hash: the first was not
// found, and no error said why) is a seed in testdata/fuzz/FuzzPackedRefs.
func FuzzPackedRefs(f *testing.F) {
	h := strings.Repeat("a", 40)
	f.Add([]byte("# pack-refs with: peeled fully-peeled sorted \n" + h + " refs/heads/main\n^" + h + "\n" + h + " refs/tags/v1\n"))
	f.Add([]byte("# pack-refs with: sorted\n" + h + " refs/a\n" + h + " refs/a\n" + h + " refs/a/b\n^" + h + "\n" + h + " refs/b \n" + h + " refs/c"))
	f.Add([]byte(h + " refs/z\n" + h + " refs/a\r\n" + h + " refs/a \n"))
	f.Add([]byte(h + " \n" + h))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := newPackedRefs(data)
		ix := p.index()
		for i := range ix.lines {
			name := string(ix.name(i))
			got, found, bad := p.lookup(name)
			if !p.sorted || ix.inOrder {
				if !found && bad == "" {
					t.Fatalf("ref %q of line %d is not found", name, i)
				}
				if _, isBad := ix.bad[name]; !isBad {
					want, _ := ix.lookup(name)
					if got != want {
						t.Fatalf("ref %q: %s, the index has %s", name, got, want)
					}
				}
			}
			for _, near := range []string{name + "0", name[:max(len(name)-1, 0)], name + "/"} {
				if _, found, _ := p.lookup(near); found && !slices.ContainsFunc(ix.lines, func(off int32) bool { return string(ix.nameAt(off)) == near }) {
					t.Fatalf("%q is found, and has no line", near)
				}
			}
		}
		p.lookup("refs/heads/main")
		p.hasPrefix("refs/")
	})
}

// FuzzLooseRef: a loose ref file is read without a panic; a symbolic
// target it gives is one git follows, never a path out of the git
// directory.
func FuzzLooseRef(f *testing.F) {
	f.Add([]byte("ref: refs/heads/main\n"))
	f.Add([]byte("ref: refs/heads/../../../../etc/passwd\n"))
	f.Add([]byte(strings.Repeat("b", 40) + "\t\tbranch 'main' of origin\n"))
	f.Add([]byte("ref:HEAD"))
	f.Fuzz(func(t *testing.T, data []byte) {
		target, _, err := parseLooseRef("HEAD", data)
		if err != nil || target == "" {
			return
		}
		if strings.Contains(target, "..") || strings.HasPrefix(target, "/") || strings.ContainsRune(target, 0) ||
			!(strings.HasPrefix(target, "refs/") || isPseudoRef(target)) {
			t.Fatalf("target %q is followed", target)
		}
	})
}
