package odb

import (
	"bytes"
	"compress/zlib"
	"crypto/sha1"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gatesel/gatesel/internal/gittest"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"
	"github.com/stretchr/testify/require"
)

// Fuzz targets of the binary readers (issue 13 item 11). Each checks that
// a reader never panics and never believes a size the input cannot hold,
// and what it answers holds together. Their seeds are real files, written
// by git (seedRepo), and the crashers found (testdata/fuzz/).

// seedRepo is a small packed repository with a commit-graph and a
// version 4 index with a TREE extension, whose files seed the fuzz
// targets.
func seedRepo(f *testing.F) *gittest.Repo {
	g := gittest.PackedHistory(f)
	g.Git("repack", "-a", "-d", "-q")
	g.Git("commit-graph", "write", "--reachable")
	g.Git("update-index", "--index-version=4")
	return g
}

// seedFiles are the files of the seed repository that match glob.
func seedFiles(f *testing.F, g *gittest.Repo, glob string) [][]byte {
	names, err := filepath.Glob(filepath.Join(g.Dir, ".git", glob))
	require.NoError(f, err)
	require.NotEmpty(f, names, glob)
	var out [][]byte
	for _, n := range names {
		data, err := os.ReadFile(n)
		require.NoError(f, err)
		out = append(out, data)
	}
	return out
}

// FuzzPackIndex: a version 1 or 2 pack index is read without a panic and
// without believing its fan-out; what it reads finds itself.
func FuzzPackIndex(f *testing.F) {
	g := seedRepo(f)
	for _, idx := range seedFiles(f, g, "objects/pack/*.idx") {
		f.Add(idx)
		packs, _ := filepath.Glob(filepath.Join(g.Dir, ".git/objects/pack/*.pack"))
		v1 := filepath.Join(f.TempDir(), "v1.idx")
		g.Git("index-pack", "--index-version=1", "-o", v1, packs[0])
		data, err := os.ReadFile(v1)
		require.NoError(f, err)
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ix, err := parsePackIndex(data)
		if err != nil {
			return
		}
		if ix.count*ix.stride > len(data) {
			t.Fatalf("%d objects of %d bytes in a %d-byte file", ix.count, ix.stride, len(data))
		}
		for i := 0; i < ix.count && i < 1000; i++ {
			h := ix.hashAt(i)
			_, ok, err := ix.offset(h)
			if !ok && sortedAt(ix, i) {
				t.Fatalf("hash %d (%s) is not found", i, h)
			}
			if err != nil && !errors.Is(err, errLargeOffset) {
				t.Fatalf("hash %d (%s): %v", i, h, err)
			}
			ix.withPrefix(h[:2])
		}
	})
}

// sortedAt reports whether hash i sits in its fan-out bucket in order, so
// that a search must find it (a damaged index may not be sorted).
func sortedAt(ix *packIndex, i int) bool {
	h := ix.hashAt(i)
	lo := 0
	if h[0] > 0 {
		lo = int(ix.fanout[h[0]-1])
	}
	if i < lo || i >= int(ix.fanout[h[0]]) {
		return false
	}
	for j := lo + 1; j < int(ix.fanout[h[0]]); j++ {
		if bytes.Compare(ix.names[ix.stride*(j-1):ix.stride*(j-1)+20], ix.names[ix.stride*j:ix.stride*j+20]) >= 0 {
			return false
		}
	}
	return true
}

// FuzzPackEntry: an object of a pack — its header, its zlib stream, its
// offset or reference delta chain — is read without a panic, and never
// allocates more than the pack can hold.
func FuzzPackEntry(f *testing.F) {
	g := seedRepo(f)
	seed := seedFiles(f, g, "objects/pack/*.pack")[0]
	for _, off := range []int64{12, 100, 500, int64(len(seed)) / 2, int64(len(seed)) - 30} {
		f.Add(seed, off)
	}
	f.Fuzz(func(t *testing.T, data []byte, off int64) {
		s := &DB{}
		p := &pack{name: "fuzz", data: data, idx: &packIndex{stride: 20}}
		s.mu.Lock()
		defer s.mu.Unlock()
		_, obj, err := s.read(p, off, 0)
		if err == nil && int64(len(obj)) > int64(len(data))*maxDeflateRatio*int64(maxDeltaLen+1) {
			t.Fatalf("a %d-byte object from a %d-byte pack", len(obj), len(data))
		}
	})
}

// FuzzPatchDelta: a delta is applied without a panic and without
// allocating the size it claims; where go-git's PatchDelta also applies
// it, the results agree.
func FuzzPatchDelta(f *testing.F) {
	f.Add([]byte("hello world"), []byte{11, 5, 0x91, 0, 5})                   // copy 5 from 0
	f.Add([]byte("hello world"), []byte{11, 8, 0x90, 5, 3, 'a', 'b', 'c'})    // copy, insert
	f.Add([]byte("abc"), []byte{3, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01}) // a huge claimed size
	f.Fuzz(func(t *testing.T, base, delta []byte) {
		got, err := PatchDelta(base, delta)
		if err != nil {
			return
		}
		if _, rest, ok := deltaSize(delta); ok {
			if dst, _, ok := deltaSize(rest); ok && dst < 1<<20 {
				want, gerr := packfile.PatchDelta(base, delta)
				if gerr == nil && !bytes.Equal(want, got) {
					t.Fatalf("go-git applies it as %q, here %q", want, got)
				}
			}
		}
	})
}

