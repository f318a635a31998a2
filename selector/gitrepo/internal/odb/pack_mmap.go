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

// openPack maps base.idx and base.pack and checks that they agree.
func openPack(base string) (*pack, error) {
	var unmaps []func()
	ok := false
	defer func() {
		if !ok {
			for _, u := range unmaps {
				u()
			}
		}
	}()
	idxData, err := mapFile(base+".idx", &unmaps)
	if err != nil {
		return nil, &CorruptError{File: base + ".idx", Err: err}
	}
	ix, err := parsePackIndex(idxData)
	if err != nil {
		return nil, &CorruptError{File: base + ".idx", Err: err}
	}
	data, err := mapFile(base+".pack", &unmaps)
	if err != nil {
		return nil, &CorruptError{File: base + ".pack", Err: err}
	}
	if err := checkPack(data, ix.count); err != nil {
		return nil, &CorruptError{File: base + ".pack", Err: err}
	}
	// The index ends with the checksum of its pack, which ends the pack.
	if !bytes.Equal(idxData[len(idxData)-40:len(idxData)-20], data[len(data)-20:]) {
		return nil, &CorruptError{File: base + ".idx", Err: errors.New("the index does not belong to its pack (their checksums differ)")}
	}
	release := func() {
		for _, u := range unmaps {
			u()
		}
	}
	p := &pack{name: base, idx: ix, data: data, release: release}
	ok = true
	// Nothing outside p points into the mappings (objects are inflated
	// into memory of their own): they go when p goes, or on Close.
	runtime.AddCleanup(p, func(release func()) { release() }, release)
	return p, nil
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
