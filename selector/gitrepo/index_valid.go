package gitrepo

import (
	"bytes"
	"encoding/binary"
	"errors"
)

// ceValid is the index entry flag git sets for
// `git update-index --assume-unchanged` (CE_VALID): git status then
// trusts the entry whatever the file says. go-git's decoder drops it.
const ceValid = 0x8000

var errIndexFlags = errors.New("index entries cannot be read for their flags")

// assumeValid returns, for each entry of an index file in order, whether
// it has the assume-unchanged bit; nil when no entry has it. It reads the
// entries' fixed parts and skips their names (versions 2, 3 and 4, SHA-1),
// nothing else; the caller has decoded the same file in full already.
func assumeValid(data []byte) ([]bool, error) {
	if len(data) < 12 || string(data[:4]) != "DIRC" {
		return nil, errIndexFlags
	}
	version := binary.BigEndian.Uint32(data[4:])
	n := binary.BigEndian.Uint32(data[8:])
	if version < 2 || version > 4 || uint64(n) > uint64(len(data))/62 {
		return nil, errIndexFlags
	}
	const fixed = 62 // stat data (40), object name (20), flags (2)
	var out []bool
	pos := 12
	for i := 0; i < int(n); i++ {
		if len(data)-pos < fixed {
			return nil, errIndexFlags
		}
		flags := binary.BigEndian.Uint16(data[pos+60:])
		if flags&ceValid != 0 {
			if out == nil {
				out = make([]bool, n)
			}
			out[i] = true
		}
		start := pos
		pos += fixed
		if version >= 3 && flags&0x4000 != 0 { // extended flags
			pos += 2
		}
		if version == 4 {
			// A varint (bytes to strip from the previous name), then the
			// rest of the name and a NUL; no padding.
			for pos < len(data) && data[pos]&0x80 != 0 {
				pos++
			}
			pos++
		}
		if pos > len(data) {
			return nil, errIndexFlags
		}
		end := bytes.IndexByte(data[pos:], 0)
		if end < 0 {
			return nil, errIndexFlags
		}
		pos += end + 1
		if version < 4 {
			// Padded with 1 to 8 NULs to a multiple of 8 bytes.
			pos = start + (pos-1-start+8)&^7
		}
	}
	if pos > len(data) {
		return nil, errIndexFlags
	}
	return out, nil
}
