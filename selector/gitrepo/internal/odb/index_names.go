package odb

// IndexNames lists the paths of the index's entries, in the index's order
// (conflict stages repeat a path), as Index would: for listing the tracked
// files (inference's manifests), with DecodeEntries's checks. It keeps
// the names alone (walkEntries), not go-git's entries, whose two time.Time
// an entry and second allocation were a quarter of the listing on
// terraform's 5,457 entries, nor gatesel's.
func (s *DB) IndexNames() ([]string, error) {
	data, found, err := s.indexFile()
	if err != nil || !found {
		return nil, err // no index: Index's answer (an empty one)
	}
	return indexNames(data)
}

// indexNames is IndexNames of the index file's bytes.
func indexNames(data []byte) ([]string, error) {
	var names []string
	if _, err := walkChecked(data, func(count, i int, e *Entry) {
		if i == 0 {
			names = make([]string, 0, count)
		}
		names = append(names, e.Name)
	}); err != nil {
		return nil, err
	}
	return names, nil
}
