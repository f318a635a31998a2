package odb

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/go-git/go-git/v5/plumbing"
)

// ParseCommitHeader reads the parents and the committer date of a commit
// object, stopping at the end of its header.
func ParseCommitHeader(r io.Reader) (when int64, parents []plumbing.Hash, err error) {
	br := bufio.NewReaderSize(r, 1024)
	for {
		line, err := br.ReadSlice('\n')
		if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
			return 0, nil, err
		}
		line = bytes.TrimSuffix(line, []byte("\n"))
		switch {
		case len(line) == 0:
			return when, parents, nil
		case bytes.HasPrefix(line, []byte("parent ")):
			h := string(line[len("parent "):])
			if !plumbing.IsHash(h) {
				return 0, nil, fmt.Errorf("malformed parent line %q", line)
			}
			parents = append(parents, plumbing.NewHash(h))
		case bytes.HasPrefix(line, []byte("committer ")):
			// committer Name <email> 1700000000 +0000
			f := bytes.Fields(line[bytes.LastIndexByte(line, '>')+1:])
			if len(f) > 0 {
				when, _ = strconv.ParseInt(string(f[0]), 10, 64)
			}
		}
		if errors.Is(err, io.EOF) {
			return when, parents, nil
		}
		for errors.Is(err, bufio.ErrBufferFull) { // a long header line: skip the rest
			_, err = br.ReadSlice('\n')
		}
	}
}
