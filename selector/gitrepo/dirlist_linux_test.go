package gitrepo

import (
	"encoding/binary"
	"testing"
)

// FuzzDirListParse: parse takes any bytes as getdents64 records without
// a panic, and every name it adds lies within them.
func FuzzDirListParse(f *testing.F) {
	rec := func(name string, typ byte) []byte {
		n := (19 + len(name) + 1 + 7) &^ 7
		b := make([]byte, n)
		binary.NativeEndian.PutUint16(b[16:], uint16(n))
		b[18] = typ
		copy(b[19:], name)
		return b
	}
	f.Add(append(append(rec(".", 4), rec("..", 4)...), rec("a.txt", 8)...))
	f.Add(rec("dir", 4))
	f.Add([]byte{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 8})
	dir := f.TempDir() // an empty directory: an entry of unknown type is not found there
	f.Fuzz(func(t *testing.T, b []byte) {
		var l dirList
		_ = l.parse([]byte(dir), b)
		for i, e := range l.ents {
			if e.start > e.end || e.end > len(l.names) || len(l.name(i)) > len(b) {
				t.Fatalf("entry %d out of bounds: %+v", i, e)
			}
		}
	})
}
