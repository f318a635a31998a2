package odb

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/gatesel/gatesel/internal/gittest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func indexBytes(t *testing.T, g *gittest.Repo) []byte {
	data, err := os.ReadFile(filepath.Join(g.Dir, ".git", "index"))
	require.NoError(t, err)
	return data
}

// checkCacheTree compares every valid node of ct (the directory dir) with
// git: its hash is `git rev-parse HEAD:dir` when the node agrees with
// HEAD, and its count the number of files git ls-files lists under dir.
// It returns the directories of the invalid nodes.
func checkCacheTree(t *testing.T, g *gittest.Repo, ct *CacheTree, dir string, invalid *[]string) {
	files := strings.Fields(g.Git("ls-files", "--", cmpOrDot(dir)))
	if ct.Entries < 0 {
		*invalid = append(*invalid, dir)
	} else {
		assert.Equal(t, len(files), ct.Entries, "entries under %q", dir)
		tree := g.Git("write-tree", "--prefix="+dir) // the tree git makes of the index there
		if dir == "" {
			tree = g.Git("write-tree")
		}
		assert.Equal(t, tree, ct.Hash.String(), "tree of %q", dir)
	}
	for name, sub := range ct.Sub {
		checkCacheTree(t, g, sub, dir+name+"/", invalid)
	}
}

func cmpOrDot(dir string) string {
	if dir == "" {
		return "."
	}
	return dir
}

// TestReadCacheTree: the cache-tree git writes with a commit is read with
// git's counts and hashes in every directory; after a staged edit the
// directories above it are invalid and the rest stay valid; an index
// without the extension has none, and a damaged one is an error.
func TestReadCacheTree(t *testing.T) {
	g := gittest.New(t)
	files := map[string]string{"top.txt": "t"}
	for i := range 3 {
		for j := range 3 {
			files["d"+strconv.Itoa(i)+"/e"+strconv.Itoa(j)+"/f.txt"] = "x"
		}
		files["d"+strconv.Itoa(i)+"/g.txt"] = "y"
	}
	g.Commit("one", files)
	data := indexBytes(t, g)
	ct, err := ReadCacheTree(data)
	require.NoError(t, err)
	require.NotNil(t, ct)
	var invalid []string
	checkCacheTree(t, g, ct, "", &invalid)
	assert.Empty(t, invalid)
	assert.Len(t, ct.Sub, 3)
	assert.Equal(t, g.Git("rev-parse", "HEAD^{tree}"), ct.Hash.String())

	g.Write(map[string]string{"d1/e2/f.txt": "changed"})
	g.Git("add", "d1/e2/f.txt")
	ct, err = ReadCacheTree(indexBytes(t, g))
	require.NoError(t, err)
	invalid = nil
	checkCacheTree(t, g, ct, "", &invalid)
	assert.ElementsMatch(t, []string{"", "d1/", "d1/e2/"}, invalid)

	g.Git("read-tree", "HEAD") // primes the whole cache-tree from HEAD
	ct, err = ReadCacheTree(indexBytes(t, g))
	require.NoError(t, err)
	invalid = nil
	checkCacheTree(t, g, ct, "", &invalid)
	assert.Empty(t, invalid)

	// Damage inside the extension: truncated numbers, a name with a slash.
	tree := []byte("TREE")
	i := strings.Index(string(data), string(tree))
	require.Positive(t, i)
	for _, bad := range []func([]byte){
		func(b []byte) { b[i+8+1] = 'x' },        // the root's count is not a number
		func(b []byte) { b[i+8+1] = '-' },        // a count of "-..." that is not -1
		func(b []byte) { b[len(b)-21-19] = '/' }, // somewhere in the last hash or name
	} {
		b := append([]byte(nil), data...)
		bad(b)
		_, err := ReadCacheTree(b)
		if err == nil {
			continue // the byte happened to leave it well-formed
		}
		assert.ErrorIs(t, err, errCacheTree)
	}
}

// FuzzReadCacheTree: any bytes as an index file's TREE extension, read
// without a panic; what reads has no invalid name.
func FuzzReadCacheTree(f *testing.F) {
	g := seedRepo(f)
	f.Add(seedFiles(f, g, "index")[0])
	f.Add([]byte("\x001 0\n"))
	f.Add([]byte("\x00-1 1\nsub\x002 0\n"))
	f.Fuzz(func(t *testing.T, ext []byte) {
		data := ext
		if len(ext) < 4 || string(ext[:4]) != "DIRC" {
			data = indexWithTree(ext)
		}
		ct, err := ReadCacheTree(data)
		if err != nil || ct == nil {
			return
		}
		var check func(*CacheTree, int)
		check = func(c *CacheTree, depth int) {
			if depth > maxCacheTreeDepth+1 || c.Entries < -1 {
				t.Fatalf("depth %d, entries %d", depth, c.Entries)
			}
			for n, s := range c.Sub {
				if n == "" || strings.ContainsAny(n, "/\x00") {
					t.Fatalf("name %q", n)
				}
				check(s, depth+1)
			}
		}
		check(ct, 0)
	})
}

// indexWithTree is an index file of no entries whose one extension is a
// TREE of body ext (its checksum is not checked by the reader).
func indexWithTree(ext []byte) []byte {
	b := []byte("DIRC\x00\x00\x00\x02\x00\x00\x00\x00TREE")
	n := len(ext)
	b = append(b, byte(n>>24), byte(n>>16), byte(n>>8), byte(n))
	b = append(b, ext...)
	return append(b, make([]byte, 20)...)
}
