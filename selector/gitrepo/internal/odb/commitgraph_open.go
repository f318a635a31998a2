package odb

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// OpenCommitGraph opens the commit-graph of the first object directory
// that has one, as git does: objects/info/commit-graph, else the chain
// of objects/info/commit-graphs/. The files are mapped (only the pages a
// walk touches are read once the checksum is checked, nothing is copied).
// g is nil when there is none, when core.commitGraph is false (git then
// reads none), or when it cannot be trusted; warn then says why
// (a checksum that does not match, sizes that do not hold): the history
// is read from the commit objects instead. A file whose checksum was
// checked by an earlier run and has not changed since is not hashed again
// (graphStamps). release, when not nil,
// releases the mappings: after it g must not be used. It is safe to call
// more than once.
func (s *DB) OpenCommitGraph() (g CommitIndex, release func(), warn error) {
	if s.noCommitGraph {
		return nil, nil, nil
	}
	for _, objects := range s.dirs {
		info := filepath.Join(objects, "info")
		var unmaps []func()
		release := func() {
			for _, u := range unmaps {
				u()
			}
		}
		stamps := s.openStamps()
		g, err := openGraphFiles(info, &unmaps, stamps)
		switch {
		case err == nil && g != nil:
			stamps.save()
			return g, release, nil
		case err != nil:
			release()
			return nil, nil, fmt.Errorf("the commit-graph is ignored: %w", err)
		}
	}
	return nil, nil, nil
}

// openGraphFiles opens info/commit-graph, else the chain; nil, nil when
// there is neither.
func openGraphFiles(info string, unmaps *[]func(), stamps *graphStamps) (*graph, error) {
	single := filepath.Join(info, "commit-graph")
	data, st, err := mapFileStamp(single, unmaps, true)
	if err == nil {
		f, err := parseCommitGraph(data, 0, !stamps.checked(st))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", single, err)
		}
		return newGraph(f), nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	dir := filepath.Join(info, "commit-graphs")
	chain, err := os.ReadFile(filepath.Join(dir, "commit-graph-chain"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var layers []*graphFile
	for i, name := range strings.Fields(string(chain)) {
		if !IsHash(name) || i > 255 {
			return nil, fmt.Errorf("%s: line %d is not a graph's hash", filepath.Join(dir, "commit-graph-chain"), i+1)
		}
		file := filepath.Join(dir, "graph-"+name+".graph")
		data, st, err := mapFileStamp(file, unmaps, true)
		if err != nil {
			return nil, err
		}
		f, err := parseCommitGraph(data, i, !stamps.checked(st))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		if sum := NewHash(name); string(sum[:]) != string(data[len(data)-20:]) {
			return nil, fmt.Errorf("%s: its checksum is not its name", file)
		}
		layers = append(layers, f)
	}
	if len(layers) == 0 {
		return nil, nil
	}
	return newGraph(layers...), nil
}
