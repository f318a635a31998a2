package gitrepo

import "github.com/gatesel/gatesel/selector/gitrepo/internal/odb"

// ErrClosed: the Repo (or a file system of its TreeFS) was used after Close.
var ErrClosed = odb.ErrClosed

// Close releases what the repository holds: the mapped pack files and
// commit-graph and the files go-git keeps open. A library user that opens
// many repositories closes each; without Close they are released when the
// Repo is garbage collected. After Close every method fails with
// ErrClosed. It is safe to call twice.
func (r *Repo) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil
	}
	r.closed = true
	r.packed.close()
	if r.walk != nil && r.walk.unmap != nil {
		r.walk.unmap()
	}
	// A walker that neither has nor opens a commit-graph: every read goes
	// to the closed store and fails there.
	r.walk = newWalker(r)
	r.walk.graphTried = true
	return r.store.Close()
}
