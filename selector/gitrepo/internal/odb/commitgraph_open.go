package odb

import (
	"bytes"
	"io"
	"path/filepath"

	cgraph "github.com/go-git/go-git/v5/plumbing/format/commitgraph/v2"
)

// OpenCommitGraph opens the repository's commit-graph, nil when it has
// none that can be read. A single file is mapped (only the pages a walk
// touches are read, nothing is copied) and read by graphFile; a file
// graphFile does not read, and a chain of files (commit-graphs/), go to
// go-git. release, when not nil, releases the mapping: after it the index
// must not be used. It is safe to call more than once.
func (s *DB) OpenCommitGraph() (g CommitIndex, release func()) {
	if s.objects != "" {
		var unmaps []func()
		if data, err := mapFile(filepath.Join(s.objects, "info", "commit-graph"), &unmaps); err == nil {
			release := func() {
				for _, u := range unmaps {
					u()
				}
			}
			if g := openGraph(data); g != nil {
				return g, release
			}
			release()
		}
	}
	fsys := s.fs.Filesystem()
	if f, err := fsys.Open("objects/info/commit-graph"); err == nil {
		data, err := io.ReadAll(f)
		f.Close()
		if err == nil {
			return openGraph(data), nil
		}
	} else if idx, err := cgraph.OpenChainIndex(fsys); err == nil {
		return goGitGraph{idx}, nil
	}
	return nil, nil
}

// openGraph reads a commit-graph file with graphFile, else with go-git;
// nil when neither can.
func openGraph(data []byte) CommitIndex {
	if g, err := parseCommitGraph(data); err == nil {
		return g
	}
	if idx, err := cgraph.OpenFileIndex(memReaderAt{bytes.NewReader(data)}); err == nil {
		return goGitGraph{idx}
	}
	return nil
}

type memReaderAt struct{ *bytes.Reader }

func (memReaderAt) Close() error { return nil }
