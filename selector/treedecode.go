package selector

import (
	"bytes"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
)

// getTree reads the tree h for the tree walks (diff, file lists), which
// use its entries only. A packed tree is decoded here, straight from the
// inflated bytes: go-git's decoder reads through a bufio.Reader and
// allocates two strings per entry and a sort key per directory, a third
// of the walk's allocations. Anything else, and any tree this decoder
// finds unusual (so that errors are go-git's), is go-git's object.GetTree.
func getTree(s storer.EncodedObjectStorer, h plumbing.Hash) (*object.Tree, error) {
	if ps, ok := s.(*packStore); ok {
		if p, off, ok := ps.find(h); ok {
			ps.mu.Lock()
			typ, data, err := ps.read(p, off, 0)
			ps.mu.Unlock()
			if err == nil && typ == plumbing.TreeObject {
				if entries, ok := decodeTree(data); ok {
					return &object.Tree{Hash: h, Entries: entries}, nil
				}
			}
		}
	}
	return object.GetTree(s, h)
}

// decodeTree parses a tree's entries, "MODE NAME\0HASH" each, as go-git's
// Tree.Decode does (modes in canonical form); ok is false for anything
// malformed, which go-git then reports.
func decodeTree(data []byte) (entries []object.TreeEntry, ok bool) {
	entries = make([]object.TreeEntry, 0, len(data)/40+1)
	for len(data) > 0 {
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
		e := object.TreeEntry{Name: string(data[:nul]), Mode: canonicalMode(filemode.FileMode(mode))}
		data = data[nul+1:]
		copy(e.Hash[:], data)
		data = data[len(e.Hash):]
		entries = append(entries, e)
	}
	return entries, true
}

// canonicalMode is go-git's (and git's) canonical form of a tree entry's mode.
func canonicalMode(mode filemode.FileMode) filemode.FileMode {
	switch mode & 0o170000 {
	case 0o040000:
		return filemode.Dir
	case 0o100000:
		if mode&0o111 != 0 {
			return filemode.Executable
		}
		return filemode.Regular
	case 0o120000:
		return filemode.Symlink
	}
	return filemode.Submodule
}
