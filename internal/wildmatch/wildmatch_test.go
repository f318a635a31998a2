package wildmatch

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGitVectors runs the match table of git's own wildmatch test
// (t/t3070-wildmatch.sh, git 2.39.5; testdata/t3070.jsonl, with the
// "XXX/" that test writes for a leading "/" turned back into "/") under the four
// flag sets git's test-tool runs: wildmatch (Pathname), iwildmatch
// (Pathname|CaseFold), pathmatch (none) and ipathmatch (CaseFold).
func TestGitVectors(t *testing.T) {
	f, err := os.Open("testdata/t3070.jsonl")
	require.NoError(t, err)
	defer f.Close()
	modes := []struct {
		name  string
		flags Flags
	}{
		{"wildmatch", Pathname},
		{"iwildmatch", Pathname | CaseFold},
		{"pathmatch", 0},
		{"ipathmatch", CaseFold},
	}
	n := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var v map[string]string
		require.NoError(t, json.Unmarshal(sc.Bytes(), &v))
		for _, m := range modes {
			want := v[m.name] == "1"
			assert.Equal(t, want, Match(v["pattern"], v["text"], m.flags),
				"%s %q %q", m.name, v["pattern"], v["text"])
		}
		n++
	}
	require.NoError(t, sc.Err())
	assert.Equal(t, 189, n, "vectors read")
}

var matchTests = []struct {
	name, pattern, text string
	flags               Flags
	want                bool
}{
	{"negated class", "x[!a].y", "xa.y", Pathname, false},
	{"negated class other", "x[!a].y", "xb.y", Pathname, true},
	{"caret negation", "x[^a].y", "xb.y", Pathname, true},
	{"bang is not a member", "x[!a].y", "x!.y", Pathname, true},
	{"digit class", "v[[:digit:]]", "v7", Pathname, true},
	{"digit class miss", "v[[:digit:]]", "vx", Pathname, false},
	{"space class excludes vertical tab", "[[:space:]]", "\v", 0, false},
	{"punct class", "[[:punct:]]", "~", 0, true},
	{"unknown class aborts", "[[:nope:]]", "n", 0, false},
	{"class without colon bracket", "[[:x]", "[", 0, true},
	{"bracket first is a member", "[]a]", "]", 0, true},
	{"range", "[a-c]", "b", 0, true},
	{"dash after range is literal", "[a-c-e]", "-", 0, true},
	{"class never matches slash", "a[/]b", "a/b", Pathname, false},
	{"class matches slash without pathname", "a[/]b", "a/b", 0, true},
	{"double star boundary", "a/**/b", "a/b", Pathname, true},
	{"double star deep", "a/**/b", "a/x/y/b", Pathname, true},
	{"double star glued is one star", "a**/b", "ax/y/b", Pathname, false},
	{"star stops at slash", "a*", "ab/c", Pathname, false},
	{"star crosses slash without pathname", "a*", "ab/c", 0, true},
	{"escape", `a\*`, "a*", 0, true},
	{"escape miss", `a\*`, "ab", 0, false},
	{"trailing backslash", `a\`, `a\`, 0, false},
	{"nul ends the pattern", "ab\x00c", "ab", 0, true},
	{"escaped letter is not folded", `\A`, "a", CaseFold, false},
}

func TestMatch(t *testing.T) {
	for _, tt := range matchTests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, Match(tt.pattern, tt.text, tt.flags))
		})
	}
}

// TestHostilePatternIsBounded: stars that git's pruning does not cut short
// are bounded by the memo, so a hostile pattern takes milliseconds.
func TestHostilePatternIsBounded(t *testing.T) {
	pat := strings.Repeat("*a", 40) + "?b"
	text := strings.Repeat("a", 2000)
	start := time.Now()
	for _, flags := range []Flags{0, Pathname} {
		assert.False(t, Match(pat, text, flags))
		assert.False(t, Match(strings.Repeat("**/", 30)+"[b]", strings.Repeat("a/", 500), flags))
	}
	// Not a timed assertion: the bound is generous; without the memo
	// this ran for minutes.
	assert.Less(t, time.Since(start), time.Minute)
}

// FuzzMatch: no panic, the memo changes nothing, and the ASCII CaseFold
// rules hold for a pattern without classes or escapes.
func FuzzMatch(f *testing.F) {
	for _, s := range [][2]string{
		{"x[!a].y", "xb.y"}, {"a/**/b", "a/x/b"}, {"[[:digit:]]*", "1x"},
		{`*\/[a-`, "a/b"}, {"**[[:x]]", "[x]"}, {"*a*a*a?b", "aaaab"},
	} {
		f.Add(s[0], s[1], uint8(Pathname))
	}
	f.Fuzz(func(t *testing.T, pattern, text string, flags uint8) {
		fl := Flags(flags) & (Pathname | CaseFold)
		got := Match(pattern, text, fl)
		m := matcher{p: pattern, t: text, flags: fl, steps: memoAfter}
		if i := strings.IndexByte(pattern, 0); i >= 0 {
			return // Match truncates; the direct matcher does not
		}
		if i := strings.IndexByte(text, 0); i >= 0 {
			return
		}
		if memo := m.dowild(0, 0) == match; memo != got {
			t.Fatalf("memoised %v, plain %v: %q %q", memo, got, pattern, text)
		}
		if !strings.ContainsAny(pattern, `[\`) && fl&CaseFold != 0 {
			if Match(asciiCase(pattern, 'a', 'A'), asciiCase(text, 'A', 'a'), fl) != got {
				t.Fatalf("case folding differs: %q %q", pattern, text)
			}
		}
	})
}

// asciiCase maps the ASCII letters of s from one case (from 'a' or 'A')
// to the other.
func asciiCase(s string, from, to byte) string {
	b := []byte(s)
	for i, c := range b {
		if from <= c && c <= from+25 {
			b[i] = c - from + to
		}
	}
	return string(b)
}
