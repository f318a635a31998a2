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
// A revision's tree (gitrepo's TreeFS, which names the blob of a file
// and the tree object of a directory) lets a lookup read less. The root
// file is keyed by its blob's name instead of its content's SHA-256
// (blobInput), so a hit does not inflate it; and the entry also
// records, for each include glob, the object name of the tree of its
// literal directory (includeDir: services for services/*/gates.yaml), or
// for a literal path the name of the file's blob.
// When each of those trees is the one recorded and no fragment was read
// through a symbolic link, every glob matches what it matched and every
// fragment holds what it held (a tree's name is the hash of its whole
// content, below it too: the diff already takes two trees of one name as
// one), so the fragments are neither listed nor read again. Otherwise,
// and always in a work tree, the globs are walked and the fragments read
// and hashed (TestLoadCachedTreeSkip).
//
// Not cached: a load that fails (the errors are recomputed, every time),
// and a policy with infer: (its services come from the manifests of the
// whole tree, which would all be inputs).
const cacheFormat = 3

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
	root, ok := blobInput(fsys, name)
	var file *policyFile
	if !ok {
		if file = readPolicyFile(fsys, name); file == nil {
			return Load(fsys, name) // Load reports it
		}
		root = newCacheInput(name, file.data, file.res)
	}
	prefix := root.prefix(build)
	if g, warns, ok := lookup(fsys, dir, prefix, build, root); ok {
		return g, warns, nil
	}
	if file == nil {
		if file = readPolicyFile(fsys, name); file == nil {
			return Load(fsys, name)
		}
	}
	inputs := []cacheInput{root}
	g, warns, err := load(fsys, name, fsys, file, func(f policyFile) {
		inputs = append(inputs, newCacheInput(f.name, f.data, f.res))
	})
	if err != nil || g.Infer != nil {
		return g, warns, err
	}
	store(dir, prefix, build, inputs, includeTrees(fsys, g.Include), g, warns)
	return g, warns, nil
}

// readPolicyFile reads the root file as Load does; nil when it cannot.
func readPolicyFile(fsys fs.FS, name string) *policyFile {
	data, res, err := safefs.ReadLinked(fsys, name, maxFileSize)
	if err != nil {
		return nil
	}
	return &policyFile{name, data, res}
}

// gitBlobs is a revision's tree that names the blob of a regular file
// without reading it (gitrepo's TreeFS).
type gitBlobs interface {
	GitBlob(name string) (string, bool)
}

// blobInput is the root file as a revision's tree names it, its blob's
// object name instead of its content's hash: a hit then never inflates
// the file (2.3 MB for 10,000 services declared inline). A file whose
// tree does not name it (a link, a work tree) is read.
func blobInput(fsys fs.FS, name string) (cacheInput, bool) {
	t, ok := fsys.(gitBlobs)
	if !ok {
		return cacheInput{}, false
	}
	blob, ok := t.GitBlob(name)
	return cacheInput{name: name, res: safefs.Resolved{Path: name}, blob: blob}, ok
}

// cacheInput is one policy file read by a load.
type cacheInput struct {
	name  string
	res   safefs.Resolved
	sum   [sha256.Size]byte
	bytes int
	blob  string // instead of sum and bytes: the git blob's name (blobInput)
}

func newCacheInput(name string, data []byte, res safefs.Resolved) cacheInput {
	return cacheInput{name: name, res: res, sum: sha256.Sum256(data), bytes: len(data)}
}

func (a cacheInput) equal(b cacheInput) bool {
	return a.name == b.name && a.res.Path == b.res.Path && slices.Equal(a.res.Links, b.res.Links) && a.sum == b.sum && a.bytes == b.bytes && a.blob == b.blob
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
	// In a tree that names its directories, an entry whose trees are the
	// same is found before any other is checked by walking the globs (the
	// base's and the head's entries can share a root file, and walking
	// the wrong one cost as much as the rest of the load); an entry found
	// by walking is written again with this tree's directories, so the
	// next load of this revision is found without a walk.
	var trees, recordedTrees []string
	var walked []cacheInput
	quick := func(inputs []cacheInput, includes, recorded []string) bool {
		return len(inputs) > 0 && inputs[0].equal(root) && sameTrees(fsys, inputs[1:], includes, recorded)
	}
	walk := func(inputs []cacheInput, includes, recorded []string) bool {
		walked = nil
		if !current(fsys, root, inputs, includes) {
			return false
		}
		if trees = includeTrees(fsys, includes); trees != nil && !slices.Equal(trees, recorded) {
			walked, recordedTrees = inputs, recorded
		}
		return true
	}
	checks := []func([]cacheInput, []string, []string) bool{walk}
	if _, ok := fsys.(gitTrees); ok {
		checks = []func([]cacheInput, []string, []string) bool{quick, walk}
	}
	cands = cands[:min(len(cands), 4)]
	bodies, read := make([][]byte, len(cands)), make([]bool, len(cands))
	entryBody := func(i int) []byte { // read and its trailer checked once, for both passes
		if !read[i] {
			read[i] = true
			if data, err := os.ReadFile(filepath.Join(dir, cands[i].name)); err == nil {
				if b, ok := verifyEntry(data); ok {
					bodies[i] = b
				}
			}
		}
		return bodies[i]
	}
	for _, check := range checks {
		for i := range cands {
			body := entryBody(i)
			if body == nil {
				continue
			}
			if g, warns, err := decodeEntry(body, build, check); err == nil {
				if walked != nil {
					retree(dir, prefix, build, body, walked, g.Include, recordedTrees, trees)
				}
				return g, warns, true
			}
		}
	}
	return nil, nil, false
}

