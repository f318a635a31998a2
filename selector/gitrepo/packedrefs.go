package gitrepo

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/gatesel/gatesel/selector/gitrepo/internal/odb"
)

// packedRefs is the packed-refs file, searched in place as git searches
// it. A file git wrote says that it is sorted (the "sorted" trait of its
// header), and a name is found by a binary search over its lines: reading
// and indexing every line took 16 ms of a one-commit pair on a clone with
// 300,000 refs (git's whole run: 1.1 ms), for the dozen names a run looks
// up. A file without the trait, and a search that meets a line git does
// not write (a comment, a short line, a name with trailing blanks, a hash
// that is not one), go through the index of every line (packedIndex),
// which sorts what is not sorted and refuses a name that has a malformed
// line.
//
// A file larger than 32 KB is mapped, as git maps it (SMALL_FILE_SIZE),
// and unmapped by Close; a smaller one is read.
type packedRefs struct {
	data    []byte
	start   int    // the first line after the header
	sorted  bool   // the header has the "sorted" trait
	release func() // unmaps data; nil when it was read
	index   func() *packedIndex
}

// packedIndex is every ref line of a packed-refs file.
type packedIndex struct {
	data  []byte
	lines []int32 // offsets of the ref lines ("HASH NAME"), sorted by name
	// bad are the names of lines that are not ref lines (no hash): git
	// refuses a lookup that reads one ("unexpected line in packed-refs"),
	// and so does lookup here, whichever line of a duplicated name it is.
	bad map[string]string
	// inOrder is whether the ref lines were in order as read.
	inOrder bool
}

// smallPackedRefs is the size up to which packed-refs is read, not
// mapped (git's SMALL_FILE_SIZE).
const smallPackedRefs = 32 << 10

