package graph

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/internal/safefs"
)

// forCompareGraph is forCompare's two results in one value.
func forCompareGraph(g *Graph) any {
	c, templates := forCompare(g)
	return []any{c, templates}
}

// forCompare is a graph without its templates (a parsed template holds
// functions, which never compare equal) and its index (rebuilt by the
// same code either way), and the templates as their names and parse trees.
func forCompare(g *Graph) (*Graph, map[string]string) {
	if g == nil {
		return nil, nil
	}
	c := *g
	c.idx = nil
	c.Gates = map[string]*Gate{}
	templates := map[string]string{}
	for name, gt := range g.Gates {
		cp := *gt
		cp.run, cp.with = nil, nil
		if gt.run != nil {
			templates[name+" run"] = gt.run.Name() + ": " + gt.run.Root.String()
		}
		for at, wt := range gt.with {
			templates[name+" with"+at] = wt.Name() + ": " + wt.Root.String()
		}
		c.Gates[name] = &cp
	}
	return &c, templates
}

// requireSameLoad checks that a cached load gave what Load gives.
func requireSameLoad(t *testing.T, fsys fs.FS, name string, g *Graph, warns []Warning, err error) {
	t.Helper()
	wg, wwarns, werr := Load(fsys, name)
	if werr != nil {
		require.Error(t, err)
		assert.Equal(t, werr.Error(), err.Error())
	} else {
		require.NoError(t, err)
	}
	assert.Equal(t, wwarns, warns)
	want, wantT := forCompare(wg)
	got, gotT := forCompare(g)
	assert.Equal(t, want, got)
	assert.Equal(t, wantT, gotT)
	if wg != nil && g != nil {
		assert.Equal(t, wg.idx, g.idx, "the index")
		for _, p := range []string{"services/s7/x.go", "libs/s3/y", "api/c1/z.proto", "services/billing/main.go", "go.mod", "docs/README.md"} {
			assert.Equal(t, wg.Classify(p), g.Classify(p), p)
		}
	}
}

// entries lists the cache directory.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	des, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil
	}
	require.NoError(t, err)
	var out []string
	for _, de := range des {
		out = append(out, de.Name())
	}
	return out
}

// cachePolicies are the policies of the differential test: the examples,
// the repository's own, the test policies (errors included) and the
// synthetic one of the benchmarks.
func cachePolicies() map[string]fs.FS {
	withWarnings := fstest.MapFS{
		"gates.yaml": {Data: []byte("version: 1\ninclude: [\"none/*.yaml\", \"frag/*.yaml\"]\nprofiles:\n  pr: {description: quick}\n" +
			"gates:\n  unit:\n    run: \"go test ./{{.Dir}}/...\"\n    profiles: [pr]\n    with:\n      runs-on: \"{{.Name}}-runner\"\n      matrix: [{os: linux}, 3, 2.5, true, null, \"{{.Kind}}\"]\n      \"a/b~c\": {x: \"{{.Dir}}\"}\n" +
			"  empty:\nservices:\n  lonely: {gates: [unit]}\n  a: {paths: [\"a/**\"], owners: [\"@team\"], depends_on: [lonely], smoke: [unit]}\n" +
			"domains:\n  d: {owners: [\"@team\"], services: [a], gates: [empty]}\n")},
		"frag/b.yaml": {Data: []byte("services:\n  b: {paths: [\"**\"], depends_on: []}\ntriggers:\n  - {name: t, paths: [\"/x/**\"], select: all}\n")},
	}
	return map[string]fs.FS{
		"examples/platform": os.DirFS("../examples/platform"),
		"repository":        os.DirFS(".."),
		"spec":              os.DirFS("testdata/spec"),
		"fragments/ok":      os.DirFS("testdata/fragments/ok"),
		"fragments/bad":     os.DirFS("testdata/fragments/bad"),
		"warnings":          withWarnings,
		"synthetic":         fstest.MapFS{"gates.yaml": {Data: SyntheticPolicy(2000)}},
		"infer":             fstest.MapFS{"gates.yaml": {Data: []byte("version: 1\ngates:\n  unit: {run: x}\ninfer:\n  go: {gates: [unit]}\n")}, "go.mod": {Data: []byte("module example.com/m\n")}},
	}
}

