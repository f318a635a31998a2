package odb

import (
	"bytes"
	"crypto/sha1"
	"encoding/binary"
	"errors"
	"fmt"
	"time"
	"unsafe"

	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/index"
)

// decodeIndex decodes an index file into go-git's Index, giving the
// entries go-git's decoder gives (TestDecodeIndexIsGoGits,
// FuzzDecodeIndexIsGoGits), read from the bytes in place: go-git's decoder reads
// every field through reflection (binary.Read) and allocated each entry's
// fields, 13 % of `select --uncommitted` on moby's 13,024-entry index. As
// go-git, it checks the SHA-1 trailer (as git does on every read) and
// refuses an extension git requires and does not know (a lowercase
// signature); unlike it, it does not parse the optional extensions (the
// cache-tree has its reader, ReadCacheTree; git ignores a damaged TREE or
// REUC, and so does this), so Version and Entries are all it fills.
func decodeIndex(data []byte) (*Index, error) {
	version, entries, err := decodeEntries(data)
	if err != nil {
		return nil, err
	}
	return asGoGitIndex(version, entries), nil
}

// asGoGitIndex is entries as go-git's Index of that version.
func asGoGitIndex(version uint32, entries []Entry) *Index {
	idx := &Index{Version: version, Entries: make([]*index.Entry, len(entries))}
	all := make([]index.Entry, len(entries))
	for i := range entries {
		c, e := &entries[i], &all[i]
		idx.Entries[i] = e
		if c.CtimeSec != 0 || c.CtimeNsec != 0 {
			e.CreatedAt = time.Unix(int64(c.CtimeSec), int64(c.CtimeNsec))
		}
		if c.MtimeSec != 0 || c.MtimeNsec != 0 {
			e.ModifiedAt = time.Unix(int64(c.MtimeSec), int64(c.MtimeNsec))
		}
		e.Name, e.Hash, e.Mode, e.Stage = c.Name, c.Hash, c.Mode, index.Stage(c.Stage)
		e.Dev, e.Inode, e.UID, e.GID, e.Size = c.Dev, c.Inode, c.UID, c.GID, c.Size
		e.SkipWorktree, e.IntentToAdd = c.SkipWorktree, c.IntentToAdd
	}
	return idx
}

// Entry is an index entry as the file holds it: go-git's IndexEntry
// without its two time.Time (24 bytes each, with a pointer the collector
// follows), 80 bytes instead of 128. `select --uncommitted` reads the
// index into these (DecodeEntries): 100,000 of go-git's entries were
// 13 MB of its peak.
type Entry struct {
	Name                 string
	Hash                 Hash
	CtimeSec, CtimeNsec  uint32 // the status change time, as the file records it
	MtimeSec, MtimeNsec  uint32 // the modification time
	Dev, Inode, UID, GID uint32
	Size                 uint32
	Mode                 FileMode
	Stage                uint8 // 0, or 1 to 3 for a conflict
	SkipWorktree         bool
	IntentToAdd          bool
}

// decodeEntries decodes the entries of an index file in place and checks
// the rest of it, as decodeIndex says.
func decodeEntries(data []byte) (uint32, []Entry, error) {
	var entries []Entry
	version, err := walkEntries(data, collect(&entries))
	if err != nil {
		return 0, nil, err
	}
	return version, entries, nil
}

// collect is a walkEntries callback that copies each entry into *entries,
// which it makes (empty, not nil, for an index without entries).
func collect(entries *[]Entry) func(count, i int, e *Entry) {
	*entries = []Entry{}
	return func(count, i int, e *Entry) {
		if i == 0 {
			*entries = make([]Entry, count)
		}
		(*entries)[i] = *e
	}
}

