package odb

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// IndexNames lists the paths of the index's entries, in the index's order
// (conflict stages repeat a path), as Index would: for listing the tracked
// files (inference's manifests). It decodes gatesel's Entry
// (DecodeEntries: the same checks) rather than go-git's, whose two
// time.Time an entry and second allocation were a quarter of the listing
// on terraform's 5,457 entries.
func (s *DB) IndexNames() ([]string, error) {
	data, err := os.ReadFile(filepath.Join(s.gitDir, "index"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil // no index: Index's answer (an empty one)
	}
	if err != nil {
		return nil, err
	}
	entries, err := DecodeEntries(data)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(entries))
	for i := range entries {
		out[i] = entries[i].Name
	}
	return out, nil
}
