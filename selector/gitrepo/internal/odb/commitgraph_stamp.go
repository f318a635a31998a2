package odb

import (
	"encoding/hex"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// The checksum of a commit-graph (the SHA-1 of the whole file, in its last
// 20 bytes) is what tells a damaged file from a sound one, and computing
// it cost more than the rest of a small diff: 6.8 ms for moby's 4 MB file
// on the development machine, where git's whole diff of a one-commit pair
// takes 2–3 ms (git itself does not check it on read, only `git
// commit-graph verify` does). So a file whose checksum was checked once is
// recorded, by its identity, in the repository's gatesel/graph-verified,
// and a later run that finds the same identity does not hash it again.
//
// The identity is the device, inode, size, modification and change times
// of the file and its checksum trailer. git never rewrites a commit-graph
// in place: it writes a new file and renames it over the old one, which
// gives a new inode; an edit in place changes the change time, which no
// program can set back. Any difference and the checksum is computed
// again; a record that cannot be read or written costs only that. A file
// changed less than racyFor ago is not recorded: two writes within one
// tick of the file system's clock would give the same times (git's
// "racily clean" index entries, the same problem). Where the platform
// gives no inode and change time (fileIdentity), every run checks the
// checksum.
const graphRecord = "graph-verified"

// racyMargin is how long ago a file must have changed to be recorded, on
// a file system that keeps its times finer than a second (Linux takes
// them from a clock that ticks every 1-10 ms); coarseMargin is the margin
// where the change time falls on a whole second, as it does where times
// are kept in seconds (or FAT's two). The margin was one second for every
// file: a benchmark (or a CI job) that wrote a commit-graph and then ran
// gatesel for less than a second hashed the whole file on every run,
// which was most of a small pair's diff (docs/performance.md, round 6).
var racyMargin, coarseMargin = 100 * time.Millisecond, 3 * time.Second

// racyFor is the margin of a file that changed at changed.
func racyFor(changed time.Time) time.Duration {
	if changed.Nanosecond() == 0 {
		return coarseMargin
	}
	return racyMargin
}

// graphStamps is the record of checked commit-graph files.
type graphStamps struct {
	path  string          // "" when there is no record to read or write
	old   string          // its contents
	known map[string]bool // its lines
	now   []string        // the stamps of the files opened this time, in order
}

// openStamps reads the record of the repository (the first object
// directory's parent: the git directory, or a worktree's common one).
func (s *DB) openStamps() *graphStamps {
	st := &graphStamps{known: map[string]bool{}}
	if len(s.dirs) == 0 {
		return st
	}
	st.path = filepath.Join(filepath.Dir(s.dirs[0]), "gatesel", graphRecord)
	if data, err := os.ReadFile(st.path); err == nil {
		st.old = string(data)
		for _, line := range strings.Split(st.old, "\n") {
			if line != "" {
				st.known[line] = true
			}
		}
	}
	return st
}

// stamp is the line recording the file f mapped as data, "" when the
// platform gives no identity.
func stamp(f *os.File, data []byte) string {
	id, changed, ok := fileIdentity(f)
	if !ok || len(data) < 20 || time.Since(changed) < racyFor(changed) {
		return ""
	}
	abs, err := filepath.Abs(f.Name())
	if err != nil {
		return ""
	}
	return "v1 " + hex.EncodeToString(data[len(data)-20:]) + " " + id + " " + strconv.Quote(abs)
}

// checked reports whether the file of stamp st was checked before, and
// keeps st for save.
func (st *graphStamps) checked(stamp string) bool {
	if stamp == "" {
		return false
	}
	st.now = append(st.now, stamp)
	return st.known[stamp]
}

// save writes the stamps of the files opened now (all of them checked:
// a file that fails is never saved, as the commit-graph is then ignored),
// unless the record holds exactly them already. It writes a new file and
// renames it, so that a concurrent run reads the old record or the new.
func (st *graphStamps) save() {
	content := strings.Join(st.now, "\n") + "\n"
	if st.path == "" || len(st.now) == 0 || content == st.old {
		return
	}
	dir := filepath.Dir(st.path)
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return
	}
	tmp, err := os.CreateTemp(dir, graphRecord+".*")
	if err != nil {
		return
	}
	_, err = tmp.WriteString(content)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), st.path)
	}
	if err != nil {
		_ = os.Remove(tmp.Name())
	}
}
