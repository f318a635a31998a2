package odb

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"

	"github.com/go-git/go-git/v5/plumbing"
)

// packIndex is a pack index read in place, version 2 (the magic \377tOc,
// the fan-out table, the sorted hashes, CRCs, 32-bit offsets and the
// large-offset table) or version 1 (git before 1.5.2, and git
// index-pack --index-version=1: the fan-out table, then an offset and a
// hash per object), both ending with the pack's and the index's checksums.
// Every size is checked against the file's before anything is read.
type packIndex struct {
	count  int
	fanout [256]uint32
	names  []byte // the hashes, one every stride bytes
	stride int    // 20 (version 2) or 24 (version 1: an offset, then the hash)
	off32  []byte // version 2: count*4; version 1: the entries
	off64  []byte
	v1     bool
}

var errIndexFormat = errors.New("unsupported pack index")

// parsePackIndex reads a version 1 or 2 pack index; anything else, or
// sizes that do not hold, is an error wrapping errIndexFormat.
func parsePackIndex(data []byte) (*packIndex, error) {
	ix := &packIndex{stride: 20}
	head := 0
	switch {
	case len(data) >= 8 && bytes.Equal(data[:4], []byte{0xff, 't', 'O', 'c'}):
		if v := binary.BigEndian.Uint32(data[4:8]); v != 2 {
			return nil, fmt.Errorf("%w: version %d", errIndexFormat, v)
		}
		head = 8
	default:
		ix.v1, ix.stride = true, 24
	}
	if len(data) < head+256*4+40 {
		return nil, fmt.Errorf("%w: %d bytes, too short", errIndexFormat, len(data))
	}
	prev := uint32(0)
	for i := range ix.fanout {
		v := binary.BigEndian.Uint32(data[head+4*i:])
		if v < prev {
			return nil, fmt.Errorf("%w: the fan-out table goes down at %d", errIndexFormat, i)
		}
		ix.fanout[i], prev = v, v
	}
	head += 256 * 4
	rest := uint64(len(data) - head - 40) // the trailer: pack and index checksums
	n := uint64(prev)
	if ix.v1 {
		if n*24 != rest {
			return nil, fmt.Errorf("%w: version 1 index of %d objects is %d bytes long", errIndexFormat, n, len(data))
		}
		ix.count = int(n)
		ix.off32 = data[head : head+24*ix.count]
		if ix.count > 0 {
			ix.names = data[head+4 : head+24*ix.count]
		}
		return ix, nil
	}
	if n*28 > rest || (rest-n*28)%8 != 0 {
		return nil, fmt.Errorf("%w: an index of %d objects cannot be %d bytes long", errIndexFormat, n, len(data))
	}
	ix.count = int(n)
	ix.names = data[head : head+20*ix.count]
	ix.off32 = data[head+24*ix.count : head+28*ix.count] // after the names and the CRCs
	ix.off64 = data[head+28*ix.count : len(data)-40]
	if len(ix.off64) > 8*ix.count {
		return nil, fmt.Errorf("%w: more large offsets than objects", errIndexFormat)
	}
	return ix, nil
}

// search returns the position of h in the sorted names.
func (ix *packIndex) search(h plumbing.Hash) (int, bool) {
	lo, hi := 0, int(ix.fanout[h[0]])
	if h[0] > 0 {
		lo = int(ix.fanout[h[0]-1])
	}
	return searchSorted(ix.names, ix.stride, lo, hi, h)
}

// searchSorted finds h among the sorted 20-byte hashes of names, one
// every stride bytes, between positions lo and hi (from a fan-out table);
// not found, it returns the position h would have.
//
// Object names are uniform, so h's place is interpolated from the next
// eight bytes of the names that bound the range (an interpolation search:
// at first the whole bucket, then the names of the last probes), a few
// times, then the last few names are searched in halves. Each probe of a
// large index is a miss of the processor's caches (and of its TLB); a
// binary search of a bucket of 5,800 names (synth.Huge()'s 1.48 million
// objects) makes 13 of them, two interpolations and a few halvings of
// what is left about five. A probe only narrows the search to h's side,
// whatever it predicted, so on a sorted bucket the answer is the binary
// search's, whatever the names; names that are not uniform cost at most
// the interpolations before the halving.
func searchSorted(names []byte, stride, lo, hi int, h plumbing.Hash) (int, bool) {
	// at compares the name at m with h and narrows [lo, hi) to h's side.
	at := func(m int) bool {
		c := bytes.Compare(names[stride*m:stride*m+20], h[:])
		if c < 0 {
			lo = m + 1
		} else if c > 0 {
			hi = m
		}
		return c == 0
	}
	// Every name of [lo, hi) has its bytes 1 to 8 between kl and kh.
	k, kl, kh := binary.BigEndian.Uint64(h[1:9]), uint64(0), ^uint64(0)
	for range 4 {
		if hi-lo <= 8 || kh <= kl {
			break
		}
		ph, pl := bits.Mul64(min(max(k, kl), kh)-kl, uint64(hi-lo))
		c, _ := bits.Div64(ph, pl, kh-kl) // ph < kh-kl: no overflow
		m := lo + min(int(c), hi-lo-1)
		if at(m) {
			return m, true
		}
		if key := binary.BigEndian.Uint64(names[stride*m+1:]); m < lo {
			kl = key
		} else {
			kh = key
		}
	}
	for lo < hi {
		if m := int(uint(lo+hi) >> 1); at(m) {
			return m, true
		}
	}
	return lo, false
}

// errLargeOffset: an index entry points past the large-offset table, which
// git reports as "offset beyond end of pack index"; the object is in the
// pack, but where cannot be known.
var errLargeOffset = errors.New("offset beyond end of pack index")

// offset returns the pack offset of h, whether the index lists it, and an
// error when it lists it with an offset that the index does not hold.
func (ix *packIndex) offset(h plumbing.Hash) (int64, bool, error) {
	i, ok := ix.search(h)
	if !ok {
		return 0, false, nil
	}
	if ix.v1 {
		return int64(binary.BigEndian.Uint32(ix.off32[24*i:])), true, nil
	}
	o := binary.BigEndian.Uint32(ix.off32[4*i:])
	if o&0x80000000 == 0 {
		return int64(o), true, nil
	}
	j := int(o & 0x7fffffff)
	if 8*j+8 > len(ix.off64) {
		return 0, true, fmt.Errorf("%w (entry %d of %d)", errLargeOffset, j, len(ix.off64)/8)
	}
	return int64(binary.BigEndian.Uint64(ix.off64[8*j:])), true, nil
}

// hashAt is the i-th hash of the index.
func (ix *packIndex) hashAt(i int) (h plumbing.Hash) {
	copy(h[:], ix.names[ix.stride*i:])
	return h
}

// withPrefix lists the hashes that start with prefix.
func (ix *packIndex) withPrefix(prefix []byte) []plumbing.Hash {
	if len(prefix) == 0 || len(prefix) > 20 {
		return nil
	}
	var start plumbing.Hash
	copy(start[:], prefix)
	i, _ := ix.search(start)
	var out []plumbing.Hash
	for ; i < ix.count && bytes.HasPrefix(ix.names[ix.stride*i:ix.stride*i+20], prefix); i++ {
		out = append(out, ix.hashAt(i))
	}
	return out
}
