package evidence

import (
	"fmt"
	"io/fs"
	"slices"

	"github.com/gatesel/gatesel/internal/gitblob"
)

// GitBlob is git's object id of a file's content: the hex hash of "blob
// SIZE\x00CONTENT", SHA-1 or, for a SHA-256 repository, SHA-256 — what
// `git hash-object` prints, and in-toto's gitBlob digest.
func GitBlob(data []byte, sha256Repo bool) string { return gitblob.Name(data, sha256Repo) }

// PolicyFiles reads the named files of a revision's tree and describes
// each by its path and gitBlob digest, sorted by path. A file that cannot
// be read is an error: the evidence never leaves a policy file out.
// A symbolic link is described by its target's content, as the policy
// read it.
func PolicyFiles(fsys fs.FS, names []string, sha256Repo bool) ([]ResourceDescriptor, error) {
	names = slices.Clone(names)
	slices.Sort(names)
	names = slices.Compact(names)
	out := make([]ResourceDescriptor, 0, len(names))
	for _, n := range names {
		data, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, fmt.Errorf("read policy file %s: %w", n, err)
		}
		out = append(out, ResourceDescriptor{Name: n, Digest: map[string]string{"gitBlob": GitBlob(data, sha256Repo)}})
	}
	return out, nil
}
