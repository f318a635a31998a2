package odb

import (
	"bytes"
	"encoding/binary"
	"errors"

	"github.com/go-git/go-git/v5/plumbing"
)

// packIndex is a version 2 pack index read in place: the fan-out table,
// the sorted hashes, CRCs, 32-bit offsets and the large-offset table.
type packIndex struct {
	data   []byte
	count  int
	fanout [256]uint32
	names  []byte // count*20
	off32  []byte // count*4
	off64  []byte
}

var errIndexFormat = errors.New("unsupported pack index")

func parsePackIndex(data []byte) (*packIndex, error) {
	const head = 8 + 256*4
	if len(data) < head+40 || !bytes.Equal(data[:4], []byte{0xff, 't', 'O', 'c'}) || binary.BigEndian.Uint32(data[4:8]) != 2 {
		return nil, errIndexFormat
	}
	ix := &packIndex{data: data}
	prev := uint32(0)
	for i := range ix.fanout {
		v := binary.BigEndian.Uint32(data[8+4*i:])
		if v < prev {
			return nil, errIndexFormat
		}
		ix.fanout[i], prev = v, v
	}
	n := int(prev)
	rest := len(data) - head - 40 // the trailer: pack and index checksums
	if n < 0 || n > rest/28 {
		return nil, errIndexFormat
	}
	ix.count = n
	ix.names = data[head : head+20*n]
	ix.off32 = data[head+24*n : head+28*n] // after the names and the CRCs
	ix.off64 = data[head+28*n : len(data)-40]
	return ix, nil
}

// search returns the position of h in the sorted names.
func (ix *packIndex) search(h plumbing.Hash) (int, bool) {
	lo, hi := 0, int(ix.fanout[h[0]])
	if h[0] > 0 {
		lo = int(ix.fanout[h[0]-1])
	}
	return searchSorted(ix.names, lo, hi, h)
}

// searchSorted finds h among the sorted 20-byte hashes of names between
// positions lo and hi (from a fan-out table); not found, it returns the
// position h would have.
func searchSorted(names []byte, lo, hi int, h plumbing.Hash) (int, bool) {
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		switch c := bytes.Compare(names[20*m:20*m+20], h[:]); {
		case c == 0:
			return m, true
		case c < 0:
			lo = m + 1
		default:
			hi = m
		}
	}
	return lo, false
}

// offset returns the pack offset of h.
func (ix *packIndex) offset(h plumbing.Hash) (int64, bool) {
	i, ok := ix.search(h)
	if !ok {
		return 0, false
	}
	o := binary.BigEndian.Uint32(ix.off32[4*i:])
	if o&0x80000000 == 0 {
		return int64(o), true
	}
	j := int(o & 0x7fffffff)
	if 8*j+8 > len(ix.off64) {
		return 0, false
	}
	return int64(binary.BigEndian.Uint64(ix.off64[8*j:])), true
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
	for ; i < ix.count && bytes.HasPrefix(ix.names[20*i:20*i+20], prefix); i++ {
		var h plumbing.Hash
		copy(h[:], ix.names[20*i:])
		out = append(out, h)
	}
	return out
}
