package infer

import (
	"crypto/sha1"
	"encoding/hex"
	"strconv"
)

// gitBlobs is a revision's tree that names the blob of each regular file
// without reading it (gitrepo's TreeFS).
type gitBlobs interface {
	GitBlob(name string) (string, bool)
}

// workTreeBlobs opens the work tree of the repository whose revision's
// tree Infer reads, when the file system names both: a method
// GitBlob(name string) (string, bool) (the object name of a regular
// file's blob) and a method WorkTree() string (the operating system's
// directory of the checked-out files). A revision's tree inflates each
// blob whole, as the object store has no prefix read; a change that edits
// a manifest infers the base revision's graph, whose Go files are almost
// all the work tree's too. So each Go file of the tree is read from the
// work tree first (blob), and used only when what was read is that blob:
// git's name for it (the SHA-1 of "blob <size>\x00" and the bytes) is
// the tree entry's. Exact by construction: no stat data, index or
// content filter is trusted, and a file edited, converted or gone is
// inflated from the tree as before. nil (and nil) when there is no such
// work tree, or no openat2 (the work tree is read with links refused).
func (r *reader) workTreeBlobs() (*noLinksDir, gitBlobs) {
	blobs, ok := r.fsys.(gitBlobs)
	w, ok2 := r.fsys.(interface{ WorkTree() string })
	if !ok || !ok2 || !r.safeDefault {
		return nil, nil
	}
	d := openNoLinksDir(w.WorkTree())
	if d == nil {
		return nil, nil
	}
	return d, blobs
}

// blob returns the bytes of the walked regular file f's blob when one
// read of the file at f's path in the work tree below d gives exactly
// them (see workTreeBlobs: their hash is the blob's name, so they are the
// blob, whatever the file is), read into buf (valid until buf is used
// again).
func (d *noLinksDir) blob(blobs gitBlobs, f goFile, buf *[]byte) ([]byte, bool) {
	if d == nil || !f.regular {
		return nil, false
	}
	want, ok := blobs.GitBlob(f.path)
	if !ok {
		return nil, false
	}
	data, ok := d.readOnce(f.path, buf)
	if !ok || blobName(data) != want {
		return nil, false
	}
	return data, true
}

// blobRead is the most blob reads from the work tree in its one read:
// a larger file is inflated from the tree (almost no Go file is).
const blobRead = 64 << 10

// blobName is git's name (SHA-1, 40 hex digits) of a blob of content data.
func blobName(data []byte) string {
	h := sha1.New()
	var hdr [32]byte
	h.Write(append(strconv.AppendInt(append(hdr[:0], "blob "...), int64(len(data)), 10), 0))
	h.Write(data)
	var sum [sha1.Size]byte
	return hex.EncodeToString(h.Sum(sum[:0]))
}
