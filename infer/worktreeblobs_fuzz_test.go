//go:build linux

package infer

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/gatesel/gatesel/internal/gitblob"
)

// FuzzWorkTreeBlob: one read of a work-tree file gives its bytes (up to
// blobRead), gitblob names them as git does (go-git's hash of a blob
// object), and blob takes what it read for a tree's blob, SHA-1 or
// SHA-256, exactly when those bytes are that blob's.
func FuzzWorkTreeBlob(f *testing.F) {
	f.Add([]byte("package a\n\nimport \"fmt\"\n"), []byte("package a\n"))
	f.Add([]byte{}, []byte{0})
	f.Add(bytes.Repeat([]byte("x"), headChunk+1), bytes.Repeat([]byte("x"), headChunk))
	f.Add(bytes.Repeat([]byte("y"), blobRead+1), bytes.Repeat([]byte("y"), blobRead))
	// a buffer grown past blobRead by an earlier file (found by CI's run)
	f.Add(bytes.Repeat([]byte("z"), blobRead+1), bytes.Repeat([]byte("z"), blobRead+1))
	f.Fuzz(func(t *testing.T, data, other []byte) {
		if len(data) > 2*blobRead {
			return
		}
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "a.go"), data, 0o644); err != nil {
			t.Fatal(err)
		}
		want := plumbing.ComputeHash(plumbing.BlobObject, data).String()
		if got := gitblob.Name(data, false); got != want {
			t.Fatalf("gitblob.Name %s, git's %s", got, want)
		}
		d := openNoLinksDir(dir)
		if d == nil {
			t.Fatal("openat2 refused: the work tree would never be read")
		}
		defer d.close()
		buf := make([]byte, 0, len(other))
		read, ok := d.readOnce("a.go", &buf)
		if !ok || !bytes.Equal(read, data[:min(len(data), blobRead)]) {
			t.Fatalf("readOnce: %v %q, want %q", ok, read, data)
		}
		if got, ok := d.blob("a.go", want, &buf); ok != (len(data) <= blobRead) || ok && !bytes.Equal(got, data) {
			t.Fatalf("blob of its own hash: %v %q", ok, got)
		}
		// taken exactly when what one read gives is the other content
		for _, otherHash := range []string{plumbing.ComputeHash(plumbing.BlobObject, other).String(), gitblob.Name(other, true)} {
			if got, ok := d.blob("a.go", otherHash, &buf); ok != bytes.Equal(data[:min(len(data), blobRead)], other) || ok && !bytes.Equal(got, other) {
				t.Fatalf("blob of another content's hash %s: %v", otherHash, ok)
			}
		}
	})
}
