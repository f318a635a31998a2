//go:build linux

package odb

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gatesel/gatesel/internal/gittest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// noRacyMargin records files however recently they changed, for the
// duration of the test (the tests write them just before they read them).
func noRacyMargin(t *testing.T) {
	old, oldCoarse := racyMargin, coarseMargin
	racyMargin, coarseMargin = 0, 0
	t.Cleanup(func() { racyMargin, coarseMargin = old, oldCoarse })
}

func openGraph(t *testing.T, g *gittest.Repo) error {
	cg, release, warn := openDB(t, g).OpenCommitGraph()
	if release != nil {
		release()
	}
	if warn == nil {
		require.NotNil(t, cg)
	}
	return warn
}

// damageInPlace flips a byte of the commits' data, leaving the checksum
// trailer alone, in the same file (same inode).
func damageInPlace(t *testing.T, name string) {
	require.NoError(t, os.Chmod(name, 0o644))
	f, err := os.OpenFile(name, os.O_RDWR, 0)
	require.NoError(t, err)
	defer f.Close()
	fi, err := f.Stat()
	require.NoError(t, err)
	b := make([]byte, 1)
	at := fi.Size() - 21 // the last byte before the trailer (a chunk's)
	_, err = f.ReadAt(b, at)
	require.NoError(t, err)
	b[0] ^= 0x40
	_, err = f.WriteAt(b, at)
	require.NoError(t, err)
}

// TestGraphStampRecorded: a commit-graph whose checksum was checked is
// recorded in gatesel/graph-verified, one line naming it; opening it again
// leaves the record as it is.
func TestGraphStampRecorded(t *testing.T) {
	noRacyMargin(t)
	g := gittest.GraphHistory(t)
	record := filepath.Join(g.Dir, ".git", "gatesel", graphRecord)
	require.NoError(t, openGraph(t, g))
	data, err := os.ReadFile(record)
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	require.Len(t, lines, 1)
	assert.Contains(t, lines[0], filepath.Join(".git", "objects", "info", "commit-graph"))
	fi, err := os.Stat(record)
	require.NoError(t, err)
	require.NoError(t, openGraph(t, g))
	fi2, err := os.Stat(record)
	require.NoError(t, err)
	assert.True(t, os.SameFile(fi, fi2), "an unchanged record is not written again")
}

// TestGraphStampChangedFile: a file damaged in place after it was
// recorded (same inode, same trailer) has a new change time, so its
// checksum is computed again and the damage found.
func TestGraphStampChangedFile(t *testing.T) {
	noRacyMargin(t)
	g := gittest.GraphHistory(t)
	require.NoError(t, openGraph(t, g))
	damageInPlace(t, filepath.Join(g.Dir, ".git/objects/info/commit-graph"))
	warn := openGraph(t, g)
	require.Error(t, warn)
	assert.Contains(t, warn.Error(), "checksum mismatch")
}

// TestGraphStampSkipsCheck: the record is what is trusted. A damaged file
// whose identity is recorded by hand is read without its checksum being
// computed (the damage is not seen), and the same file without the record
// is refused. This is the cost the record saves.
func TestGraphStampSkipsCheck(t *testing.T) {
	noRacyMargin(t)
	g := gittest.GraphHistory(t)
	name := filepath.Join(g.Dir, ".git/objects/info/commit-graph")
	damageInPlace(t, name)
	warn := openGraph(t, g)
	require.Error(t, warn, "not recorded: checked, and refused")
	f, err := os.Open(name)
	require.NoError(t, err)
	data, err := os.ReadFile(name)
	require.NoError(t, err)
	line := stamp(f, data)
	require.NoError(t, f.Close())
	require.NotEmpty(t, line)
	require.NoError(t, os.MkdirAll(filepath.Join(g.Dir, ".git", "gatesel"), 0o777))
	require.NoError(t, os.WriteFile(filepath.Join(g.Dir, ".git", "gatesel", graphRecord), []byte(line+"\n"), 0o666))
	require.NoError(t, openGraph(t, g), "recorded: not checked")
}

// TestRacyFor: a change time on a whole second (a file system that keeps
// seconds, or FAT's two) takes the coarse margin, any other the fine one.
func TestRacyFor(t *testing.T) {
	assert.Equal(t, coarseMargin, racyFor(time.Unix(1796305449, 0)))
	assert.Equal(t, racyMargin, racyFor(time.Unix(1796305449, 309463685)))
	assert.Equal(t, racyMargin, racyFor(time.Unix(1796305449, 1)))
	assert.Greater(t, coarseMargin, 2*time.Second, "FAT keeps times in two seconds")
	assert.GreaterOrEqual(t, racyMargin, 10*10*time.Millisecond, "ten ticks of a 100 Hz clock")
}

// TestGraphStampRacy: a file changed within racyMargin is checked and not
// recorded.
func TestGraphStampRacy(t *testing.T) {
	old := racyMargin
	racyMargin = time.Hour
	t.Cleanup(func() { racyMargin = old })
	g := gittest.GraphHistory(t)
	require.NoError(t, openGraph(t, g))
	_, err := os.Stat(filepath.Join(g.Dir, ".git", "gatesel", graphRecord))
	assert.ErrorIs(t, err, os.ErrNotExist, "the commit-graph was written just now")
}

// TestGraphStampPastMargin: with the margins as they ship, a commit-graph
// is recorded as soon as it is older than its margin (100 ms where the
// file system keeps times finer than a second).
func TestGraphStampPastMargin(t *testing.T) {
	g := gittest.GraphHistory(t)
	f, err := os.Open(filepath.Join(g.Dir, ".git", "objects", "info", "commit-graph"))
	require.NoError(t, err)
	_, changed, ok := fileIdentity(f)
	require.NoError(t, f.Close())
	if !ok {
		t.Skip("this platform gives no change time: every run checks the checksum")
	}
	if changed.Nanosecond() != 0 {
		require.Equal(t, 100*time.Millisecond, racyFor(changed), "a file system with sub-second times")
	}
	time.Sleep(time.Until(changed.Add(racyFor(changed) + 10*time.Millisecond)))
	require.NoError(t, openGraph(t, g))
	_, err = os.Stat(filepath.Join(g.Dir, ".git", "gatesel", graphRecord))
	assert.NoError(t, err, "recorded once past its margin")
}

// TestGraphStampReadOnly: a record that cannot be written costs only the
// check: the commit-graph is read all the same.
func TestGraphStampReadOnly(t *testing.T) {
	noRacyMargin(t)
	g := gittest.GraphHistory(t)
	require.NoError(t, os.WriteFile(filepath.Join(g.Dir, ".git", "gatesel"), nil, 0o666)) // a file where the directory would be
	require.NoError(t, openGraph(t, g))
	require.NoError(t, openGraph(t, g))
}
