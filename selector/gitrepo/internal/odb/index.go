package odb

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
)

// The index (.git/index) is decoded as go-git decodes it (decodeIndex), after two checks of
// gatesel's own: its extensions are listed first (ScanIndex), so that a
// split index (git update-index --split-index, core.splitIndex) or a
// sparse index is refused by name instead of as go-git's "unknown
// extension"; and every entry's path is one git accepts (verify_path):
// relative, no empty, ".", ".." or ".git" component. An entry
// "../../etc/hostname" would otherwise make the work tree's reader
// leave the repository.

// IndexFormatError: the index is in a form not read here (Extension
// names it: "link", a split index; "sdir", a sparse index), or it is
// damaged.
type IndexFormatError struct {
	Extension string // the extension refused, "" for damage
	Err       error
}

func (e *IndexFormatError) Error() string {
	switch e.Extension {
	case "link":
		return "the index is split (git update-index --split-index, or core.splitIndex), which is not read here; " +
			"git update-index --no-split-index (and core.splitIndex false) writes it whole"
	case "sdir":
		return "the index is sparse (git sparse-checkout --sparse-index), which is not read here; " +
			"git sparse-checkout init --no-sparse-index writes it whole"
	}
	return "read the index: " + e.Err.Error()
}

// Unwrap returns the damage.
func (e *IndexFormatError) Unwrap() error { return e.Err }

// Index reads the index, checked as said above.
func (s *DB) Index() (*Index, error) {
	data, found, err := s.indexFile()
	switch {
	case err != nil:
		return nil, err
	case !found:
		return &Index{Version: 2}, nil // no index: go-git's answer (an empty one)
	}
	return DecodeIndex(data)
}

// indexFile reads the index file; found is false when there is none.
func (s *DB) indexFile() (data []byte, found bool, err error) {
	data, err = os.ReadFile(filepath.Join(s.gitDir, "index"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	return data, err == nil, err
}

// DecodeIndex decodes an index file as Index does. The entries' names
// (of index versions 2 and 3) share data's memory: data must not be
// modified afterwards.
func DecodeIndex(data []byte) (*Index, error) {
	var entries []Entry
	version, err := walkChecked(data, collect(&entries))
	if err != nil {
		return nil, err
	}
	return asGoGitIndex(version, entries), nil
}

// DecodeEntries is DecodeIndex's entries in gatesel's Entry: the same
// checks, the same fields. The names share data's memory as
// DecodeIndex's do.
func DecodeEntries(data []byte) ([]Entry, error) {
	var entries []Entry
	if _, err := walkChecked(data, collect(&entries)); err != nil {
		return nil, err
	}
	return entries, nil
}

// walkChecked is walkEntries with the checks every reader of the index
// makes: a damaged, split or sparse index is refused (checkIndex), and so
// is one with an entry's path git would refuse, once the entries decode.
func walkChecked(data []byte, each func(count, i int, e *Entry)) (uint32, error) {
	if err := checkIndex(data); err != nil {
		return 0, err
	}
	bad, refused := "", false
	version, err := walkEntries(data, func(count, i int, e *Entry) {
		if !refused && !ValidIndexPath(e.Name) {
			bad, refused = e.Name, true
		}
		each(count, i, e)
	})
	if err != nil {
		return 0, &IndexFormatError{Err: err}
	}
	if refused {
		return 0, &IndexFormatError{Err: fmt.Errorf("an entry's path %q is one git refuses (absolute, or with an empty, '.', '..' or '.git' component)", bad)}
	}
	return version, nil
}

// checkIndex refuses a damaged index, a split or a sparse one.
func checkIndex(data []byte) error {
	exts, err := ScanIndex(data)
	if err != nil {
		return &IndexFormatError{Err: err}
	}
	for _, x := range exts {
		if x == "link" || x == "sdir" {
			return &IndexFormatError{Extension: x}
		}
	}
	return nil
}

// ValidIndexPath is git's verify_path for an index entry: not empty, not
// absolute, no empty, ".", ".." or ".git" (in any case) component, no NUL.
func ValidIndexPath(p string) bool {
	if p == "" || strings.ContainsRune(p, 0) {
		return false
	}
	for rest := p; ; { // the components, without strings.Split's slice
		c, after, more := strings.Cut(rest, "/")
		if c == "" || c == "." || c == ".." || strings.EqualFold(c, ".git") {
			return false
		}
		if !more {
			return true
		}
		rest = after
	}
}

// ScanIndex walks an index file's header and entries, checking every size
// against the file's, and lists its extensions' signatures in order.
func ScanIndex(data []byte) ([]string, error) {
	exts, err := indexExtensions(data)
	names := make([]string, len(exts))
	for i, x := range exts {
		names[i] = x.sig
	}
	return names, err
}

// indexExtension is an extension of an index file: its signature and body.
type indexExtension struct {
	sig  string
	body []byte
}

// indexExtensions is ScanIndex with the extensions' bodies.
func indexExtensions(data []byte) ([]indexExtension, error) {
	const hashLen = len(plumbing.ZeroHash)
	if len(data) < 12+hashLen || string(data[:4]) != "DIRC" {
		return nil, errors.New("not an index file")
	}
	version := binary.BigEndian.Uint32(data[4:8])
	if version < 2 || version > 4 {
		return nil, fmt.Errorf("index version %d", version)
	}
	count := uint64(binary.BigEndian.Uint32(data[8:12]))
	end := len(data) - hashLen
	if count*62 > uint64(end-12) {
		return nil, fmt.Errorf("%d entries cannot fit in %d bytes", count, len(data))
	}
	pos := 12
	for i := uint64(0); i < count; i++ {
		if pos+62 > end {
			return nil, fmt.Errorf("entry %d beyond the end", i)
		}
		flags := binary.BigEndian.Uint16(data[pos+60:])
		start := pos
		pos += 62
		if version >= 3 && flags&0x4000 != 0 {
			pos += 2 // extended flags
		}
		if version == 4 {
			for n := 0; ; n++ { // the prefix length to strip, a varint
				if pos >= end || n > 9 {
					return nil, fmt.Errorf("entry %d: bad path prefix", i)
				}
				pos++
				if data[pos-1]&0x80 == 0 {
					break
				}
			}
			nul := bytes.IndexByte(data[pos:end], 0)
			if nul < 0 {
				return nil, fmt.Errorf("entry %d: path without an end", i)
			}
			pos += nul + 1
			continue
		}
		nul := bytes.IndexByte(data[min(pos, end):end], 0)
		if pos > end || nul < 0 {
			return nil, fmt.Errorf("entry %d: path without an end", i)
		}
		pos += nul
		pos = start + (pos-start+8)&^7 // the NUL padding to a multiple of 8
		if pos > end {
			return nil, fmt.Errorf("entry %d beyond the end", i)
		}
	}
	var exts []indexExtension
	for pos+8 <= end {
		size := uint64(binary.BigEndian.Uint32(data[pos+4:]))
		if size > uint64(end-pos-8) {
			return nil, fmt.Errorf("extension %q is longer than the file", data[pos:pos+4])
		}
		exts = append(exts, indexExtension{string(data[pos : pos+4]), data[pos+8 : pos+8+int(size)]})
		pos += 8 + int(size)
	}
	if pos != end {
		return nil, errors.New("trailing bytes after the extensions")
	}
	return exts, nil
}
