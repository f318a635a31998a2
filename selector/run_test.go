package selector

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/gatesel/gatesel/graph"
	"github.com/gatesel/gatesel/internal/gittest"
	"github.com/gatesel/gatesel/selector/gitrepo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// relGates is the policy of the reliability tests: one contract gate, two
// services and a domain of CODEOWNERS team @team.
const relGates = `version: 1
settings:
  base: main
  unowned: all
include: ["svc/*/gates.yaml"]
gates:
  contract-check: {run: "make contract-check"}
  unit: {run: "go test ./{{.Dir}}/..."}
  lint: {run: "make lint"}
contracts:
  platform: {gates: [contract-check]}
services:
  a:
    paths: ["svc/a/**"]
    gates: [unit]
domains:
  team:
    owners: ["@team"]
    gates: [lint]
`

// relFragment declares service b beside its files.
const relFragment = "services:\n  b:\n    paths: [\"**\"]\n    gates: [unit]\n"

// relAll is every instance of the policy: what a fallback plan holds.
var relAll = []string{"contract-check:platform", "unit:a", "unit:b", "lint:team"}

// relRepo is a repository with the policy on main and a branch "topic"
// checked out with one more commit changing svc/a/a.go.
func relRepo(t *testing.T) *gittest.Repo {
	t.Helper()
	g := gittest.New(t)
	g.Commit("base", map[string]string{
		"gates.yaml":         relGates,
		"svc/b/gates.yaml":   relFragment,
		".github/CODEOWNERS": "/svc/ @team\n",
		"svc/a/a.go":         "package a\n",
		"svc/b/b.go":         "package b\n",
	})
	g.Git("checkout", "-q", "-b", "topic")
	g.Commit("change a", map[string]string{"svc/a/a.go": "package a // changed\n"})
	return g
}

func ids(p *Plan) []string {
	out := make([]string, len(p.Gates))
	for i, in := range p.Gates {
		out[i] = in.ID
	}
	return out
}

// assertFallback checks a fallback plan: all, every gate, and each gate
// that is not a contract gate has reason fallback naming the cause.
func assertFallback(t *testing.T, p *Plan, cause string) {
	t.Helper()
	assert.True(t, p.All)
	assert.ElementsMatch(t, relAll, ids(p))
	for _, in := range p.Gates {
		require.NotEmpty(t, in.Reasons, in.ID)
		if in.Layer == graph.LayerContract {
			assert.Equal(t, ReasonAlways, in.Reasons[0].Kind)
			continue
		}
		assert.Equal(t, ReasonFallback, in.Reasons[0].Kind, in.ID)
		assert.Contains(t, in.Reasons[0].Note, cause, in.ID)
	}
	require.NotEmpty(t, p.Escalations)
	assert.Equal(t, EscalationFallback, p.Escalations[len(p.Escalations)-1].Kind)
	assert.Contains(t, p.Escalations[len(p.Escalations)-1].Cause, cause)
}

