package odb

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
)

// Commits, trees and tags are decoded here, from the object bytes that the
// pack reader (pack.go) or go-git's storage (loose objects) returns.
// go-git's plumbing/object would do it too, but that package links
// ProtonMail's OpenPGP into the binary for commit signatures, and with
// go-git's top-level package (transports: SSH, HTTP) it made every run of
// the CLI start about a millisecond slower (docs/performance.md) — as much
// as git's whole diff of a small change. Only what the selector reads is
// decoded: a commit's tree, a tag's target, a tree's entries.

// TreeEntry is an entry of a git tree.
type TreeEntry struct {
	Name string
	Mode filemode.FileMode
	Hash plumbing.Hash
}

// Tree is a decoded tree: its entries in git's order.
type Tree struct {
	Hash    plumbing.Hash
	Entries []TreeEntry
	byName  map[string]int // built on the first find in a large tree
}

// find returns the entry named name, nil when there is none.
func (t *Tree) Find(name string) *TreeEntry {
	if len(t.Entries) <= 16 {
		for i := range t.Entries {
			if t.Entries[i].Name == name {
				return &t.Entries[i]
			}
		}
		return nil
	}
	if t.byName == nil {
		t.byName = make(map[string]int, len(t.Entries))
		for i, e := range t.Entries {
			t.byName[e.Name] = i
		}
	}
	if i, ok := t.byName[name]; ok {
		return &t.Entries[i]
	}
	return nil
}

// readObject returns the content of the object h, which must be of type typ
// (plumbing.ErrObjectNotFound otherwise, as go-git answers). The bytes are
// the caller's to keep but not to change: a packed object's may be shared
// with the pack reader's cache.
func readObject(s *DB, typ plumbing.ObjectType, h plumbing.Hash) ([]byte, error) {
	t, data, err := s.object(h)
	return ofType(typ, h, t, data, err)
}

// ofType is an object read for type typ: an error when it is of another.
func ofType(typ plumbing.ObjectType, h plumbing.Hash, t plumbing.ObjectType, data []byte, err error) ([]byte, error) {
	if nf := (*NotFoundError)(nil); errors.As(err, &nf) {
		nf.Asked = typ
	}
	if err == nil && t != typ {
		return nil, &NotFoundError{Object: h, Want: typ, Got: t}
	}
	return data, err
}

// getTree reads and decodes the tree h.
func getTree(s *DB, h plumbing.Hash) (*Tree, error) {
	data, err := readObject(s, plumbing.TreeObject, h)
	if err != nil {
		return nil, err
	}
	entries, ok := DecodeTree(data)
	if !ok {
		return nil, MalformedTree(h)
	}
	return &Tree{Hash: h, Entries: entries}, nil
}

// MalformedTree is the error for the tree h whose bytes do not parse.
func MalformedTree(h plumbing.Hash) error {
	return &CorruptError{Object: h, Err: errors.New("malformed tree")}
}

// HeaderHash returns the hash after the header key ("tree ", "object ")
// at the start of a commit's or tag's first line.
func HeaderHash(data []byte, key string) (plumbing.Hash, bool) {
	line, _, _ := bytes.Cut(data, []byte{'\n'})
	hex, ok := bytes.CutPrefix(line, []byte(key))
	if !ok || !plumbing.IsHash(string(hex)) {
		return plumbing.ZeroHash, false
	}
	return plumbing.NewHash(string(hex)), true
}

// commitTreeHash returns the root tree of the commit h.
func commitTreeHash(s *DB, h plumbing.Hash) (plumbing.Hash, error) {
	data, err := readObject(s, plumbing.CommitObject, h)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	t, ok := HeaderHash(data, "tree ")
	if !ok {
		return plumbing.ZeroHash, &CorruptError{Object: h, Err: fmt.Errorf("%w: it does not start with a tree line", errCommitFormat)}
	}
	return t, nil
}

// DecodeTree parses a tree's entries, "MODE NAME\0HASH" each, as go-git's
// Tree.Decode does, modes in git's canonical form; ok is false for anything
// malformed.
func DecodeTree(data []byte) (entries []TreeEntry, ok bool) {
	entries = make([]TreeEntry, 0, len(data)/40+1)
	for len(data) > 0 {
		var e RawEntry
		if data, ok = NextEntry(data, &e); !ok {
			return nil, false
		}
		entries = append(entries, TreeEntry{Name: string(e.Name), Mode: e.Mode, Hash: e.Hash})
	}
	return entries, true
}

// RawEntry is a tree entry as NextEntry reads it: its name is a slice of
// the tree's bytes, not a copy.
type RawEntry struct {
	Name []byte
	Mode filemode.FileMode
	Hash plumbing.Hash
}

// NextEntry parses the first entry of a tree's bytes (data not empty) into
// e, its mode in git's canonical form, and returns the bytes after it; ok
// is false for anything malformed. A walk that needs no names of its own
// (the tree diff, where most entries are equal) reads a tree with it and
// allocates nothing per entry.
func NextEntry(data []byte, e *RawEntry) (rest []byte, ok bool) {
	sp := bytes.IndexByte(data, ' ')
	if sp <= 0 || sp > 11 {
		return nil, false
	}
	var mode uint64
	for _, c := range data[:sp] {
		if c < '0' || c > '7' {
			return nil, false
		}
		mode = mode<<3 | uint64(c-'0')
	}
	if mode > 0xffffffff {
		return nil, false
	}
	data = data[sp+1:]
	nul := bytes.IndexByte(data, 0)
	if nul <= 0 || len(data) < nul+1+len(plumbing.ZeroHash) {
		return nil, false
	}
	e.Name, e.Mode = data[:nul:nul], canonicalMode(filemode.FileMode(mode))
	data = data[nul+1:]
	copy(e.Hash[:], data)
	return data[len(e.Hash):], true
}

// canonicalMode is git's canonical form of a tree entry's mode (canon_mode
// in cache.h): a regular file is executable when its owner may execute it.
// go-git looks at any execute bit, so 100654 against 100644 was a change
// for it and none for git.
func canonicalMode(mode filemode.FileMode) filemode.FileMode {
	switch mode & 0o170000 {
	case 0o040000:
		return filemode.Dir
	case 0o100000:
		if mode&0o100 != 0 {
			return filemode.Executable
		}
		return filemode.Regular
	case 0o120000:
		return filemode.Symlink
	}
	return filemode.Submodule
}

// ReadObject reads the content of the object h of type typ (AnyObject for any).
func (s *DB) ReadObject(typ ObjectType, h Hash) ([]byte, error) { return readObject(s, typ, h) }

// ReadAny reads the object h and its type; a packed object's bytes are
// the pack reader's own, to read and never to change.
func (s *DB) ReadAny(h Hash) (ObjectType, []byte, error) { return s.object(h) }

// Tree reads and decodes the tree h.
func (s *DB) Tree(h Hash) (*Tree, error) { return getTree(s, h) }

// CommitTree is the root tree of the commit h.
func (s *DB) CommitTree(h Hash) (Hash, error) { return commitTreeHash(s, h) }
