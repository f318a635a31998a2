package odb

import (
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/klauspost/compress/zlib"
)

// Object types in a pack.
const (
	packOfsDelta = 6
	packRefDelta = 7
	maxDeltaLen  = 10_000 // longer delta chains are corrupt packs (git's default depth is 50)
)

// read returns the type and content of the object at off, applying its
// delta chain. depth counts the deltas followed so far.
func (s *DB) read(p *pack, off int64, depth int) (plumbing.ObjectType, []byte, error) {
	if e, ok := p.cache.get(off); ok {
		return e.t, e.data, nil
	}
	if depth > maxDeltaLen {
		return 0, nil, errors.New("delta chain too long")
	}
	typ, size, pos, err := p.header(off)
	if err != nil {
		return 0, nil, err
	}
	var base []byte
	switch typ {
	case packOfsDelta:
		rel, n := p.ofsDistance(pos)
		if n == 0 || rel <= 0 || rel > off {
			return 0, nil, fmt.Errorf("bad delta base offset at %d", off)
		}
		pos += n
		var bt plumbing.ObjectType
		bt, base, err = s.read(p, off-rel, depth+1)
		typ = int(bt)
	case packRefDelta:
		if pos+20 > int64(len(p.data)) {
			return 0, nil, fmt.Errorf("truncated object at %d", off)
		}
		var bh plumbing.Hash
		copy(bh[:], p.data[pos:pos+20])
		pos += 20
		typ, base, err = s.readHash(bh, depth+1)
	case int(plumbing.CommitObject), int(plumbing.TreeObject), int(plumbing.BlobObject), int(plumbing.TagObject):
	default:
		return 0, nil, fmt.Errorf("bad object type %d at %d", typ, off)
	}
	if err != nil {
		return 0, nil, err
	}
	data, err := s.inflate(p, pos, size)
	if err != nil {
		return 0, nil, fmt.Errorf("inflate object at %d: %w", off, err)
	}
	if base != nil {
		if data, err = PatchDelta(base, data); err != nil {
			return 0, nil, fmt.Errorf("apply delta at %d: %w", off, err)
		}
	}
	t := plumbing.ObjectType(typ)
	p.cache.put(off, cached{t, data})
	return t, data, nil
}

// readHash reads a delta base named by hash, from any pack or loose.
func (s *DB) readHash(h plumbing.Hash, depth int) (int, []byte, error) {
	p, off, ok, err := s.find(h)
	if err != nil {
		return 0, nil, fmt.Errorf("delta base %s: %w", h, err)
	}
	if ok {
		t, data, err := s.read(p, off, depth)
		return int(t), data, err
	}
	t, data, found, err := s.readLoose(h)
	if err == nil && !found {
		err = plumbing.ErrObjectNotFound
	}
	if err != nil {
		return 0, nil, fmt.Errorf("delta base %s: %w", h, err)
	}
	return int(t), data, nil
}

// inflate decompresses size bytes of zlib data at pos; a size that the
// rest of the pack cannot hold is refused before anything is allocated.
func (s *DB) inflate(p *pack, pos, size int64) ([]byte, error) {
	if pos > int64(len(p.data)) || size < 0 || size > (int64(len(p.data))-pos)*maxDeflateRatio+64 {
		return nil, errors.New("bad object size")
	}
	if err := s.zlibOn(p.data[pos:]); err != nil {
		return nil, err
	}
	return readExactly(s.zr, size)
}

// zlibOn points the reused zlib reader at src.
func (s *DB) zlibOn(src []byte) error {
	s.zsrc.Reset(src)
	var err error
	if s.zr == nil {
		s.zr, err = zlib.NewReader(&s.zsrc)
	} else {
		err = s.zr.(zlib.Resetter).Reset(&s.zsrc, nil)
	}
	return err
}

// Reading a commit's header: the compressed bytes inflated, at most, and
// the most kept of what they give (HeaderBuffer's size).
const (
	headerInput  = 256
	headerOutput = 1024
)

// HeaderBuffer is a buffer for CommitHeader that no commit outgrows.
func HeaderBuffer() []byte { return make([]byte, headerOutput) }

