package odb

import (
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/index"
)

// The value types of the object database. They are go-git's, named here so
// that package gitrepo reads git without importing go-git: this package is
// the only one that does.
type (
	// Hash is an object name (SHA-1).
	Hash = plumbing.Hash
	// ObjectType is the type of an object.
	ObjectType = plumbing.ObjectType
	// FileMode is the mode of a tree entry.
	FileMode = filemode.FileMode
	// IndexEntry is an entry of the index (.git/index).
	IndexEntry = index.Entry
	// Index is the decoded index.
	Index = index.Index
	// Reference is a ref: a hash or a symbolic target.
	Reference = plumbing.Reference
	// ReferenceName is a ref's full name, e.g. refs/heads/main.
	ReferenceName = plumbing.ReferenceName
)

// The object types.
const (
	AnyObject    = plumbing.AnyObject
	CommitObject = plumbing.CommitObject
	TreeObject   = plumbing.TreeObject
	BlobObject   = plumbing.BlobObject
	TagObject    = plumbing.TagObject
)

// The modes of tree entries.
const (
	Dir        = filemode.Dir
	Regular    = filemode.Regular
	Deprecated = filemode.Deprecated
	Executable = filemode.Executable
	Symlink    = filemode.Symlink
	Submodule  = filemode.Submodule
)

// HEAD is the name of the HEAD ref; SymbolicReference the type of a ref
// that names another.
const (
	HEAD              = plumbing.HEAD
	SymbolicReference = plumbing.SymbolicReference
)

// ZeroHash is the zero object name.
var ZeroHash Hash

// Errors of lookups, as go-git returns them.
var (
	ErrObjectNotFound    = plumbing.ErrObjectNotFound
	ErrReferenceNotFound = plumbing.ErrReferenceNotFound
)

// NewHash parses a hexadecimal object name (no check: see IsHash).
func NewHash(s string) Hash { return plumbing.NewHash(s) }

// IsHash reports whether s is a full hexadecimal object name.
func IsHash(s string) bool { return plumbing.IsHash(s) }

// BlobHash is the object name of a blob with the given content.
func BlobHash(data []byte) Hash { return plumbing.ComputeHash(plumbing.BlobObject, data) }

// BlobHasher hashes a blob of a known size streamed into it.
type BlobHasher struct{ h plumbing.Hasher }

// NewBlobHasher starts the hash of a blob of size bytes.
func NewBlobHasher(size int64) *BlobHasher {
	return &BlobHasher{plumbing.NewHasher(plumbing.BlobObject, size)}
}

// Write adds content.
func (b *BlobHasher) Write(p []byte) (int, error) { return b.h.Write(p) }

// Sum is the object name.
func (b *BlobHasher) Sum() Hash { return b.h.Sum() }
