package odb

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// IndexNames lists the paths of the index's entries, in the index's order
// (conflict stages repeat a path), as Index would: for listing the tracked
// files (inference's manifests), with DecodeEntries's checks. It keeps
// the names alone (walkEntries), not go-git's entries, whose two time.Time
// an entry and second allocation were a quarter of the listing on
// terraform's 5,457 entries, nor gatesel's.
func (s *DB) IndexNames() ([]string, error) {
	data, err := os.ReadFile(filepath.Join(s.gitDir, "index"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil // no index: Index's answer (an empty one)
	}
	if err != nil {
		return nil, err
	}
	return indexNames(data)
}

// indexNames is IndexNames of the index file's bytes.
func indexNames(data []byte) ([]string, error) {
	if err := checkIndex(data); err != nil {
		return nil, err
	}
	var names []string
	if _, err := walkEntries(data, func(count, _ int, e *Entry) {
		if names == nil {
			names = make([]string, 0, count)
		}
		names = append(names, e.Name)
	}); err != nil {
		return nil, &IndexFormatError{Err: err}
	}
	if err := checkIndexPaths(len(names), func(i int) string { return names[i] }); err != nil {
		return nil, err
	}
	return names, nil
}
