// Package gitblob names git's blobs: the hash of "blob SIZE\x00" and the
// content, SHA-1 (40 hex digits) or, in a SHA-256 repository (git init
// --object-format=sha256), SHA-256 (64): what `git hash-object` prints.
package gitblob

import (
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"strconv"
)

// Name is git's object name of a blob of content data, SHA-256 in a
// SHA-256 repository, SHA-1 otherwise.
func Name(data []byte, sha256Repo bool) string {
	var sum [sha256.Size]byte
	return hex.EncodeToString(appendSum(sum[:0], data, sha256Repo))
}

// Is reports whether name, an object name of either format (its length
// says which), is git's name of a blob of content data.
func Is(data []byte, name string) bool {
	if len(name) != 2*sha1.Size && len(name) != 2*sha256.Size {
		return false
	}
	var sum [sha256.Size]byte
	var hx [2 * sha256.Size]byte
	return string(hex.AppendEncode(hx[:0], appendSum(sum[:0], data, len(name) == 2*sha256.Size))) == name
}

func appendSum(b, data []byte, sha256Repo bool) []byte {
	var h hash.Hash
	if sha256Repo {
		h = sha256.New()
	} else {
		h = sha1.New()
	}
	var hdr [32]byte
	h.Write(append(strconv.AppendInt(append(hdr[:0], "blob "...), int64(len(data)), 10), 0))
	h.Write(data)
	return h.Sum(b)
}