// TestLoadCachedSameAsLoad is the differential test: for every policy, a
// load that writes the cache and one that reads it give what Load gives
// (the same graph with the same positions, the same warnings, the same
// errors), and only a successful load without infer: is cached.
func TestLoadCachedSameAsLoad(t *testing.T) {
	for name, fsys := range cachePolicies() {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			g, warns, err := LoadCached(fsys, "gates.yaml", dir)
			requireSameLoad(t, fsys, "gates.yaml", g, warns, err)
			cached := entries(t, dir)
			if err != nil || g.Infer != nil {
				assert.Empty(t, cached)
				return
			}
			require.Len(t, cached, 1)
			data, rerr := os.ReadFile(filepath.Join(dir, cached[0]))
			require.NoError(t, rerr)
			_, ok := verifyEntry(data)
			require.True(t, ok)

			g, warns, err = LoadCached(fsys, "gates.yaml", dir)
			requireSameLoad(t, fsys, "gates.yaml", g, warns, err)
			assert.Equal(t, cached, entries(t, dir))
			g, warns = requireHit(t, fsys, dir)
			requireSameLoad(t, fsys, "gates.yaml", g, warns, nil)
		})
	}
}

// requireHit looks the policy up as LoadCached does and requires a hit.
func requireHit(t *testing.T, fsys fs.FS, dir string) (*Graph, []Warning) {
	t.Helper()
	data, res, err := safefs.ReadLinked(fsys, "gates.yaml", maxFileSize)
	require.NoError(t, err)
	root := newCacheInput("gates.yaml", data, res)
	g, warns, ok := lookup(fsys, dir, root.prefix(buildKey()), buildKey(), root)
	require.True(t, ok, "not read from the cache")
	return g, warns
}

