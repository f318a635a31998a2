package infer

import "github.com/gatesel/gatesel/internal/gitblob"

// gitBlobs is a revision's tree that names the blob of each regular file
// without reading it (gitrepo's TreeFS).
type gitBlobs interface {
	GitBlob(name string) (string, bool)
}

// workTreeBlobs returns the blob names of the revision's tree Infer
// reads, when its file system gives them (a method GitBlob(name string)
// (string, bool), the object name of a regular file's blob: gitrepo's
// TreeFS), and opens the work tree of the same repository, when the file
// system also names it (a method WorkTree() string, the operating
// system's directory of the checked-out files). A revision's tree
// inflates each blob whole, as the object store has no prefix read; a
// change that edits a manifest infers the base revision's graph, whose Go
// files are almost all the work tree's too. So each Go file of the tree
// is read from the work tree first (blob), and used only when what was
// read is that blob: git's name for it (the hash of "blob <size>\x00" and
// the bytes, SHA-1 or SHA-256 as the entry's name is) is the tree
// entry's. Exact by construction: no stat data, index or content filter
// is trusted, and a file edited, converted or gone is inflated from the
// tree as before. The directory is nil when
// there is no such work tree, or no openat2 (the work tree is read with
// links refused).
func (r *reader) workTreeBlobs() (*noLinksDir, gitBlobs) {
	blobs, ok := r.fsys.(gitBlobs)
	if !ok || !r.safeDefault {
		return nil, nil
	}
	if w, ok := r.fsys.(interface{ WorkTree() string }); ok {
		return openNoLinksDir(w.WorkTree()), blobs
	}
	return nil, blobs
}

// blob returns the bytes of the blob named want when one read of the
// file name in the work tree below d gives exactly them (their hash is
// the blob's name, so they are the blob, whatever the file is), read into
// buf (valid until buf is used again).
func (d *noLinksDir) blob(name, want string, buf *[]byte) ([]byte, bool) {
	data, ok := d.readOnce(name, buf)
	if !ok || !gitblob.Is(data, want) {
		return nil, false
	}
	return data, true
}

// blobRead is the most blob reads from the work tree in its one read:
// a larger file is inflated from the tree (almost no Go file is).
const blobRead = 64 << 10
