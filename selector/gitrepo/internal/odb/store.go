package odb

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/go-git/go-git/v5/plumbing"
)

// DB reads objects as git does, itself: from the pack files of the
// repository's object directories (its own, then its alternates, each
// recursively, alternates.go), mapped into memory and found by a binary
// search in the fan-out bucket of their index, then inflated (and their
// delta chain applied) in place; else from loose objects (loose.go).
//
// go-git's own object storage decodes every pack index completely before
// the first lookup: on a 540,000-object repository that is about 85 ms and
// 60 MB before a single commit is read, more than git needs for a whole
// `git diff`; it believed the sizes a damaged index claims (a fan-out of
// 2^31 objects ran it out of memory), and it never read alternates.
// Refs are read by package gitrepo; the configuration, shallow and the
// index here (db.go, index.go), without go-git's storage.
type DB struct {
	dirs []string // the object directories, the repository's first; none reads nothing
	// gitDir is the git directory (a linked worktree's own: HEAD, the
	// index), commonDir the one it shares (objects, config, shallow).
	gitDir, commonDir string
	remotes           []string // the configured remotes, sorted

	once    sync.Once
	mu      sync.Mutex // guards the packs' caches and the zlib reader and its source
	packs   []*pack
	damaged []error       // packs that could not be opened (CorruptError)
	closed  bool          // Close was called: every read fails with ErrClosed
	zr      io.ReadCloser // a zlib reader reused through zlib.Resetter
	zsrc    bytes.Reader  // its source, reused too
	// Promisor is the remote a partial clone fetches missing objects from
	// (remote.NAME.promisor, extensions.partialClone), "" when the clone is
	// complete; Filter is its filter (remote.NAME.partialclonefilter).
	Promisor, Filter string
	// Sparse: the repository's configuration sets core.sparseCheckout.
	Sparse bool
	// AlternatesErr: the alternates could not all be read.
	AlternatesErr error
}

func newDB(objects string) *DB {
	db := &DB{}
	if objects != "" {
		db.dirs, db.AlternatesErr = objectDirs(objects)
	}
	return db
}

// load maps the packs of every object directory the first time an object
// is asked for. A pack that cannot be read is remembered as damage: an
// object found nowhere else is then a CorruptError, not "not found".
func (s *DB) load() {
	s.once.Do(func() {
		for _, objects := range s.dirs {
			dir := filepath.Join(objects, "pack")
			entries, err := os.ReadDir(dir)
			if err != nil {
				continue
			}
			for _, e := range entries {
				name, ok := strings.CutSuffix(e.Name(), ".idx")
				if !ok || !strings.HasPrefix(name, "pack-") {
					continue
				}
				p, err := openPack(filepath.Join(dir, name))
				if err != nil {
					s.damaged = append(s.damaged, err)
					continue
				}
				s.packs = append(s.packs, p)
			}
		}
	})
}

// find returns the pack and offset of h; an index that lists h with an
// offset it does not hold is a *CorruptError, never "not found".
func (s *DB) find(h plumbing.Hash) (*pack, int64, bool, error) {
	s.load()
	if s.closed {
		return nil, 0, false, nil
	}
	for _, p := range s.packs {
		off, ok, err := p.idx.offset(h)
		if err != nil {
			return nil, 0, false, &CorruptError{Object: h, File: p.name + ".idx", Err: err}
		}
		if ok {
			return p, off, true, nil
		}
	}
	return nil, 0, false, nil
}

// notFound is the error for an object found nowhere: a CorruptError when
// a pack could not be read (the object may be in it), else a
// *NotFoundError.
func (s *DB) notFound(h plumbing.Hash) error {
	if s.closed {
		return ErrClosed
	}
	if len(s.damaged) > 0 {
		return &CorruptError{Object: h, Err: fmt.Errorf("object not found, and %w", s.damaged[0])}
	}
	return &NotFoundError{Object: h, Promisor: s.Promisor, Filter: s.Filter}
}

// object reads h from the packs, else from the loose objects.
func (s *DB) object(h plumbing.Hash) (plumbing.ObjectType, []byte, error) {
	p, off, ok, err := s.find(h)
	if err != nil {
		return 0, nil, err
	}
	return s.objectAt(h, p, off, ok)
}

// objectAt reads h where find found it: at off in p when ok, else loose.
func (s *DB) objectAt(h plumbing.Hash, p *pack, off int64, ok bool) (plumbing.ObjectType, []byte, error) {
	if ok {
		s.mu.Lock()
		typ, data, err := s.read(p, off, 0)
		s.mu.Unlock()
		if err != nil {
			return 0, nil, &CorruptError{Object: h, File: p.name + ".pack", Err: err}
		}
		return typ, data, nil
	}
	if s.closed {
		return 0, nil, ErrClosed
	}
	typ, data, found, err := s.readLoose(h)
	switch {
	case err != nil:
		return 0, nil, err
	case !found:
		return 0, nil, s.notFound(h)
	}
	return typ, data, nil
}

// HashesWithPrefix lists the objects whose hash starts with prefix, for
// short hashes in revisions. A pack that could not be read is an error:
// the answer might be in it.
func (s *DB) HashesWithPrefix(prefix []byte) ([]plumbing.Hash, error) {
	s.load()
	if s.closed {
		return nil, ErrClosed
	}
	if len(s.damaged) > 0 {
		return nil, &CorruptError{Err: s.damaged[0]}
	}
	seen := map[plumbing.Hash]bool{}
	var out []plumbing.Hash
	for _, p := range s.packs {
		for _, h := range p.idx.withPrefix(prefix) {
			if !seen[h] {
				seen[h] = true
				out = append(out, h)
			}
		}
	}
	for _, h := range s.looseWithPrefix(prefix) {
		if !seen[h] {
			seen[h] = true
			out = append(out, h)
		}
	}
	return out, nil
}

// looseWithPrefix lists loose objects whose hash starts with prefix.
func (s *DB) looseWithPrefix(prefix []byte) []plumbing.Hash {
	if len(prefix) == 0 {
		return nil
	}
	var out []plumbing.Hash
	for _, objects := range s.dirs {
		sub := fmt.Sprintf("%02x", prefix[0])
		entries, err := os.ReadDir(filepath.Join(objects, sub))
		if err != nil {
			continue // no such directory: no loose object there
		}
		for _, e := range entries {
			hex := sub + e.Name()
			if !plumbing.IsHash(hex) {
				continue
			}
			if h := plumbing.NewHash(hex); bytes.HasPrefix(h[:], prefix) {
				out = append(out, h)
			}
		}
	}
	return out
}
