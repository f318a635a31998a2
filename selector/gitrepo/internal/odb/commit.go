package odb

import (
	"bytes"
	"errors"
	"fmt"
	"math"

	"github.com/go-git/go-git/v5/plumbing"
)

// errCommitFormat: a commit object that git would not have written.
var errCommitFormat = errors.New("malformed commit")

// ParseCommitHeader reads the parents and the committer date of a commit
// object as git's parse_commit_buffer does. The object starts with
// "tree HASH\n", then the parents, "parent HASH\n" each: a commit that
// does not is an error wrapping errCommitFormat (it would otherwise read
// as a root commit, and a damaged head as a history of its own).
//
// The date is parse_commit_date's, which orders git's merge-base walk:
// the line after the parents must start with "author" and the next with
// "committer"; the date is the number after the line's last '>', skipping
// spaces, read as strtoumax reads it (unsigned: "-5" is 2^64-5, an
// overflow is 2^64-1, "123foo" is 123). Anything else, a line without
// '>' or a header ending without a newline, is date 0. The whole line is
// read however long it is.
func ParseCommitHeader(data []byte) (when uint64, parents []plumbing.Hash, err error) {
	const hexLen = 40
	const treeLen, parentLen = len("tree ") + hexLen, len("parent ") + hexLen
	if len(data) <= treeLen+1 || !bytes.HasPrefix(data, []byte("tree ")) || data[treeLen] != '\n' || !IsHex(data[5:treeLen]) {
		return 0, nil, fmt.Errorf("%w: it does not start with a tree line", errCommitFormat)
	}
	buf := data[treeLen+1:]
	for len(buf) > parentLen && bytes.HasPrefix(buf, []byte("parent ")) {
		if len(buf) <= parentLen+1 || !IsHex(buf[7:parentLen]) || buf[parentLen] != '\n' {
			line, _, _ := bytes.Cut(buf, []byte{'\n'})
			return 0, nil, fmt.Errorf("%w: parent line %q", errCommitFormat, line)
		}
		parents = append(parents, plumbing.NewHash(string(buf[7:parentLen])))
		buf = buf[parentLen+1:]
	}
	return commitDate(buf), parents, nil
}

// headerEnds reports whether ParseCommitHeader reads the same of a commit
// that starts with b as of b: b holds a whole line starting with
// "committer " after its first line, and at least 49 bytes from that
// line's start. The parse reads the first line, the parent lines after it
// (whether a line is taken for one depends on the 48 or 49 bytes from its
// start), and at most the two lines after those: the first of those two is
// at or before the committer line (which is no parent line), and when it
// is the committer line, it is not "author" and the parse stops there. So
// everything it reads is in b.
func headerEnds(b []byte) bool {
	c := bytes.Index(b, []byte("\ncommitter "))
	return c >= 0 && bytes.IndexByte(b[c+1:], '\n') >= 0 && len(b)-(c+1) >= len("parent ")+40+2
}

// CommitHeader returns the start of the commit h, as much of it as
// ParseCommitHeader reads (headerEnds), or the whole object. A merge-base
// walk without a commit-graph reads thousands of commits for their parents
// and dates alone, and their signatures and messages are most of their
// bytes: a packed commit stored whole is inflated only from its first
// compressed bytes (commitPrefix). Such a read neither reaches the zlib
// stream's checksum nor keeps the object in the cache; every other read,
// and any it could not make, is ReadObject's (from the same index search). The start is inflated into
// buf when it is large enough (a buffer the caller reuses: the walk reads
// what it needs of a commit before it reads the next).
func (s *DB) CommitHeader(h Hash, buf []byte) ([]byte, error) {
	p, off, ok, err := s.find(h)
	if err != nil {
		return ofType(plumbing.CommitObject, h, 0, nil, err)
	}
	if ok {
		s.mu.Lock()
		data := s.commitPrefix(p, off, buf)
		s.mu.Unlock()
		if data != nil {
			return data, nil
		}
	}
	t, data, err := s.objectAt(h, p, off, ok)
	return ofType(plumbing.CommitObject, h, t, data, err)
}

// commitDate is git's parse_commit_date of the header after the parents.
func commitDate(buf []byte) uint64 {
	if len(buf) <= 6 || !bytes.HasPrefix(buf, []byte("author")) {
		return 0
	}
	nl := bytes.IndexByte(buf, '\n')
	if nl < 0 {
		return 0
	}
	buf = buf[nl+1:]
	if len(buf) <= 9 || !bytes.HasPrefix(buf, []byte("committer")) {
		return 0
	}
	eol := bytes.IndexByte(buf, '\n')
	if eol < 0 {
		return 0
	}
	gt := bytes.LastIndexByte(buf[:eol], '>')
	if gt < 0 {
		return 0
	}
	date := buf[gt+1 : eol]
	for len(date) > 0 && isGitSpace(date[0]) {
		date = date[1:]
	}
	if len(date) == 0 || !('0' <= date[0] && date[0] <= '9' || date[0] == '-') {
		return 0
	}
	return strtoumax(date)
}

// isGitSpace is git's isspace (sane_ctype): space, tab, line feed and
// carriage return only.
func isGitSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// strtoumax reads a decimal number at the start of b, which starts with a
// digit or '-', as C's strtoumax: digits up to the first other byte, a
// minus negating modulo 2^64, an overflow giving 2^64-1, no digits 0.
func strtoumax(b []byte) uint64 {
	neg := b[0] == '-'
	if neg {
		b = b[1:]
	}
	var n uint64
	digits := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			break
		}
		d := uint64(c - '0')
		if n > (math.MaxUint64-d)/10 {
			return math.MaxUint64 // ERANGE, whatever the sign
		}
		n = n*10 + d
		digits++
	}
	if digits == 0 {
		return 0
	}
	if neg {
		return -n
	}
	return n
}
