package odb

import (
	"bytes"
	"encoding/binary"
	"fmt"
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
		return nil, err
	}
	ix, err := parsePackIndex(idxData)
	if err != nil {
		return nil, fmt.Errorf("%s.idx: %w", base, err)
	}
	data, err := mapFile(base+".pack", &unmaps)
	if err != nil {
		return nil, err
	}
	if len(data) < 32 || !bytes.Equal(data[:4], []byte("PACK")) {
		return nil, fmt.Errorf("%s.pack: not a pack file", base)
	}
	if v := binary.BigEndian.Uint32(data[4:8]); v != 2 && v != 3 {
		return nil, fmt.Errorf("%s.pack: unsupported version %d", base, v)
	}
	if n := binary.BigEndian.Uint32(data[8:12]); int(n) != ix.count {
		return nil, fmt.Errorf("%s.pack: %d objects, its index has %d", base, n, ix.count)
	}
	// The index ends with the checksum of its pack, which ends the pack.
	if !bytes.Equal(idxData[len(idxData)-40:len(idxData)-20], data[len(data)-20:]) {
		return nil, fmt.Errorf("%s.idx does not belong to its pack", base)
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

// mapFile maps a file read-only into memory (its pages are read on demand
// and shared with the page cache, as git does). Where files cannot be
// mapped the pack is left to go-git rather than read whole.
func mapFile(name string, unmaps *[]func()) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, unmap, ok := mmapFile(f.Fd())
	if !ok {
		return nil, fmt.Errorf("map %s: not supported", name)
	}
	*unmaps = append(*unmaps, sync.OnceFunc(unmap)) // released by Close or by the cleanup, whichever comes first
	return data, nil
}
