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

// errCommitFormat: a commit object that git would not have written.
var errCommitFormat = errors.New("malformed commit")

// ParseCommitHeader reads the parents and the committer date of a commit
// object, stopping at the end of its header. As git's parse_commit_buffer
// checks, the header starts with "tree HASH", then the parents: a
// commit that does not is an error wrapping errCommitFormat (it would
// otherwise read as a root commit, and a damaged head as a history of
// its own).
func ParseCommitHeader(r io.Reader) (when int64, parents []plumbing.Hash, err error) {
	br := bufio.NewReaderSize(r, 1024)
	first, err := br.ReadSlice('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return 0, nil, fmt.Errorf("%w: %v", errCommitFormat, err)
	}
	if _, ok := HeaderHash(first, "tree "); !ok {
		return 0, nil, fmt.Errorf("%w: it does not start with a tree line", errCommitFormat)
	}
	inParents := true
	for {
		line, err := br.ReadSlice('\n')
		if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
			return 0, nil, err
		}
		line = bytes.TrimSuffix(line, []byte("\n"))
		switch {
		case len(line) == 0:
			return when, parents, nil
		case bytes.HasPrefix(line, []byte("parent ")) && inParents:
			h := string(line[len("parent "):])
			if !plumbing.IsHash(h) {
				return 0, nil, fmt.Errorf("%w: parent line %q", errCommitFormat, line)
			}
			parents = append(parents, plumbing.NewHash(h))
			continue
		case bytes.HasPrefix(line, []byte("committer ")):
			// committer Name <email> 1700000000 +0000
			f := bytes.Fields(line[bytes.LastIndexByte(line, '>')+1:])
			if len(f) > 0 {
				when, _ = strconv.ParseInt(string(f[0]), 10, 64)
			}
		}
		inParents = false // git reads the parents right after the tree only
		if errors.Is(err, io.EOF) {
			return when, parents, nil
		}
		for errors.Is(err, bufio.ErrBufferFull) { // a long header line: skip the rest
			_, err = br.ReadSlice('\n')
		}
	}
}