// retree writes entry body, found by walking, again with the trees of
// its include globs' directories now (recorded were the entry's): only
// its header changes (cacheEncoder.header), the graph's bytes are copied
// (encoding the graph again cost 10-20 ms of a 10,000-service policy).
func retree(dir, prefix, build string, body []byte, inputs []cacheInput, includes, recorded, trees []string) {
	var old cacheEncoder
	old.header(build, inputs, includes, recorded)
	if old.buf == nil || !bytes.HasPrefix(body, old.buf) {
		return
	}
	var e cacheEncoder
	e.header(build, inputs, includes, trees)
	writeEntry(dir, prefix, inputs, append(e.buf, body[len(old.buf):]...))
}

// current reports whether inputs, recorded with the include globs
// includes, are what loading fsys reads now: the same root file, and the
// include globs matching the same fragments (eachFragment, as Load walks
// them), each the same file. (In a tree that names its directories,
// lookup tries sameTrees first.)
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

// gitTrees is a revision's tree that names the tree object of a directory
// without reading it (gitrepo's TreeFS).
type gitTrees interface {
	GitTree(dir string) (string, bool)
}

// includeTrees names, for each include glob in fsys, the tree object of
// its directory (includeDir), or for a literal path the blob of the file
// ("blob " and its name: the directory of owners.yaml is the root, whose
// tree changes with every commit); nil when there is no include or fsys
// does not name one of them.
func includeTrees(fsys fs.FS, includes []string) []string {
	trees, ok := fsys.(gitTrees)
	blobs, ok2 := fsys.(gitBlobs)
	if !ok || !ok2 || len(includes) == 0 {
		return nil
	}
	out := make([]string, len(includes))
	for i, inc := range includes {
		if hasMeta(inc) {
			out[i], ok = trees.GitTree(includeDir(inc))
		} else {
			out[i], ok = blobs.GitBlob(path.Clean(inc))
			out[i] = "blob " + out[i]
		}
		if !ok {
			return nil
		}
	}
	return out
}

// sameTrees reports whether the fragments frags, read through the
// include globs includes whose directories' trees (or files' blobs) were
// trees, are certainly what they were: fsys names the same trees now, and
// each fragment is one of those files or below one of those directories,
// and was read as named, no link followed (a link could lead out of the
// tree).
func sameTrees(fsys fs.FS, frags []cacheInput, includes, trees []string) bool {
	if len(trees) == 0 || len(trees) != len(includes) || !slices.Equal(includeTrees(fsys, includes), trees) {
		return false
	}
	for _, f := range frags {
		if f.res.Path != f.name || len(f.res.Links) > 0 || !slices.ContainsFunc(includes, func(inc string) bool { return covers(inc, f.name) }) {
			return false
		}
	}
	return true
}

// covers reports whether include glob inc's record in includeTrees holds
// file name: the file itself, or one below the glob's directory.
func covers(inc, name string) bool {
	if !hasMeta(inc) {
		return name == path.Clean(inc)
	}
	return below(name, includeDir(inc))
}

// includeDir is the directory of an include glob above its first segment
// with a wildcard or escape ("." when that is the first): every file the
// glob matches is below it.
func includeDir(glob string) string {
	g, dir := path.Clean(glob), "."
	for {
		i := strings.IndexByte(g, '/')
		if i < 0 || hasMeta(g[:i]) {
			return dir
		}
		dir, g = path.Join(dir, g[:i]), g[i+1:]
	}
}

// below reports whether name is inside directory dir ("." the root).
func below(name, dir string) bool {
	return dir == "." || (len(name) > len(dir) && name[len(dir)] == '/' && name[:len(dir)] == dir)
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
func store(dir, prefix, build string, inputs []cacheInput, trees []string, g *Graph, warns []Warning) {
	writeEntry(dir, prefix, inputs, encodeEntry(build, inputs, trees, g, warns))
}

// writeEntry writes an entry's body (without its trailer) under the name
// of its inputs, atomically; it fails silently.
func writeEntry(dir, prefix string, inputs []cacheInput, body []byte) {
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
