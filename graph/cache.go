package graph

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gatesel/gatesel/internal/safefs"
)

// The policy cache. Loading a 10,000-service policy costs more CPU than
// the selection of a small change (docs/performance.md, "Policy load,
// round 2"); most runs load a policy that an earlier run on the same
// machine loaded already. So LoadCached keeps what Load returned, the
// graph and its warnings, in a file of a directory (the selector uses the
// repository's .git/gatesel/policy-cache), and returns it again while
// every input of the load is the same.
//
// The key is every input of the load: the name and the SHA-256 of the
// content of every policy file read (the root file and each fragment, in
// order), where each led through its symbolic links, the root file's
// include: globs and what they match now, the format of the file
// (cacheFormat) and the build of gatesel (buildKey: the executable's
// build information, size and modification time, so a rebuilt binary
// never reads what another wrote). A lookup reads the policy files as
// Load would, expands the include globs again and compares all of it with
// the entry's record; any difference is a miss. The record is read only
// from an entry whose SHA-256 trailer matches its bytes: a damaged,
// truncated or foreign file, or one of another format or build, is a
// miss, never an error. A miss loads the policy (Load) and writes a new
// entry: to a temporary file in the directory, renamed into place, so a
// reader sees a whole entry or none, and two processes writing the same
// inputs write the same bytes to the same name. Failing to create,
// write or rename (a read-only .git) only costs the next run a miss.
//
// Not cached: a load that fails (the errors are recomputed, every time),
// and a policy with infer: (its services come from the manifests of the
// whole tree, which would all be inputs).
const cacheFormat = 2

// cacheMagic starts every entry.
const cacheMagic = "gatesel policy cache\n"

// maxCacheEntries bounds the directory: past it, the oldest entries go.
const maxCacheEntries = 16

// maxEntryBytes bounds an entry: four times the policy files' own bound
// (an entry is about the size of the files). A larger file is not read.
const maxEntryBytes = 4 * maxPolicyBytes

// LoadCached is Load with the policy cache in dir (see above); with dir
// "" it is Load. Its result is Load's, always: the same graph, the same
// warnings, the same errors.
func LoadCached(fsys fs.FS, name, dir string) (*Graph, []Warning, error) {
	build := buildKey()
	if dir == "" || build == "" {
		return Load(fsys, name)
	}
	name = strings.TrimPrefix(path.Clean(name), "/")
	data, res, err := safefs.ReadLinked(fsys, name, maxFileSize)
	if err != nil {
		return Load(fsys, name) // Load reports it
	}
	root := newCacheInput(name, data, res)
	prefix := root.prefix(build)
	if g, warns, ok := lookup(fsys, dir, prefix, build, root); ok {
		return g, warns, nil
	}
	inputs := []cacheInput{root}
	g, warns, err := load(fsys, name, fsys, &policyFile{name, data, res}, func(f policyFile) {
		inputs = append(inputs, newCacheInput(f.name, f.data, f.res))
	})
	if err != nil || g.Infer != nil {
		return g, warns, err
	}
	store(dir, prefix, build, inputs, g, warns)
	return g, warns, nil
}

// cacheInput is one policy file read by a load.
type cacheInput struct {
	name  string
	res   safefs.Resolved
	sum   [sha256.Size]byte
	bytes int
}

func newCacheInput(name string, data []byte, res safefs.Resolved) cacheInput {
	return cacheInput{name: name, res: res, sum: sha256.Sum256(data), bytes: len(data)}
}

func (a cacheInput) equal(b cacheInput) bool {
	return a.name == b.name && a.res.Path == b.res.Path && slices.Equal(a.res.Links, b.res.Links) && a.sum == b.sum && a.bytes == b.bytes
}

// prefix is the first half of the names of the entries of this root
// file: the format, the build and the root file.
func (a cacheInput) prefix(build string) string {
	var e cacheEncoder
	e.uint(cacheFormat)
	e.str(build)
	e.input(a)
	sum := sha256.Sum256(e.buf)
	return hex.EncodeToString(sum[:16])
}

// entryName is an entry's file name: the prefix and a hash of all inputs.
func entryName(prefix string, inputs []cacheInput) string {
	var e cacheEncoder
	for _, in := range inputs {
		e.input(in)
	}
	sum := sha256.Sum256(e.buf)
	return prefix + "-" + hex.EncodeToString(sum[:16])
}