// TestLoadCachedInputsChange: an entry is never used once any input
// differs: the root file, a fragment's content, a fragment added to or
// removed from an include glob, a link pointing elsewhere. Each load
// gives what Load gives for the files as they are now.
func TestLoadCachedInputsChange(t *testing.T) {
	repo := t.TempDir()
	dir := filepath.Join(t.TempDir(), "policy-cache")
	fsys := os.DirFS(repo)
	check := func(step string) {
		t.Helper()
		g, warns, err := LoadCached(fsys, "gates.yaml", dir)
		requireSameLoad(t, fsys, "gates.yaml", g, warns, err)
		g, warns, err = LoadCached(fsys, "gates.yaml", dir)
		requireSameLoad(t, fsys, "gates.yaml", g, warns, err)
		if err == nil {
			g, warns = requireHit(t, fsys, dir)
			requireSameLoad(t, fsys, "gates.yaml", g, warns, nil)
			_, ok := g.Services["a"]
			t.Logf("%s: %d services, a: %v", step, len(g.Services), ok)
		}
	}
	write := func(name, content string) {
		t.Helper()
		p := filepath.Join(repo, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		os.Remove(p)
		if target, ok := strings.CutPrefix(content, "->"); ok {
			require.NoError(t, os.Symlink(target, p))
			return
		}
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
	write("gates.yaml", "version: 1\ninclude: [\"services/*/gates.yaml\", \"owners.yaml\"]\ngates:\n  unit: {run: x}\n")
	write("owners.yaml", "->owners/v1.yaml")
	write("owners/v1.yaml", "domains:\n  d1: {owners: [\"@one\"]}\n")
	write("owners/v2.yaml", "domains:\n  d2: {owners: [\"@two\"]}\n")
	write("services/a/gates.yaml", "services:\n  a: {paths: [\"**\"], gates: [unit]}\n")
	check("first")
	write("services/a/gates.yaml", "services:\n  a: {paths: [\"src/**\"], gates: [unit]}\n")
	check("fragment edited")
	write("services/b/gates.yaml", "services:\n  b: {paths: [\"**\"], gates: [unit]}\n")
	check("fragment added")
	require.NoError(t, os.RemoveAll(filepath.Join(repo, "services/a")))
	check("fragment removed")
	write("owners.yaml", "->owners/v2.yaml")
	check("link moved")
	write("owners/v2.yaml", "domains:\n  d2: {owners: [\"@two\"], gates: [nope]}\n")
	check("fragment now wrong")
	write("owners/v2.yaml", "domains:\n  d2: {owners: [\"@two\"]}\n")
	write("gates.yaml", "version: 1\ninclude: [\"services/*/gates.yaml\"]\ngates:\n  unit: {run: y}\n")
	check("root edited")
	write("services/b/gates.yaml", "services:\n  b: {paths: [\"**\"], gates: [unit]}\n  b: {}\n")
	check("fragment with a duplicate")
	assert.LessOrEqual(t, len(entries(t, dir)), maxCacheEntries)
}

// TestLoadCachedOtherBuild: an entry written by another build of gatesel
// is not read.
func TestLoadCachedOtherBuild(t *testing.T) {
	fsys := fstest.MapFS{"gates.yaml": {Data: []byte("version: 1\ngates:\n  unit: {run: x}\n")}}
	dir := t.TempDir()
	_, _, err := LoadCached(fsys, "gates.yaml", dir)
	require.NoError(t, err)
	written := entries(t, dir)
	require.Len(t, written, 1)
	data, err := os.ReadFile(filepath.Join(dir, written[0]))
	require.NoError(t, err)
	body, ok := verifyEntry(data)
	require.True(t, ok)
	_, _, err = decodeEntry(body, buildKey()+" rebuilt", func(_ []cacheInput, _, _ []string) bool { return true })
	assert.ErrorIs(t, err, errCache)
	_, _, err = decodeEntry(body, buildKey(), func(_ []cacheInput, _, _ []string) bool { return true })
	assert.NoError(t, err)
	// an entry of the same name from another build: a miss, then replaced
	other := bytes.Replace(body, []byte(buildKey()), []byte(strings.Repeat("x", len(buildKey()))), 1)
	require.NotEqual(t, body, other)
	sum := sha256.Sum256(other)
	require.NoError(t, os.WriteFile(filepath.Join(dir, written[0]), append(other, sum[:]...), 0o644))
	g, warns, err := LoadCached(fsys, "gates.yaml", dir)
	requireSameLoad(t, fsys, "gates.yaml", g, warns, err)
	again, err := os.ReadFile(filepath.Join(dir, written[0]))
	require.NoError(t, err)
	assert.Equal(t, data, again, "the miss wrote this build's entry")
}

// TestLoadCachedDamaged: an entry truncated anywhere or with any byte
// changed is not used, and the load gives Load's result.
func TestLoadCachedDamaged(t *testing.T) {
	fsys := cachePolicies()["warnings"]
	dir := t.TempDir()
	_, _, err := LoadCached(fsys, "gates.yaml", dir)
	require.NoError(t, err)
	name := entries(t, dir)[0]
	good, err := os.ReadFile(filepath.Join(dir, name))
	require.NoError(t, err)
	damage := func(data []byte) {
		t.Helper()
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), data, 0o644))
		g, warns, err := LoadCached(fsys, "gates.yaml", dir)
		requireSameLoad(t, fsys, "gates.yaml", g, warns, err)
	}
	for i := 0; i < len(good); i += 1 + len(good)/200 {
		damage(good[:i])
		bad := bytes.Clone(good)
		bad[i] ^= 0x20
		damage(bad)
	}
	damage(nil)
	damage(append(bytes.Clone(good), 0))
	// an entry past maxEntryBytes (sparse: it costs no disk) is not read
	require.NoError(t, os.Truncate(filepath.Join(dir, name), maxEntryBytes+1))
	g, warns, err := LoadCached(fsys, "gates.yaml", dir)
	requireSameLoad(t, fsys, "gates.yaml", g, warns, err)
}

// TestLoadCachedUnwritable: a cache directory that cannot be made or
// written (a read-only .git; here a file in the way, since the tests may
// run as root) does not fail the load.
func TestLoadCachedUnwritable(t *testing.T) {
	fsys := os.DirFS("testdata/fragments/ok")
	file := filepath.Join(t.TempDir(), "git")
	require.NoError(t, os.WriteFile(file, []byte("not a directory"), 0o644))
	for _, dir := range []string{file, filepath.Join(file, "gatesel", "policy-cache")} {
		g, warns, err := LoadCached(fsys, "gates.yaml", dir)
		requireSameLoad(t, fsys, "gates.yaml", g, warns, err)
	}
	if os.Geteuid() != 0 {
		ro := t.TempDir()
		require.NoError(t, os.Chmod(ro, 0o555))
		g, warns, err := LoadCached(fsys, "gates.yaml", ro)
		requireSameLoad(t, fsys, "gates.yaml", g, warns, err)
		assert.Empty(t, entries(t, ro))
	}
}

