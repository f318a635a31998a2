package odb

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

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

	once   sync.Once
	mu     sync.Mutex // guards the packs' caches and the zlib reader and its source
	packs  []*packFile
	hit    atomic.Int32  // the pack the last object was found in, searched first
	closed bool          // Close was called: every read fails with ErrClosed
	zr     io.ReadCloser // a zlib reader reused through zlib.Resetter
	zsrc   bytes.Reader  // its source, reused too
	// Promisor is the remote a partial clone fetches missing objects from
	// (remote.NAME.promisor, extensions.partialClone), "" when the clone is
	// complete; Filter is its filter (remote.NAME.partialclonefilter).
	Promisor, Filter string
	// Sparse: the repository's configuration sets core.sparseCheckout.
	Sparse bool
	// noCommitGraph: the repository's configuration sets core.commitGraph
	// to false, and OpenCommitGraph opens none, as git reads none.
	noCommitGraph bool
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

// packFile is a pack of the object directories: its index is opened
// (openPack) the first time a search reaches it, as git opens a pack's
// index when a lookup first needs it, and its pack file when the index
// first lists an object asked for ((*pack).open). A clone that
// fetched for months has dozens of packs, and a small change is in the
// newest: opening and unmapping all 42 of such a clone of vue was 39 % of
// a one-commit pair (docs/performance.md, round 9).
type packFile struct {
	base  string // the path without ".idx"
	mtime int64  // the .pack's modification time: newer packs are searched first
	once  sync.Once
	p     *pack
	err   error // the pack could not be opened (a CorruptError), or ErrClosed
}

// open opens the pack once; nil when it could not be.
func (f *packFile) open() *pack {
	f.once.Do(func() { f.p, f.err = openPack(f.base) })
	return f.p
}

// load lists the packs of every object directory the first time an object
// is asked for, in git's order: the repository's own before its
// alternates', each directory's newest first. A pack that cannot be opened
// is damage: an object found nowhere else is then a CorruptError, not
// "not found".
func (s *DB) load() {
	s.once.Do(func() {
		for _, objects := range s.dirs {
			dir := filepath.Join(objects, "pack")
			entries, err := os.ReadDir(dir)
			if err != nil {
				continue
			}
			var packs []*packFile
			for _, e := range entries {
				name, ok := strings.CutSuffix(e.Name(), ".idx")
				if !ok || !strings.HasPrefix(name, "pack-") {
					continue
				}
				packs = append(packs, &packFile{base: filepath.Join(dir, name)})
			}
			if len(packs) > 1 {
				for _, f := range packs {
					if fi, err := os.Stat(f.base + ".pack"); err == nil {
						f.mtime = fi.ModTime().UnixNano()
					}
				}
				slices.SortStableFunc(packs, func(a, b *packFile) int { return cmp.Compare(b.mtime, a.mtime) })
			}
			s.packs = append(s.packs, packs...)
		}
	})
}

// find returns the pack and offset of h; an index that lists h with an
// offset it does not hold is a *CorruptError, never "not found". The pack
// of the last object found is searched first, then the others in order.
func (s *DB) find(h plumbing.Hash) (*pack, int64, bool, error) {
	s.load()
	if s.closed || len(s.packs) == 0 {
		return nil, 0, false, nil
	}
	first := int(s.hit.Load())
	if p, off, ok, err := s.findIn(first, h); ok || err != nil {
		return p, off, ok, err
	}
	for j := range s.packs {
		if j == first {
			continue
		}
		if p, off, ok, err := s.findIn(j, h); ok || err != nil {
			return p, off, ok, err
		}
	}
	return nil, 0, false, nil
}

// findIn is find in the pack j alone, which it opens; one that cannot be
// opened has nothing (notFound says why).
func (s *DB) findIn(j int, h plumbing.Hash) (*pack, int64, bool, error) {
	p := s.packs[j].open()
	if p == nil {
		return nil, 0, false, nil
	}
	off, ok, err := p.idx.offset(h)
	if err != nil {
		return nil, 0, false, &CorruptError{Object: h, File: p.name + ".idx", Err: err}
	}
	if !ok || p.open() != nil { // a pack file that cannot be read is passed over, as git's is_pack_valid
		return nil, 0, false, nil
	}
	s.hit.Store(int32(j))
	return p, off, true, nil
}

// damage is the first pack that could not be opened, index or pack file,
// opening each that was not yet (an object found nowhere, a short hash:
// the answer may be in it); nil when all were.
func (s *DB) damage() error {
	for _, f := range s.packs {
		p := f.open()
		if p == nil {
			if errors.Is(f.err, ErrClosed) {
				continue
			}
			return f.err
		}
		if err := p.open(); err != nil {
			return err
		}
	}
	return nil
}

// notFound is the error for an object found nowhere: a CorruptError when
// a pack could not be read (the object may be in it), else a
// *NotFoundError.
func (s *DB) notFound(h plumbing.Hash) error {
	if s.closed {
		return ErrClosed
	}
	if err := s.damage(); err != nil {
		return &CorruptError{Object: h, Err: fmt.Errorf("object not found, and %w", err)}
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
	if err := s.damage(); err != nil {
		return nil, &CorruptError{Err: err}
	}
	seen := map[plumbing.Hash]bool{}
	var out []plumbing.Hash
	for _, f := range s.packs {
		for _, h := range f.p.idx.withPrefix(prefix) {
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
