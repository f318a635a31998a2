package odb

import (
	"bytes"
	"errors"
	"strconv"

	"github.com/go-git/go-git/v5/plumbing"
)

// CacheTree is a directory of the index's cache-tree (the TREE extension,
// which git writes with every commit and keeps up to date as the index
// changes): the tree object the index entries under the directory would
// make, when it is valid. git status and git diff --cached skip a
// directory whose cache-tree names the tree HEAD has there, without
// reading that tree; so does Uncommitted.
type CacheTree struct {
	// Entries is the number of index entries under the directory, -1
	// when the node is invalid (an entry under it changed since the tree
	// was computed): Hash is then unknown.
	Entries int
	Hash    plumbing.Hash
	Sub     map[string]*CacheTree // subdirectories by name
}

var errCacheTree = errors.New("damaged cache-tree")

// maxCacheTreeDepth bounds the nesting read (git's paths are at most
// 4096 bytes, so 2048 directories deep).
const maxCacheTreeDepth = 2048

// ReadCacheTree returns the root of the cache-tree of the index file data
// (whose entries and extensions ScanIndex checks), nil when it has none.
// A cache-tree that does not parse is an error: the caller then compares
// every entry (the cache-tree is an optimisation, never needed).
func ReadCacheTree(data []byte) (*CacheTree, error) {
	exts, err := indexExtensions(data)
	if err != nil {
		return nil, err
	}
	for _, x := range exts {
		if x.sig != "TREE" {
			continue
		}
		body := x.body
		if len(body) == 0 {
			return nil, nil
		}
		name, root, err := readCacheTree(&body, 0)
		if err != nil {
			return nil, err
		}
		if name != "" || len(body) != 0 {
			return nil, errCacheTree
		}
		return root, nil
	}
	return nil, nil
}

// readCacheTree reads one node and its subtrees, in git's order: the
// name, NUL, the entry count, a space, the number of subtrees, a newline,
// the hash when the count is not negative, then the subtrees.
func readCacheTree(b *[]byte, depth int) (string, *CacheTree, error) {
	if depth > maxCacheTreeDepth {
		return "", nil, errCacheTree
	}
	d := *b
	nul := bytes.IndexByte(d, 0)
	if nul < 0 {
		return "", nil, errCacheTree
	}
	name := string(d[:nul])
	d = d[nul+1:]
	sp := bytes.IndexByte(d, ' ')
	if sp < 0 {
		return "", nil, errCacheTree
	}
	entries, err := strconv.Atoi(string(d[:sp]))
	if err != nil || entries < -1 {
		return "", nil, errCacheTree
	}
	d = d[sp+1:]
	nl := bytes.IndexByte(d, '\n')
	if nl < 0 {
		return "", nil, errCacheTree
	}
	subs, err := strconv.Atoi(string(d[:nl]))
	if err != nil || subs < 0 || subs > len(d) {
		return "", nil, errCacheTree
	}
	d = d[nl+1:]
	t := &CacheTree{Entries: entries}
	if entries >= 0 {
		if len(d) < len(t.Hash) {
			return "", nil, errCacheTree
		}
		copy(t.Hash[:], d)
		d = d[len(t.Hash):]
	}
	*b = d
	if subs > 0 {
		t.Sub = make(map[string]*CacheTree, subs)
	}
	for range subs {
		n, sub, err := readCacheTree(b, depth+1)
		if err != nil {
			return "", nil, err
		}
		if n == "" || bytes.ContainsAny([]byte(n), "/\x00") || t.Sub[n] != nil {
			return "", nil, errCacheTree
		}
		t.Sub[n] = sub
	}
	return name, t, nil
}