// TestLoadCachedConcurrent: loads racing to write the same entry all get
// Load's result, and leave one whole entry and no temporary file.
func TestLoadCachedConcurrent(t *testing.T) {
	fsys := fstest.MapFS{"gates.yaml": {Data: SyntheticPolicy(500)}}
	dir := t.TempDir()
	var wg sync.WaitGroup
	type result struct {
		g     *Graph
		warns []Warning
		err   error
	}
	results := make([]result, 8)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			g, warns, err := LoadCached(fsys, "gates.yaml", dir)
			results[i] = result{g, warns, err}
		}()
	}
	wg.Wait()
	for _, r := range results {
		requireSameLoad(t, fsys, "gates.yaml", r.g, r.warns, r.err)
	}
	assert.Len(t, entries(t, dir), 1)
	g, warns := requireHit(t, fsys, dir)
	requireSameLoad(t, fsys, "gates.yaml", g, warns, nil)
}

// TestLoadCachedPrune: the directory keeps at most maxCacheEntries entries.
func TestLoadCachedPrune(t *testing.T) {
	dir := t.TempDir()
	for i := range maxCacheEntries + 5 {
		fsys := fstest.MapFS{"gates.yaml": {Data: fmt.Appendf(nil, "version: 1\ngates:\n  g%d: {run: x}\n", i)}}
		_, _, err := LoadCached(fsys, "gates.yaml", dir)
		require.NoError(t, err)
	}
	assert.Len(t, entries(t, dir), maxCacheEntries)
}

// FuzzCacheEntry: any bytes as an entry never panic, and as the cache
// file of a policy never change its load. The seeds are whole entries.
func FuzzCacheEntry(f *testing.F) {
	fsys := cachePolicies()["warnings"]
	dir := f.TempDir()
	if _, _, err := LoadCached(fsys, "gates.yaml", dir); err != nil {
		f.Fatal(err)
	}
	des, err := os.ReadDir(dir)
	if err != nil || len(des) != 1 {
		f.Fatal(des, err)
	}
	name := des[0].Name()
	good, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(good[:len(good)-sha256.Size])
	wg, wwarns, _ := Load(fsys, "gates.yaml")
	want := forCompareGraph(wg)
	f.Fuzz(func(t *testing.T, data []byte) {
		// the decoder alone, on bytes that passed no checksum
		decodeEntry(data, buildKey(), func(_ []cacheInput, _, _ []string) bool { return true })
		decodeEntry(data, buildKey(), func(in []cacheInput, inc, _ []string) bool {
			return len(in) > 0 && current(fsys, in[0], in, inc)
		})
		verifyEntry(data)
		// the bytes as the entry of this policy
		d := t.TempDir()
		require.NoError(t, os.WriteFile(filepath.Join(d, name), data, 0o644))
		g, warns, err := LoadCached(fsys, "gates.yaml", d)
		require.NoError(t, err)
		require.Equal(t, wwarns, warns)
		require.Equal(t, want, forCompareGraph(g))
	})
}

// gobService is a Service as encoding/gob sees it: its exported fields
// and, exported, the positions the cache must keep.
type gobService struct {
	Name                                                                          string
	Paths, Internal, Owners, DependsOn, Consumes, Provides, Gates, Smoke, Domains []string
	Source                                                                        string
	Pos                                                                           Pos
	PathPos, InternalPos, OwnerPos, DepPos                                        []Pos
}

// BenchmarkCacheCodec: decoding the 10,000-service policy's entry (own:
// the whole graph, indexed) against encoding/gob decoding its services
// alone, without an index (a lower bound of what gob would cost).
func BenchmarkCacheCodec(b *testing.B) {
	g, warns, err := Parse("gates.yaml", SyntheticPolicy(10000))
	require.NoError(b, err)
	in := []cacheInput{{name: "gates.yaml"}}
	body := encodeEntry(buildKey(), in, nil, g, warns)
	var svcs []gobService
	for _, name := range g.ServiceNames() {
		s := g.Services[name]
		svcs = append(svcs, gobService{s.Name, s.Paths, s.Internal, s.Owners, s.DependsOn, s.Consumes, s.Provides, s.Gates, s.Smoke, s.Domains,
			s.Source, s.Pos, s.pathPos, s.internalPos, s.ownerPos, s.depPos})
	}
	var buf bytes.Buffer
	require.NoError(b, gob.NewEncoder(&buf).Encode(svcs))
	gobBytes := buf.Bytes()
	b.Run("own", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		BenchCPU(b, func() error {
			_, _, err := decodeEntry(body, buildKey(), func(_ []cacheInput, _, _ []string) bool { return true })
			return err
		})
	})
	b.Run("gob-services", func(b *testing.B) {
		b.SetBytes(int64(len(gobBytes)))
		BenchCPU(b, func() error {
			var out []gobService
			return gob.NewDecoder(bytes.NewReader(gobBytes)).Decode(&out)
		})
	})
}
