package gitrepo

import (
	"strings"
	"testing"
)

// FuzzPackedRefs: a packed-refs file is indexed without a panic, and
// every ref line it lists is found by its name (the last of duplicates),
// but for a name that also has a line without a hash, which is refused as
// git refuses it. The crasher it found (two refs "0", the second with no
// hash: the first was not found, and no error said why) is a seed in
// testdata/fuzz/FuzzPackedRefs.
func FuzzPackedRefs(f *testing.F) {
	h := strings.Repeat("a", 40)
	f.Add([]byte("# pack-refs with: peeled fully-peeled sorted \n" + h + " refs/heads/main\n^" + h + "\n" + h + " refs/tags/v1\n"))
	f.Add([]byte(h + " refs/z\n" + h + " refs/a\r\n" + h + " refs/a \n"))
	f.Add([]byte(h + " \n" + h))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := parsePackedRefs(data)
		for i := range p.lines {
			name := string(p.name(i))
			if _, ok := p.lookup(name); !ok && p.bad[name] == "" {
				t.Fatalf("ref %q of line %d is not found", name, i)
			}
		}
		p.lookup("refs/heads/main")
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
