package odb

// IndexNames lists the paths of the index's entries, in the index's order
// (conflict stages repeat a path), as Index would: for listing the tracked
// files (inference's manifests). Index reads the entries in place
// (decodeIndex), so a large index costs one allocation per entry.
func (s *DB) IndexNames() ([]string, error) {
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
