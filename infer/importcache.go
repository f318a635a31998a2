package infer

import (
	"crypto/sha1"
	"encoding/hex"
	"strconv"
	"sync"
)

// An ImportCache keeps the imports Infer read from Go files (go.work
// mode) by the git blob name of the content read, for the next Infer of
// the same run: a change that edits a manifest infers the base
// revision's graph as well as the head's, and the two share almost all
// their Go files. A revision's tree inflates each Go blob whole (the
// object store has no prefix read), so reading them again cost the base
// more than the head's whole inference.
//
// The key is the content's own name, the SHA-1 of "blob <size>\x00" and
// the bytes (what git names a blob), and the imports are a function of
// the bytes alone, so a hit is exact by construction: no stat data, no
// index and no content filter is trusted. Infer uses a cache when its
// file system has a method ImportCache() *ImportCache. It stores the
// imports of every file it read whole (almost every Go file fits in the
// first read) and scanned without an error, named by hashing what it
// read; a file system that names its files' blobs without reading them,
// with a method GitBlob(name string) (string, bool) (a revision's tree,
// gitrepo), is looked up first, and a hit reads nothing. A file that is
// not a regular file (a link) is never looked up by its entry's blob.
//
// The zero value is empty and ready; it is safe for concurrent use.
type ImportCache struct {
	mu   sync.Mutex
	m    map[string][]goImport
	hits int // lookups that found the imports (for tests)
}

func (c *ImportCache) get(blob string) ([]goImport, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	imps, ok := c.m[blob]
	if ok {
		c.hits++
	}
	return imps, ok
}

// put keeps the imports of blob; the slice is shared and never changed.
func (c *ImportCache) put(blob string, imps []goImport) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string][]goImport{}
	}
	c.m[blob] = imps
}

// blobName is git's name (SHA-1, 40 hex digits) of a blob of content data.
func blobName(data []byte) string {
	h := sha1.New()
	var hdr [32]byte
	h.Write(strconv.AppendInt(append(hdr[:0], "blob "...), int64(len(data)), 10))
	h.Write([]byte{0})
	h.Write(data)
	var sum [sha1.Size]byte
	return hex.EncodeToString(h.Sum(sum[:0]))
}
