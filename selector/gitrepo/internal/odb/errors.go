package odb

import (
	"fmt"

	"github.com/go-git/go-git/v5/plumbing"
)

// CorruptError: the object store holds data that git would not have
// written — a pack, an index, a loose object or a commit-graph that
// does not parse, whose sizes do not hold, or whose checksum is wrong. It
// is never missing history: fetching does not repair it.
type CorruptError struct {
	File   string // the damaged file, when known
	Object Hash   // the object being read, zero when none
	Err    error
}

func (e *CorruptError) Error() string {
	var what string
	switch {
	case e.Object != ZeroHash && e.File != "":
		what = fmt.Sprintf("object %s in %s: ", e.Object, e.File)
	case e.Object != ZeroHash:
		what = fmt.Sprintf("object %s: ", e.Object)
	case e.File != "":
		what = e.File + ": "
	}
	return what + e.Err.Error()
}

// Unwrap returns the cause.
func (e *CorruptError) Unwrap() error { return e.Err }

// NotFoundError: the object is not in the repository (or not of the type
// asked: Want and Got). In a partial clone (Promisor is its remote) it is
// an object the clone's filter left out, which git would fetch on demand.
// It is plumbing.ErrObjectNotFound for errors.Is, as go-git answers.
type NotFoundError struct {
	Object           Hash
	Want, Got        ObjectType // a type mismatch: the object is a Got, not a Want
	Asked            ObjectType // the type the reader expected, when it said
	Promisor, Filter string     // the partial clone's remote and filter, "" when complete
}

func (e *NotFoundError) Error() string {
	if e.Want != 0 {
		return fmt.Sprintf("object %s is a %s, not a %s", e.Object, e.Got, e.Want)
	}
	return plumbing.ErrObjectNotFound.Error()
}

// Is makes the error plumbing.ErrObjectNotFound.
func (e *NotFoundError) Is(target error) bool { return target == plumbing.ErrObjectNotFound }
