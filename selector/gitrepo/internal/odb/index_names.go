package odb

import "io"

// IndexNames lists the paths of the index's entries, in the index's order
// (conflict stages repeat a path), as Index would: for listing the tracked
// files (inference's manifests). DecodeIndex reads the entries in place
// (decodeIndex), so a large index costs one allocation per entry.
func (s *DB) IndexNames() ([]string, error) {
	f, err := s.fs.Filesystem().Open("index")
	if err != nil {
		return s.names()
	}
	data, err := io.ReadAll(f)
	f.Close()
	if err != nil {
		return nil, err
	}
	idx, err := DecodeIndex(data)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(idx.Entries))
	for i, e := range idx.Entries {
		out[i] = e.Name
	}
	return out, nil
}

// names is Index's names when there is no index file.
func (s *DB) names() ([]string, error) {
	idx, err := s.Index()
	if err != nil {
		return nil, err
	}
	out := make([]string, len(idx.Entries))
	for i, e := range idx.Entries {
		out[i] = e.Name
	}
	return out, nil
}
