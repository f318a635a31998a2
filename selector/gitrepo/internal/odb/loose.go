package odb

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"github.com/klauspost/compress/zlib"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"

	"github.com/go-git/go-git/v5/plumbing"
)

// Loose objects: objects/XX/YYYY…, a zlib stream of "TYPE SIZE\0" and the
// content, in the first object directory that has the file.

// loosePath is the file of the loose object h in the object directory dir.
func loosePath(dir string, h plumbing.Hash) string {
	hex := h.String()
	return filepath.Join(dir, hex[:2], hex[2:])
}

// maxDeflateRatio bounds what a zlib stream can inflate to: deflate
// writes at most about 1032 bytes for one byte of input. A header that
// claims more than its file can hold is damage, and is never allocated.
const maxDeflateRatio = 1032

// readLoose reads the loose object h; found is false when no object
// directory has it.
func (s *DB) readLoose(h plumbing.Hash) (typ plumbing.ObjectType, data []byte, found bool, err error) {
	for _, dir := range s.dirs {
		name := loosePath(dir, h)
		raw, err := os.ReadFile(name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return 0, nil, true, fmt.Errorf("read object %s: %w", h, err)
		}
		typ, data, err := DecodeLoose(raw)
		if err != nil {
			return 0, nil, true, &CorruptError{File: name, Err: err} // the file names the object
		}
		return typ, data, true, nil
	}
	return 0, nil, false, nil
}

// DecodeLoose inflates a loose object file and checks its header: a known
// type, a size the file can hold, and exactly that many bytes of content.
func DecodeLoose(raw []byte) (plumbing.ObjectType, []byte, error) {
	zr, err := zlib.NewReader(bytes.NewReader(raw))
	if err != nil {
		return 0, nil, fmt.Errorf("not a loose object: %w", err)
	}
	defer zr.Close()
	br := bufio.NewReaderSize(zr, 64)
	head, err := br.ReadSlice(0)
	if err != nil {
		return 0, nil, errors.New("loose object header: no end")
	}
	kind, num, ok := bytes.Cut(head[:len(head)-1], []byte{' '})
	typ, terr := plumbing.ParseObjectType(string(kind))
	size, serr := strconv.ParseInt(string(num), 10, 64)
	if !ok || terr != nil || serr != nil || size < 0 || len(num) == 0 || num[0] == '+' ||
		typ < plumbing.CommitObject || typ > plumbing.TagObject || typ == 5 {
		return 0, nil, fmt.Errorf("malformed loose object header %q", head)
	}
	if size > int64(len(raw))*maxDeflateRatio {
		return 0, nil, fmt.Errorf("loose object header claims %d bytes, more than its %d-byte file can hold", size, len(raw))
	}
	data, err := readExactly(br, size)
	if err != nil {
		return 0, nil, fmt.Errorf("loose object content: %w", err)
	}
	return typ, data, nil
}

// readExactly reads size bytes from r, then checks that r ends there (for
// a zlib stream, that is when its checksum is checked). Only what the
// stream backs is allocated beyond the first mebibyte.
func readExactly(r io.Reader, size int64) ([]byte, error) {
	var out []byte
	if size <= 1<<20 {
		out = make([]byte, size)
		if _, err := io.ReadFull(r, out); err != nil {
			return nil, noEOF(err)
		}
	} else {
		var err error
		if out, err = io.ReadAll(io.LimitReader(r, size)); err != nil {
			return nil, err
		}
		if int64(len(out)) != size {
			return nil, io.ErrUnexpectedEOF
		}
	}
	var one [1]byte
	if n, err := r.Read(one[:]); n != 0 || err != io.EOF {
		if err == nil || err == io.EOF {
			err = errors.New("object longer than its header says")
		}
		return nil, err
	}
	return out, nil
}

// noEOF reports a stream that ended early as such.
func noEOF(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}
