package odb

import (
	"bytes"
	"crypto/sha1"
	"encoding/binary"
	"io"
)

// IndexNames lists the paths of the index's entries, in the index's order
// (conflict stages repeat a path), as Index would, without decoding the
// rest of each entry: for listing the tracked files (inference's
// manifests) on a large index, where go-git's decoder allocates several
// values per entry. The file is read fast only in the form git writes by
// default (versions 2 to 4, no extension but TREE, a valid checksum,
// every path one git accepts, each v2/v3 name as long as its flags say);
// anything else is decoded by Index, for its entries or its error.
func (s *DB) IndexNames() ([]string, error) {
	f, err := s.fs.Filesystem().Open("index")
	if err != nil {
		return s.names()
	}
	data, err := io.ReadAll(f)
	f.Close()
	if err != nil {
		return nil, err
	}
	if names, ok := indexNames(data); ok {
		return names, nil
	}
	idx, err := DecodeIndex(data)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(idx.Entries))
	for i, e := range idx.Entries {
		out[i] = e.Name
	}
	return out, nil
}

// names is Index's names when there is no index file.
func (s *DB) names() ([]string, error) {
	idx, err := s.Index()
	if err != nil {
		return nil, err
	}
	out := make([]string, len(idx.Entries))
	for i, e := range idx.Entries {
		out[i] = e.Name
	}
	return out, nil
}

// indexNames reads the entries' paths of an index file in the form
// IndexNames reads fast; ok is false for any other.
func indexNames(data []byte) ([]string, bool) {
	exts, err := ScanIndex(data) // every size checked against the file's
	if err != nil {
		return nil, false
	}
	for _, x := range exts {
		if x != "TREE" {
			return nil, false
		}
	}
	end := len(data) - sha1.Size
	if sum := sha1.Sum(data[:end]); !bytes.Equal(sum[:], data[end:]) {
		return nil, false
	}
	version := binary.BigEndian.Uint32(data[4:8])
	count := int(binary.BigEndian.Uint32(data[8:12]))
	out := make([]string, 0, count)
	prev := ""
	pos := 12
	for range count {
		flags := binary.BigEndian.Uint16(data[pos+60:])
		start := pos
		pos += 62
		if version >= 3 && flags&0x4000 != 0 {
			pos += 2
		}
		var name string
		if version == 4 {
			strip, n := offsetVarint(data[pos:end])
			if n <= 0 || strip > uint64(len(prev)) {
				return nil, false
			}
			pos += n
			nul := bytes.IndexByte(data[pos:end], 0)
			name = prev[:len(prev)-int(strip)] + string(data[pos:pos+nul])
			pos += nul + 1
		} else {
			nul := bytes.IndexByte(data[pos:end], 0)
			if l := int(flags & 0xfff); l != 0xfff && l != nul {
				return nil, false // go-git reads the length the flags give
			}
			name = string(data[pos : pos+nul])
			pos = start + (pos+nul-start+8)&^7
		}
		if !ValidIndexPath(name) {
			return nil, false
		}
		out = append(out, name)
		prev = name
	}
	return out, true
}

// offsetVarint decodes git's varint (varint.c, the pack offsets' form: big
// endian, 7 bits a byte, each continuation adding one), as go-git's
// ReadVariableWidthInt; n is 0 when it does not end or overflows.
func offsetVarint(b []byte) (v uint64, n int) {
	for i, c := range b {
		if i > 8 {
			return 0, 0
		}
		if i > 0 {
			v++
		}
		v = v<<7 | uint64(c&0x7f)
		if c&0x80 == 0 {
			return v, i + 1
		}
	}
	return 0, 0
}