// fallbackTests: every class of failure to compute a plan fails without
// --on-error all and falls back to every gate with it.
var fallbackTests = []struct {
	name  string
	setup func(t *testing.T, g *gittest.Repo) Options // the repository is relRepo
	err   string                                      // a substring of the error
	cause string                                      // a substring of the fallback note
}{
	{"unknown base", func(t *testing.T, g *gittest.Repo) Options {
		return Options{Base: "no-such-branch"}
	}, "no-such-branch", "no-such-branch"},
	{"no merge base", func(t *testing.T, g *gittest.Repo) Options {
		g.Git("checkout", "-q", "--orphan", "lonely")
		g.Git("commit", "-q", "-m", "orphan")
		return Options{}
	}, "no merge base", "no merge base"},
	{"broken gates.yaml in the head, good base", func(t *testing.T, g *gittest.Repo) Options {
		g.Commit("break", map[string]string{"gates.yaml": "version: 1\ngates: [\n"})
		return Options{}
	}, "gates.yaml:2:1: parse yaml: yaml: line 2: did not find expected node content", "gates.yaml:2:1: parse yaml"},
	{"unreadable fragment in the head", func(t *testing.T, g *gittest.Repo) Options {
		g.Write(map[string]string{"svc/b/gates.yaml": "-"})
		require.NoError(t, os.Symlink("missing.yaml", filepath.Join(g.Dir, "svc/b/gates.yaml")))
		return Options{}
	}, `gates.yaml:5:11: include "svc/*/gates.yaml": open svc/b/gates.yaml: file does not exist`, "open svc/b/gates.yaml: file does not exist"},
	{"unowned: error", func(t *testing.T, g *gittest.Repo) Options {
		g.Commit("unowned", map[string]string{
			"gates.yaml": strings.Replace(relGates, "unowned: all", "unowned: error", 1),
			"README":     "x",
		})
		return Options{Policy: PolicyHead}
	}, "claimed by nothing (settings.unowned: error): README", "claimed by nothing"},
	{"binary CODEOWNERS", func(t *testing.T, g *gittest.Repo) Options {
		g.Commit("binary", map[string]string{".github/CODEOWNERS": "/svc/ @team\n\x00\x01\x02"})
		return Options{Policy: PolicyHead}
	}, "codeowners file is binary", "codeowners file is binary"},
	{"CODEOWNERS over 3 MB", func(t *testing.T, g *gittest.Repo) Options {
		g.Commit("large", map[string]string{".github/CODEOWNERS": strings.Repeat("/svc/ @team\n", 4<<20/12)})
		return Options{Policy: PolicyHead}
	}, "more than the limit of 3145728", "more than the limit of 3145728"},
	{"CODEOWNERS is a directory", func(t *testing.T, g *gittest.Repo) Options {
		g.Write(map[string]string{".github/CODEOWNERS": "-"})
		g.Write(map[string]string{".github/CODEOWNERS/x": "y"})
		return Options{Policy: PolicyHead}
	}, "read CODEOWNERS from the work tree", "read CODEOWNERS from the work tree"},
	{"CODEOWNERS is a dangling link", func(t *testing.T, g *gittest.Repo) Options {
		g.Write(map[string]string{".github/CODEOWNERS": "-"})
		require.NoError(t, os.Symlink("nowhere", filepath.Join(g.Dir, ".github/CODEOWNERS")))
		return Options{Policy: PolicyHead}
	}, "read CODEOWNERS from the work tree", "read CODEOWNERS from the work tree"},
	{"CODEOWNERS links outside the repository", func(t *testing.T, g *gittest.Repo) Options {
		g.Write(map[string]string{".github/CODEOWNERS": "-"})
		outside := filepath.Join(t.TempDir(), "CODEOWNERS")
		require.NoError(t, os.WriteFile(outside, []byte("* @evil\n"), 0o644))
		require.NoError(t, os.Symlink(outside, filepath.Join(g.Dir, ".github/CODEOWNERS")))
		return Options{Policy: PolicyHead}
	}, "leaves the repository", "leaves the repository"},
	{"missing tree object", func(t *testing.T, g *gittest.Repo) Options {
		removeObject(t, g, g.Git("rev-parse", "HEAD:svc/a"))
		return Options{}
	}, " (svc/a): object not found", " (svc/a): object not found"},
	{"truncated tree object", func(t *testing.T, g *gittest.Repo) Options {
		truncateObject(t, g, g.Git("rev-parse", "HEAD:svc"))
		return Options{}
	}, "repository damaged: read tree ", "loose object content: unexpected EOF"},
}

func removeObject(t *testing.T, g *gittest.Repo, hash string) {
	t.Helper()
	require.NoError(t, os.Remove(filepath.Join(g.Dir, ".git", "objects", hash[:2], hash[2:])))
}

func truncateObject(t *testing.T, g *gittest.Repo, hash string) {
	t.Helper()
	p := filepath.Join(g.Dir, ".git", "objects", hash[:2], hash[2:])
	st, err := os.Stat(p)
	require.NoError(t, err)
	require.NoError(t, os.Chmod(p, 0o644))
	require.NoError(t, os.Truncate(p, st.Size()/2))
}

func TestComputeFallbackEveryFailure(t *testing.T) {
	ctx := context.Background()
	for _, tt := range fallbackTests {
		t.Run(tt.name, func(t *testing.T) {
			g := relRepo(t)
			opt := tt.setup(t, g)
			opt.Dir = g.Dir
			p, err := Compute(ctx, opt)
			require.Error(t, err, "without --on-error all the plan fails")
			assert.Nil(t, p)
			assert.Contains(t, err.Error(), tt.err)

			opt.OnError = "all"
			p, err = Compute(ctx, opt)
			require.NoError(t, err)
			assertFallback(t, p, tt.cause)
		})
	}
}

