package odb

import "errors"

// ErrClosed: the database was closed.
var ErrClosed = errors.New("repository closed")

// Close releases the mapped pack files.
// After it every object read fails with ErrClosed; refs, configuration and
// the index are still read from the files. It is safe to call twice, but
// not concurrently with reads (package gitrepo serialises them).
func (s *DB) Close() error {
	s.load() // no load after Close maps the packs again
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	for _, f := range s.packs {
		f.once.Do(func() { f.err = ErrClosed }) // one not opened is never opened
		if f.p != nil {
			f.p.release()
		}
	}
	s.packs = nil
	return nil
}
