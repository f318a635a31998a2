package odb

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"sync"
)

// openPack maps base.idx, for the searches; the pack file itself is
// mapped by (*pack).open when the index first lists an object asked for,
// as git opens a pack's index for a lookup and its pack for a read. An
// object found in no pack's index is looked for in every one: mapping and
// unmapping each pack file too was half of that cost (docs/performance.md,
// round 9).
func openPack(base string) (*pack, error) {
	m := &mappings{}
	idxData, err := mapFile(base+".idx", &m.unmaps)
	if err != nil {
		return nil, &CorruptError{File: base + ".idx", Err: err}
	}
	ix, err := parsePackIndex(idxData)
	if err != nil {
		m.release()
		return nil, &CorruptError{File: base + ".idx", Err: err}
	}
	p := &pack{name: base, idx: ix, maps: m}
	// The index ends with the checksum of its pack, which ends the pack.
	copy(p.sum[:], idxData[len(idxData)-40:len(idxData)-20])
	// Nothing outside p points into the mappings (objects are inflated
	// into memory of their own): they go when p goes, or on Close.
	runtime.AddCleanup(p, func(m *mappings) { m.release() }, m)
	return p, nil
}

// mappings are what a pack mapped, released together.
type mappings struct {
	mu     sync.Mutex
	unmaps []func()
}

// add maps name into m.
func (m *mappings) add(name string) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return mapFile(name, &m.unmaps)
}

// release unmaps everything m holds; it is safe to call more than once.
func (m *mappings) release() {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, u := range m.unmaps {
		u()
	}
}

// open maps the pack file, once, and checks that it is the index's: nil
// when it is, an error to report (the pack is then damage) when not.
func (p *pack) open() error {
	p.once.Do(func() {
		data, err := p.maps.add(p.name + ".pack")
		if err == nil {
			err = checkPack(data, p.idx.count)
		}
		if err == nil && !bytes.Equal(p.sum[:], data[len(data)-20:]) {
			err = errors.New("the index does not belong to its pack (their checksums differ)")
		}
		if err != nil {
			p.err = &CorruptError{File: p.name + ".pack", Err: err}
			return
		}
		p.data = data
	})
	return p.err
}

// checkPack checks a pack's header: the signature, version 2 or 3, and
// the number of objects its index has.
func checkPack(data []byte, count int) error {
	if len(data) < 32 || !bytes.Equal(data[:4], []byte("PACK")) {
		return errors.New("not a pack file")
	}
	if v := binary.BigEndian.Uint32(data[4:8]); v != 2 && v != 3 {
		return fmt.Errorf("unsupported pack version %d", v)
	}
	if n := binary.BigEndian.Uint32(data[8:12]); uint64(n) != uint64(count) {
		return fmt.Errorf("%d objects, its index has %d", n, count)
	}
	return nil
}

// mapFile maps a file read-only into memory (its pages are read on demand
// and shared with the page cache, as git does). Where a file cannot be
// mapped (an empty file, a system without mmap) it is read whole.
func mapFile(name string, unmaps *[]func()) ([]byte, error) {
	data, _, err := mapFileStamp(name, unmaps, false)
	return data, err
}

// mapFileStamp is mapFile, and with withStamp the file's stamp
// (graphStamps), "" when the platform gives none.
func mapFileStamp(name string, unmaps *[]func(), withStamp bool) ([]byte, string, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	data, unmap, ok := mmapFile(f.Fd())
	if !ok {
		data, err = io.ReadAll(f)
		if err != nil {
			return nil, "", err
		}
	} else {
		*unmaps = append(*unmaps, sync.OnceFunc(unmap)) // released by Close or by the cleanup, whichever comes first
	}
	st := ""
	if withStamp {
		st = stamp(f, data)
	}
	return data, st, nil
}

// Map maps the open file f read-only, as the packs are mapped; ok is false
// where it cannot be (an empty file, a system without mmap). unmap
// releases the mapping once, however often it is called.
func Map(f *os.File) (data []byte, unmap func(), ok bool) {
	data, unmap, ok = mmapFile(f.Fd())
	if ok {
		unmap = sync.OnceFunc(unmap)
	}
	return data, unmap, ok
}