// TestComputeShallowFallback: a shallow clone whose history does not reach
// the merge base is missing history without --on-error all, and every
// gate with it.
func TestComputeShallowFallback(t *testing.T) {
	ctx := context.Background()
	src := relRepo(t)
	src.Commit("two", map[string]string{"svc/a/b.go": "package a\n"})
	src.Git("checkout", "-q", "main")
	src.Commit("main moves", map[string]string{"svc/b/c.go": "package b\n"})
	src.Git("checkout", "-q", "topic")
	clone := &gittest.Repo{T: t, Dir: filepath.Join(t.TempDir(), "clone")}
	src.Git("clone", "-q", "--depth", "1", "--no-single-branch", "file://"+src.Dir, clone.Dir)

	_, err := Compute(ctx, Options{Dir: clone.Dir, Base: "origin/main"})
	require.Error(t, err)
	var he *HistoryError
	require.ErrorAs(t, err, &he)
	assert.True(t, he.MissingHistory())
	assert.ErrorIs(t, err, ErrShallow)

	p, err := Compute(ctx, Options{Dir: clone.Dir, Base: "origin/main", OnError: "all"})
	require.NoError(t, err)
	assertFallback(t, p, "shallow clone")
}

// TestComputeNeverMissesCorruption: whatever part of the object store is
// damaged, Compute either fails or returns the plan of an intact
// repository, never a smaller one.
func TestComputeNeverMissesCorruption(t *testing.T) {
	ctx := context.Background()
	intact := relRepo(t)
	want, err := Compute(ctx, Options{Dir: intact.Dir})
	require.NoError(t, err)
	objects := strings.Fields(intact.Git("rev-list", "--objects", "--no-object-names", "main~0", "topic"))
	require.NotEmpty(t, objects)
	for _, obj := range objects {
		kind := intact.Git("cat-file", "-t", obj)
		for _, damage := range []string{"remove", "truncate"} {
			g := relRepo(t)
			if damage == "remove" {
				removeObject(t, g, obj)
			} else {
				truncateObject(t, g, obj)
			}
			got, err := Compute(ctx, Options{Dir: g.Dir})
			if err != nil {
				continue
			}
			assert.Equal(t, ids(want), ids(got), "%s %s %s: a plan from a damaged store", damage, kind, obj)
		}
	}
}

// TestComputeCorruptPack: a pack whose bytes are damaged fails the plan or
// gives the intact plan, never a smaller one.
func TestComputeCorruptPack(t *testing.T) {
	ctx := context.Background()
	g := relRepo(t)
	g.Git("gc", "-q", "--aggressive")
	want, err := Compute(ctx, Options{Dir: g.Dir})
	require.NoError(t, err)
	packs, err := filepath.Glob(filepath.Join(g.Dir, ".git/objects/pack/*.pack"))
	require.NoError(t, err)
	require.Len(t, packs, 1)
	data, err := os.ReadFile(packs[0])
	require.NoError(t, err)
	require.NoError(t, os.Chmod(packs[0], 0o644))
	failed := 0
	for off := 12; off < len(data)-20; off += max(1, (len(data)-32)/40) {
		bad := slices.Clone(data)
		bad[off] ^= 0xff
		require.NoError(t, os.WriteFile(packs[0], bad, 0o644))
		got, err := Compute(ctx, Options{Dir: g.Dir})
		if err != nil {
			failed++
			continue
		}
		assert.Equal(t, ids(want), ids(got), "byte %d flipped: a plan from a damaged pack", off)
	}
	assert.Positive(t, failed, "some damage must be detected")
}

// TestComputeUnreadableBasePolicy: a change that edits the policy while the
// base revision's policy cannot be read (a --filter=blob:none clone has no
// blobs; here the blob is removed) fails, rather than letting the edited
// policy decide alone; --policy head is the explicit way out. A policy
// cache that holds the base's policy, by its blob's name, still gives it.
func TestComputeUnreadableBasePolicy(t *testing.T) {
	ctx := context.Background()
	g := relRepo(t)
	baseBlob := g.Git("rev-parse", "main:gates.yaml")
	g.Commit("drop a's gates", map[string]string{"gates.yaml": strings.Replace(relGates, "    gates: [unit]\n", "    gates: []\n", 1)})
	p, err := Compute(ctx, Options{Dir: g.Dir})
	require.NoError(t, err)
	assert.Contains(t, ids(p), "unit:a", "the base policy keeps a's gate")

	removeObject(t, g, baseBlob)
	p, err = Compute(ctx, Options{Dir: g.Dir})
	require.NoError(t, err, "the cache's entry of the base's policy")
	assert.Contains(t, ids(p), "unit:a")
	require.NoError(t, os.RemoveAll(filepath.Join(g.Dir, ".git", "gatesel", "policy-cache")))
	_, err = Compute(ctx, Options{Dir: g.Dir})
	require.Error(t, err)
	base := g.Git("rev-parse", "--short=12", "main")
	assert.Equal(t, "read the base revision's policy, which the change edits:\n"+
		"load policy from the base "+base+":\nread policy gates.yaml: open gates.yaml: repository damaged: read blob "+baseBlob+
		": object not found (a complete clone has every object it names)", err.Error())

	p, err = Compute(ctx, Options{Dir: g.Dir, OnError: "all"})
	require.NoError(t, err)
	assert.True(t, p.All)

	p, err = Compute(ctx, Options{Dir: g.Dir, Policy: PolicyHead})
	require.NoError(t, err)
	assert.NotContains(t, ids(p), "unit:a")
}