// commitPrefix is the start of the commit stored whole at off, inflated
// from its first headerInput compressed bytes (a zlib stream cut short
// gives what it decoded), when that holds its header (headerEnds); nil
// otherwise: another type, a delta, an object the cache holds, data the
// decoder refuses (the whole read then decides, and reports it).
func (s *DB) commitPrefix(p *pack, off int64, buf []byte) []byte {
	if _, ok := p.cache.get(off); ok {
		return nil
	}
	typ, size, pos, err := p.header(off)
	if err != nil || typ != int(plumbing.CommitObject) || size <= 0 || pos >= int64(len(p.data)) {
		return nil
	}
	if s.zlibOn(p.data[pos:min(pos+headerInput, int64(len(p.data)))]) != nil {
		return nil
	}
	if want := int(min(size, headerOutput)); cap(buf) >= want {
		buf = buf[:want]
	} else {
		buf = make([]byte, want)
	}
	n, err := io.ReadFull(s.zr, buf)
	// the input cut short ends the stream early; anything else the
	// decoder says (bad data) is for the whole read to report
	if err != nil && err != io.ErrUnexpectedEOF || !headerEnds(buf[:n]) {
		return nil
	}
	return buf[:n]
}

// pack is a pack: its index, mapped, and its pack file, mapped when an
// object is first read from it (open).
type pack struct {
	name  string
	idx   *packIndex
	sum   [20]byte // the pack file's checksum, as its index gives it
	maps  *mappings
	once  sync.Once
	data  []byte // the pack file, mapped by open
	err   error  // open's: the pack file could not be mapped or is not the index's
	cache objectCache
}

// release unmaps the index and the pack file; it is safe to call more
// than once.
func (p *pack) release() { p.maps.release() }

// header parses the type and inflated size of the object at off and
// returns the position after the header.
func (p *pack) header(off int64) (typ int, size, pos int64, err error) {
	if off < 12 || off >= int64(len(p.data)) {
		return 0, 0, 0, fmt.Errorf("object offset %d outside the pack", off)
	}
	pos = off
	c := p.data[pos]
	pos++
	typ = int(c>>4) & 7
	size = int64(c & 15)
	for shift := 4; c&0x80 != 0; shift += 7 {
		if pos >= int64(len(p.data)) || shift > 56 {
			return 0, 0, 0, fmt.Errorf("bad object header at %d", off)
		}
		c = p.data[pos]
		pos++
		size |= int64(c&0x7f) << shift
	}
	return typ, size, pos, nil
}

// ofsDistance decodes the base distance of an offset delta at pos and the
// number of bytes it takes (0 when malformed).
func (p *pack) ofsDistance(pos int64) (int64, int64) {
	var d int64
	for i := pos; i < int64(len(p.data)) && i < pos+10; i++ {
		c := p.data[i]
		if i == pos {
			d = int64(c & 0x7f)
		} else {
			d = ((d + 1) << 7) | int64(c&0x7f)
		}
		if c&0x80 == 0 {
			return d, i - pos + 1
		}
	}
	return 0, 0
}

// objectCache keeps recently read objects by offset (delta bases above
// all), within a byte budget; when full it is emptied (its map kept, not
// grown again from nothing: 30 MB of a run on synth.Huge()'s 100,000-file
// change), which costs a few inflations but never unbounded memory.
type objectCache struct {
	m    map[int64]cached
	size int
}

type cached struct {
	t    plumbing.ObjectType
	data []byte
}

const (
	objectCacheBudget = 16 << 20
	objectCacheMax    = 1 << 20 // larger objects are not kept
)

func (c *objectCache) get(off int64) (cached, bool) {
	e, ok := c.m[off]
	return e, ok
}

func (c *objectCache) put(off int64, e cached) {
	if len(e.data) > objectCacheMax {
		return
	}
	switch {
	case c.m == nil:
		// a small pair caches a few dozen objects: a map sized for 1,024
		// (about 60 KB zeroed, and its page faults) was 6 % of its run
		c.m = make(map[int64]cached, 64)
	case c.size+len(e.data) > objectCacheBudget:
		clear(c.m)
		c.size = 0
	}
	c.m[off] = e
	c.size += len(e.data)
}