// lookup finds the entry of the inputs: one whose name starts with prefix,
// whose bytes match their checksum, and whose record of inputs is what
// reading fsys gives now.
func lookup(fsys fs.FS, dir, prefix, build string, root cacheInput) (*Graph, []Warning, bool) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, false
	}
	// the entries of this root file, newest first: the one a run just
	// wrote is tried before older ones (the names after the prefix are
	// hashes, in no useful order); at most four are read
	type candidate struct {
		name string
		mod  time.Time
	}
	var cands []candidate
	for _, de := range entries {
		if !strings.HasPrefix(de.Name(), prefix+"-") || !de.Type().IsRegular() {
			continue
		}
		if info, err := de.Info(); err == nil && info.Size() <= maxEntryBytes {
			cands = append(cands, candidate{de.Name(), info.ModTime()})
		}
	}
	slices.SortStableFunc(cands, func(a, b candidate) int { return b.mod.Compare(a.mod) })
	for _, c := range cands[:min(len(cands), 4)] {
		data, err := os.ReadFile(filepath.Join(dir, c.name))
		if err != nil {
			continue
		}
		body, ok := verifyEntry(data)
		if !ok {
			continue
		}
		g, warns, err := decodeEntry(body, build, func(inputs []cacheInput, includes []string) bool {
			return current(fsys, root, inputs, includes)
		})
		if err == nil {
			return g, warns, true
		}
	}
	return nil, nil, false
}

// current reports whether inputs, recorded with the include globs
// includes, are what loading fsys reads now: the same root file, and the
// include globs matching the same fragments (eachFragment, as Load walks
// them), each the same file.
func current(fsys fs.FS, root cacheInput, inputs []cacheInput, includes []string) bool {
	if len(inputs) == 0 || !inputs[0].equal(root) {
		return false
	}
	scratch := &errorList{}
	incs := make([]ref, len(includes))
	for i, inc := range includes {
		incs[i] = ref{name: inc}
	}
	i, same := 1, true
	eachFragment(fsys, root.name, incs, scratch, func(_ ref, frag string) bool {
		if i < len(inputs) && inputs[i].name == frag {
			data, res, err := safefs.ReadLinked(fsys, frag, maxFileSize)
			if same = err == nil && newCacheInput(frag, data, res).equal(inputs[i]); same {
				i++
			}
		} else {
			same = false
		}
		return same
	})
	return same && i == len(inputs) && !scratch.failed()
}

// verifyEntry checks an entry's trailer and returns the bytes before it.
func verifyEntry(data []byte) ([]byte, bool) {
	if len(data) < len(cacheMagic)+sha256.Size || !bytes.HasPrefix(data, []byte(cacheMagic)) {
		return nil, false
	}
	body, sum := data[:len(data)-sha256.Size], data[len(data)-sha256.Size:]
	want := sha256.Sum256(body)
	return body, bytes.Equal(sum, want[:])
}

// store writes the entry of a load, atomically; it fails silently.
func store(dir, prefix, build string, inputs []cacheInput, g *Graph, warns []Warning) {
	body := encodeEntry(build, inputs, g, warns)
	if body == nil || len(body)+sha256.Size > maxEntryBytes {
		return
	}
	sum := sha256.Sum256(body)
	body = append(body, sum[:]...)
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return
	}
	f, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return
	}
	_, werr := f.Write(body)
	if cerr := f.Close(); werr != nil || cerr != nil {
		os.Remove(f.Name())
		return
	}
	name := entryName(prefix, inputs)
	if err := os.Rename(f.Name(), filepath.Join(dir, name)); err != nil {
		os.Remove(f.Name())
		return
	}
	prune(dir, name)
}

// prune removes the oldest entries past maxCacheEntries, never keep, and
// temporary files left an hour ago by a process that did not finish.
func prune(dir, keep string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	type entry struct {
		name string
		mod  time.Time
	}
	var kept []entry
	for _, de := range entries {
		info, err := de.Info()
		if err != nil || !info.Mode().IsRegular() {
			continue
		}
		if strings.HasPrefix(de.Name(), ".tmp-") {
			if time.Since(info.ModTime()) > time.Hour {
				os.Remove(filepath.Join(dir, de.Name()))
			}
			continue
		}
		if de.Name() != keep {
			kept = append(kept, entry{de.Name(), info.ModTime()})
		}
	}
	if len(kept) < maxCacheEntries {
		return
	}
	slices.SortFunc(kept, func(a, b entry) int { return b.mod.Compare(a.mod) })
	for _, e := range kept[maxCacheEntries-1:] {
		os.Remove(filepath.Join(dir, e.name))
	}
}

// buildKey names this build of gatesel: its build information and the
// executable's size and modification time. "" (no caching) when the
// executable cannot be found.
var buildKey = sync.OnceValue(func() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	st, err := os.Stat(exe)
	if err != nil {
		return ""
	}
	key := exe + " " + strconv.FormatInt(st.Size(), 10) + " " + strconv.FormatInt(st.ModTime().UnixNano(), 10)
	if bi, ok := debug.ReadBuildInfo(); ok {
		key += "\n" + bi.String()
	}
	return key
})