// TestComputeBaseWithoutPolicy: a change that introduces gates.yaml has no
// base policy to weaken: the head's decides, with a warning.
func TestComputeBaseWithoutPolicy(t *testing.T) {
	ctx := context.Background()
	g := gittest.New(t)
	g.Commit("before gatesel", map[string]string{"svc/a/a.go": "package a\n"})
	g.Git("checkout", "-q", "-b", "topic")
	g.Commit("adopt gatesel", map[string]string{"gates.yaml": relGates, "svc/b/gates.yaml": relFragment, "svc/a/a.go": "package a // changed\n"})
	p, err := Compute(ctx, Options{Dir: g.Dir})
	require.NoError(t, err)
	assert.Contains(t, ids(p), "unit:a")
	base := g.Git("rev-parse", "--short=12", "main")
	assert.Contains(t, p.Warnings, "the base revision's policy could not be read, only the head policy was used: load policy from the base "+base+": read policy gates.yaml: open gates.yaml: file does not exist")
}

// TestComputeConcurrent: Compute calls on one repository from many
// goroutines (each opens its own Repo, half of them also reading the
// work tree) give the same plan as one call.
func TestComputeConcurrent(t *testing.T) {
	ctx := context.Background()
	g := relRepo(t)
	want, err := Compute(ctx, Options{Dir: g.Dir})
	require.NoError(t, err)
	var wg sync.WaitGroup
	got := make([]string, 8)
	for i := range got {
		wg.Go(func() {
			p, err := Compute(ctx, Options{Dir: g.Dir, Uncommitted: i%2 == 0})
			if err == nil {
				got[i] = p.Digest
			} else {
				got[i] = err.Error()
			}
		})
	}
	wg.Wait()
	for i, d := range got { // the work tree is clean: --uncommitted adds nothing
		assert.Equal(t, want.Digest, d, "call %d", i)
	}
}

// TestComputeOnFallback: the fallback hands its cause, typed, to
// OnFallback, so that a caller can print its own advice.
func TestComputeOnFallback(t *testing.T) {
	g := relRepo(t)
	var cause error
	p, err := Compute(context.Background(), Options{Dir: g.Dir, Base: "no-such-base", OnError: "all", OnFallback: func(err error) { cause = err }})
	require.NoError(t, err)
	assert.True(t, p.All)
	var he *HistoryError
	require.ErrorAs(t, cause, &he)
	assert.Equal(t, "no-such-base", he.Rev)
	assert.Equal(t, gitrepo.NotFound, he.Problem)
}

// TestComputeFallbackAfterSelect: the repository is closed before the
// selection (release); a fallback after a failed selection still reads
// the base revision's policy from it. Here the work tree's policy (the
// head's, not part of the change) fails the selection and has no domain:
// only the base's policy has lint:team. The base is named, so that no
// policy of its tree was read before the selection (chooseBase's).
func TestComputeFallbackAfterSelect(t *testing.T) {
	g := relRepo(t)
	g.Commit("unowned file", map[string]string{"README": "x"})
	g.Git("repack", "-a", "-d", "-q") // from a mapped pack, which a closed repository cannot read
	head := strings.Replace(relGates, "unowned: all", "unowned: error", 1)
	head = strings.Replace(head, "  lint: {run: \"make lint\"}\n", "", 1)
	head = head[:strings.Index(head, "domains:")]
	g.Write(map[string]string{"gates.yaml": head})

	_, err := Compute(context.Background(), Options{Dir: g.Dir, Base: "main"})
	require.ErrorContains(t, err, "claimed by nothing (settings.unowned: error): README")

	p, err := Compute(context.Background(), Options{Dir: g.Dir, Base: "main", OnError: OnErrorAll})
	require.NoError(t, err)
	assertFallback(t, p, "claimed by nothing")
}