// walkEntries decodes the entries of an index file in place, one at a time
// into an Entry it reuses, which each gets with the index's count of
// entries and the entry's position, and checks the rest of the file, as
// decodeIndex says. Listing the names alone (IndexNames) then takes no
// array of entries: on istio's 6,500 that array was most of the listing.
func walkEntries(data []byte, each func(count, i int, e *Entry)) (uint32, error) {
	const trailer = 20
	if len(data) < 12+trailer || string(data[:4]) != "DIRC" {
		return 0, index.ErrMalformedSignature
	}
	version := binary.BigEndian.Uint32(data[4:8])
	if version < 2 || version > 4 {
		return 0, index.ErrUnsupportedVersion
	}
	end := len(data) - trailer
	count := binary.BigEndian.Uint32(data[8:12])
	if uint64(count)*62 > uint64(end-12) {
		return 0, errIndexShort
	}
	pos := 12
	last := ""
	var scratch Entry
	for i := range int(count) {
		e := &scratch
		*e = Entry{}
		if pos+62 > end {
			return 0, errIndexShort
		}
		d := data[pos:]
		u := func(k int) uint32 { return binary.BigEndian.Uint32(d[4*k:]) }
		e.CtimeSec, e.CtimeNsec, e.MtimeSec, e.MtimeNsec = u(0), u(1), u(2), u(3)
		e.Dev, e.Inode, e.Mode, e.UID, e.GID, e.Size = u(4), u(5), filemode.FileMode(u(6)), u(7), u(8), u(9)
		copy(e.Hash[:], d[40:60])
		flags := binary.BigEndian.Uint16(d[60:])
		e.Stage = uint8(flags>>12) & 3
		read := 62
		if flags&0x4000 != 0 { // extended flags, whatever the version (as go-git)
			if pos+64 > end {
				return 0, errIndexShort
			}
			ext := binary.BigEndian.Uint16(d[62:])
			read += 2
			e.IntentToAdd = ext&(1<<13) != 0
			e.SkipWorktree = ext&(1<<14) != 0
		}
		pos += read
		if version == 4 {
			strip, n, ok := offsetVarint(data[pos:end])
			if !ok {
				return 0, errIndexShort
			}
			pos += n
			if strip > uint64(len(last)) || (i == 0 && strip > 0) {
				return 0, fmt.Errorf("%w: invalid V4 entry name strip length %d", index.ErrMalformedIndexFile, strip)
			}
			nul := bytes.IndexByte(data[pos:end], 0)
			if nul < 0 {
				return 0, errIndexShort
			}
			e.Name = last[:len(last)-int(strip)] + string(data[pos:pos+nul])
			pos += nul + 1
			last = e.Name
			each(int(count), i, e)
			continue
		}
		nameLen := int(flags & 0xfff)
		consumed := nameLen
		if nameLen == 0xfff {
			nul := bytes.IndexByte(data[pos:end], 0)
			if nul < 0 {
				return 0, errIndexShort
			}
			nameLen, consumed = nul, nul+1
		}
		if pos+consumed > end {
			return 0, errIndexShort
		}
		// The name is the file's bytes themselves, not a copy (0.7 MB of
		// moby's --uncommitted peak): data is never written after it is
		// read, and lives as long as an entry does.
		e.Name = unsafe.String(unsafe.SliceData(data[pos:]), nameLen)
		pos += consumed
		if pad := 8 - (read+nameLen)%8 - (consumed - nameLen); pad > 0 {
			pos += pad
			if pos > end {
				return 0, errIndexShort
			}
		}
		last = e.Name
		each(int(count), i, e)
	}
	for pos+8 <= end { // the extensions, each a signature and a size
		size := uint64(binary.BigEndian.Uint32(data[pos+4:]))
		if size > uint64(end-pos-8) {
			return 0, errIndexShort
		}
		if c := data[pos]; c < 'A' || c > 'Z' {
			return 0, index.ErrUnknownExtension
		}
		pos += 8 + int(size)
	}
	if pos != end {
		return 0, errIndexShort
	}
	if sum := sha1.Sum(data[:end]); !bytes.Equal(sum[:], data[end:]) {
		return 0, index.ErrInvalidChecksum
	}
	return version, nil
}

var errIndexShort = errors.New("index decoder: the file ends inside an entry or an extension")

// offsetVarint is git's varint of index version 4 (and of offset deltas):
// each continuation adds one before shifting. It returns the value and
// the bytes it took; ok is false when it does not end or overflows.
func offsetVarint(b []byte) (v uint64, n int, ok bool) {
	for n < len(b) && n < 9 {
		c := b[n]
		if n == 0 {
			v = uint64(c & 127)
		} else {
			v = ((v + 1) << 7) | uint64(c&127)
		}
		n++
		if c&128 == 0 {
			return v, n, true
		}
	}
	return 0, 0, false
}