// readPackedRefs reads the packed-refs file (Open does, once). A file
// that cannot be read, or is 2 GB or more, has no refs, as before.
func (r *Repo) readPackedRefs() *packedRefs {
	f, err := os.Open(filepath.Join(r.commonDir, "packed-refs"))
	if err != nil {
		return newPackedRefs(nil)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || fi.Size() >= math.MaxInt32 {
		return newPackedRefs(nil)
	}
	if fi.Size() > smallPackedRefs {
		data, unmap, ok := odb.Map(f)
		if ok && len(data) >= math.MaxInt32 { // grown since the Stat
			unmap()
			return newPackedRefs(nil)
		}
		if ok {
			p := newPackedRefs(data)
			p.release = unmap
			// Nothing outside p points into the mapping (names and
			// hashes are copied out): it goes when p goes, or on Close.
			runtime.AddCleanup(p, func(unmap func()) { unmap() }, unmap)
			return p
		}
	}
	// A hint: io.ReadAll from 512 bytes up costs a dozen copies.
	buf := bytes.NewBuffer(make([]byte, 0, int(fi.Size())+bytes.MinRead))
	if _, err := buf.ReadFrom(f); err != nil || buf.Len() >= math.MaxInt32 {
		return newPackedRefs(nil)
	}
	return newPackedRefs(buf.Bytes())
}

// newPackedRefs reads the header of a packed-refs file's data: "# pack-refs
// with:" and its traits, separated by blanks.
func newPackedRefs(data []byte) *packedRefs {
	p := &packedRefs{data: data}
	p.index = sync.OnceValue(func() *packedIndex { return parsePackedRefs(p.data) })
	if len(data) > 0 && data[0] == '#' {
		header, _, _ := bytes.Cut(data, []byte{'\n'})
		if traits, ok := bytes.CutPrefix(header, []byte("# pack-refs with:")); ok {
			p.sorted = slices.Contains(strings.Split(string(traits), " "), "sorted")
		}
		p.start = min(len(header)+1, len(data))
	}
	return p
}

// close unmaps the file's data; the Repo is closed, and nothing reads it.
func (p *packedRefs) close() {
	if p.release != nil {
		p.release()
	}
}

// lookup finds the ref name: its hash, whether it is there and, when a
// line of that name is not a ref line, why git refuses it. The last of
// duplicates wins, as when the file was read into a map.
func (p *packedRefs) lookup(name string) (h odb.Hash, found bool, bad string) {
	if p.sorted {
		if h, found, ok := p.search(name); ok {
			return h, found, ""
		}
	}
	ix := p.index()
	if why, ok := ix.bad[name]; ok {
		return h, false, why
	}
	h, found = ix.lookup(name)
	return h, found, ""
}

// hasPrefix reports whether a ref name starts with prefix.
func (p *packedRefs) hasPrefix(prefix string) bool {
	if p.sorted {
		if pos, ok := p.seek(prefix); ok {
			if pos == len(p.data) {
				return false
			}
			if name, ok := p.record(pos); ok {
				return bytes.HasPrefix(name, []byte(prefix))
			}
		}
	}
	ix := p.index()
	i, _ := slices.BinarySearchFunc(ix.lines, prefix, func(off int32, prefix string) int {
		return bytes.Compare(ix.nameAt(off), []byte(prefix))
	})
	return i < len(ix.lines) && bytes.HasPrefix(ix.nameAt(ix.lines[i]), []byte(prefix))
}

// search is lookup by a binary search of a sorted file, as git's
// find_reference_location: ok is false where it met a line that is not a
// ref line as git writes them, for the index to answer.
func (p *packedRefs) search(name string) (h odb.Hash, found, ok bool) {
	pos, ok := p.seek(name)
	if !ok {
		return h, false, false
	}
	for pos < len(p.data) {
		rec, ok := p.record(pos)
		if !ok {
			return h, false, false
		}
		if string(rec) != name {
			break
		}
		_, _ = hex.Decode(h[:], p.data[pos:pos+40]) // record checked the digits
		found = true
		pos = p.nextRecord(pos, len(p.data))
	}
	return h, found, true
}

// seek is the offset of the first record whose name is not before name,
// len(p.data) when there is none; ok is false where the search met a line
// that is not a ref line as git writes them. A record is a ref line and
// the peeled line ("^HASH") that may follow it.
func (p *packedRefs) seek(name string) (pos int, ok bool) {
	lo, hi := p.start, len(p.data) // records before lo come before name; records from hi do not
	for lo < hi {
		mid := lo + (hi-lo)/2
		rec := mid
		for rec > lo && (p.data[rec-1] != '\n' || p.data[rec] == '^') {
			rec--
		}
		got, ok := p.record(rec)
		if !ok {
			return 0, false
		}
		if string(got) < name {
			lo = p.nextRecord(mid, hi)
		} else {
			hi = rec
		}
	}
	return lo, true
}

// nextRecord is the start of the record after the one holding pos, or
// end.
func (p *packedRefs) nextRecord(pos, end int) int {
	for pos++; pos < end && (p.data[pos-1] != '\n' || p.data[pos] == '^'); pos++ {
	}
	return pos
}

// record is the name of the ref line at pos; ok is false when it is not
// one as git writes them: a hash, a space, and a name without trailing
// blanks.
func (p *packedRefs) record(pos int) (name []byte, ok bool) {
	line := p.data[pos:]
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	if len(line) < 42 || line[40] != ' ' || !odb.IsHex(line[:40]) {
		return nil, false
	}
	name = line[41:]
	return name, len(trimBlanks(name)) == len(name)
}

// names are the names of the file's ref lines, in order.
func (p *packedRefs) names() []string {
	ix := p.index()
	names := make([]string, len(ix.lines))
	for i, off := range ix.lines {
		names[i] = string(ix.nameAt(off))
	}
	return names
}

// parsePackedRefs indexes the ref lines of a packed-refs file, in one pass:
// each line's name is found once and compared with the previous one.
func parsePackedRefs(data []byte) *packedIndex {
	p := &packedIndex{data: data, lines: make([]int32, 0, len(data)/64+1), inOrder: true}
	var prev []byte
	for off := 0; off < len(p.data); {
		end := bytes.IndexByte(p.data[off:], '\n')
		if end < 0 {
			end = len(p.data) - off
		}
		line := p.data[off : off+end]
		switch {
		case len(line) < 42 || line[0] == '#' || line[0] == '^' || line[40] != ' ':
		case !odb.IsHex(line[:40]):
			if p.bad == nil {
				p.bad = map[string]string{}
			}
			name := string(trimBlanks(line[41:]))
			p.bad[name] = fmt.Sprintf("line %d (%q) is not a ref line", bytes.Count(p.data[:off], []byte{'\n'})+1, line[:min(len(line), 80)])
		default:
			name := trimBlanks(line[41:])
			if len(p.lines) > 0 && bytes.Compare(prev, name) > 0 {
				p.inOrder = false
			}
			prev = name
			p.lines = append(p.lines, int32(off))
		}
		off += end + 1
	}
	if !p.inOrder {
		slices.SortStableFunc(p.lines, func(a, b int32) int { return bytes.Compare(p.nameAt(a), p.nameAt(b)) })
	}
	return p
}

// nameAt is the ref name of the line at off, without trailing blanks.
func (p *packedIndex) nameAt(off int32) []byte {
	line := p.data[off+41:]
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	return trimBlanks(line)
}

func (p *packedIndex) name(i int) []byte { return p.nameAt(p.lines[i]) }

// lookup finds the ref name; the last of duplicates wins, as when the file
// was read into a map.
func (p *packedIndex) lookup(name string) (odb.Hash, bool) {
	i := sort.Search(len(p.lines), func(i int) bool { return string(p.name(i)) > name }) - 1
	if i < 0 || string(p.name(i)) != name {
		return odb.ZeroHash, false
	}
	off := p.lines[i]
	var h odb.Hash
	if _, err := hex.Decode(h[:], p.data[off:off+40]); err != nil {
		return odb.ZeroHash, false // not a ref line
	}
	return h, true
}

// trimBlanks drops the blanks git allows after a ref name (" \t\r"), as
// bytes.TrimRight does, without building its set for every line.
func trimBlanks(b []byte) []byte {
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	return b
}