// FuzzCommitGraph: a commit-graph file (its checksum made right, so that
// the structure is what is explored) is read without a panic; its
// positions and parents never leave it.
func FuzzCommitGraph(f *testing.F) {
	g := seedRepo(f)
	f.Add(seedFiles(f, g, "objects/info/commit-graph")[0])
	f.Add(seedFiles(f, gittest.GraphHistory(f), "objects/info/commit-graph")[0])
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) >= 20 {
			data = bytes.Clone(data)
			sum := sha1.Sum(data[:len(data)-20])
			copy(data[len(data)-20:], sum[:])
		}
		gf, err := parseCommitGraph(data, 0, true)
		if err != nil {
			return
		}
		cg := newGraph(gf)
		for pos := 0; pos < cg.n && pos < 1000; pos++ {
			e, err := cg.CommitAt(pos, nil)
			if err != nil {
				continue
			}
			for _, p := range e.Parents {
				if p < 0 || p >= cg.n {
					t.Fatalf("parent %d of %d out of %d", p, pos, cg.n)
				}
			}
			cg.Position(cg.HashAt(pos))
		}
		if _, err := cg.CommitAt(cg.n, nil); err == nil {
			t.Fatal("a position past the end reads")
		}
	})
}

// FuzzCommitHeader: commit and tag headers are read without a panic; a
// commit that reads starts with its tree, and its parents are hashes.
func FuzzCommitHeader(f *testing.F) {
	f.Add([]byte("tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nparent 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor A <a> 1 +0000\ncommitter C <c> 1700000000 +0000\n\nmsg\n"))
	f.Add([]byte("tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\ncommitter C <c> 17179869184 +0000"))
	f.Add([]byte("object 4b825dc642cb6eb9a060e54bf8d69288fbee4904\ntype commit\ntag v1\n"))
	f.Add([]byte("garbage"))
	f.Add([]byte("tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor A <a> 1 +0000\ncommitter " + strings.Repeat("n", 2000) + " <c> -17 +0000\n\n"))
	// git reads an upper-case parent hash as the same commit (get_oid_hex
	// takes either case; rev-list --parents prints it in lower case).
	f.Add([]byte("tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nparent 00A0000000000000000000000000000000000000\n\n"))
	f.Add([]byte("tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nparent 4b825dc642cb6eb9a060e54bf8d69288fbee4904\ncommitter C <c> 5 +0000\nauthor A <a> 1 +0000\n\n"))
	f.Add([]byte("tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nparent 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nparent 4b825dc642cb6eb9a060e54bf8d69288fbee49\ncommitter C <c> 5 +0000\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		when, parents, err := ParseCommitHeader(data)
		// a start that headerEnds accepts reads as the whole commit does
		for i := range min(len(data), 2048) {
			if !headerEnds(data[:i]) {
				continue
			}
			w, ps, e := ParseCommitHeader(data[:i])
			if w != when || !slices.Equal(ps, parents) || (e == nil) != (err == nil) {
				t.Fatalf("the first %d bytes read as %d %v %v, the whole %d %v %v: %q", i, w, ps, e, when, parents, err, data)
			}
		}
		if err == nil {
			if _, ok := HeaderHash(data, "tree "); !ok {
				t.Fatalf("a commit without a tree line reads: %q", data)
			}
			for _, p := range parents {
				if !strings.Contains(strings.ToLower(string(data)), "parent "+p.String()) {
					t.Fatalf("parent %s is not in the commit", p)
				}
			}
		}
		HeaderHash(data, "object ")
	})
}

// FuzzLooseObject: a loose object file is inflated without a panic and
// without allocating the size its header claims beyond what the file holds.
func FuzzLooseObject(f *testing.F) {
	for _, raw := range []string{"blob 5\x00hello", "commit 0\x00", "tree 99999999999\x00", "blob 3\x00toolong"} {
		var b bytes.Buffer
		w := zlib.NewWriter(&b)
		w.Write([]byte(raw))
		w.Close()
		f.Add(b.Bytes())
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		typ, data, err := DecodeLoose(raw)
		if err != nil {
			return
		}
		if int64(len(data)) > int64(len(raw))*maxDeflateRatio {
			t.Fatalf("%d bytes from a %d-byte file", len(data), len(raw))
		}
		if typ != plumbing.CommitObject && typ != plumbing.TreeObject && typ != plumbing.BlobObject && typ != plumbing.TagObject {
			t.Fatalf("type %v", typ)
		}
	})
}

// FuzzIndex: an index file, with its extensions, is read without a panic;
// an index that reads has only paths git accepts, and its extensions
// are listed; the names IndexNames reads fast are the decoder's, and only
// of an index that decodes.
func FuzzIndex(f *testing.F) {
	g := seedRepo(f)
	f.Add(seedFiles(f, g, "index")[0])
	g.Git("update-index", "--index-version=2")
	f.Add(seedFiles(f, g, "index")[0])
	g.Git("update-index", "--split-index")
	f.Add(seedFiles(f, g, "index")[0])
	f.Fuzz(func(t *testing.T, data []byte) {
		idx, err := DecodeIndex(data)
		names, namesErr := indexNames(data)
		if (err == nil) != (namesErr == nil) {
			t.Fatalf("the index decodes (%v) and its names do not, or the other way (%v)", err, namesErr)
		}
		if err != nil {
			return
		}
		if len(names) != len(idx.Entries) {
			t.Fatalf("%d names of %d entries", len(names), len(idx.Entries))
		}
		for i, e := range idx.Entries {
			if names[i] != e.Name {
				t.Fatalf("name %d: %q, the entry's %q", i, names[i], e.Name)
			}
		}
		if _, err := ScanIndex(data); err != nil {
			t.Fatalf("the index decodes but does not scan: %v", err)
		}
		for _, e := range idx.Entries {
			if !ValidIndexPath(e.Name) {
				t.Fatalf("path %q", e.Name)
			}
		}
	})
}
