package ownership

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

var fuzzSeeds = []string{
	"* @a\n/docs/ @d\n*.go @g # comment\n",
	"[Docs][2] @d\n^[Go]\n*.go @g\n!vendor/\n",
	"a/**/b @x\n/a**/c @y\n**/logs\n",
	"\\#x @a\n[bad\n!nope\nx\\ y @b\n",
	"docs/* a@b.co\n/apps/github\n",
	"* @a\r/docs/ @d\r\n*.go @g\r",
}

// FuzzParseCodeowners: Parse never panics, is deterministic, and Match on
// paths derived from the input never panics.
func FuzzParseCodeowners(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s), "docs/a/b.go", uint8(0))
		f.Add([]byte(s), "a/b/logs/x", uint8(2))
	}
	f.Fuzz(func(t *testing.T, data []byte, path string, d uint8) {
		dialect := Dialect(d % 3)
		rs1, err1 := Parse("CODEOWNERS", data, dialect)
		rs2, err2 := Parse("CODEOWNERS", data, dialect)
		if (err1 == nil) != (err2 == nil) || (err1 != nil && err1.Error() != err2.Error()) {
			t.Fatalf("errors differ: %v / %v", err1, err2)
		}
		if (rs1 == nil) != (err1 != nil) {
			t.Fatalf("a ruleset and an error together, or neither: %v", err1)
		}
		if rs1 == nil {
			return
		}
		if len(rs1.Skipped) != len(rs2.Skipped) {
			t.Fatalf("skipped lines differ: %v / %v", rs1.Skipped, rs2.Skipped)
		}
		if rs1.Dialect == Auto {
			t.Fatal("dialect Auto after Parse")
		}
		if !reflect.DeepEqual(rs1.Rules, rs2.Rules) || !reflect.DeepEqual(rs1.Sections, rs2.Sections) {
			t.Fatal("rules differ between two parses")
		}
		paths := []string{path}
		for _, line := range bytes.Split(data, []byte("\n")) {
			if f := strings.Fields(string(line)); len(f) > 0 {
				paths = append(paths, strings.Trim(f[0], "!/"), strings.Trim(f[0], "!/")+"/x")
			}
			if len(paths) > 20 {
				break
			}
		}
		for _, p := range paths {
			m1, m2 := rs1.Match(p), rs2.Match(p)
			if !reflect.DeepEqual(m1, m2) {
				t.Fatalf("Match(%q) not deterministic: %v / %v", p, m1, m2)
			}
			if m1.Owners == nil {
				t.Fatalf("Match(%q): nil owners", p)
			}
		}
	})
}

// FuzzMatch: any pattern against any path, both dialects: no panic; a
// match found through the index agrees with trying the rule directly.
func FuzzMatch(f *testing.F) {
	f.Add("docs/", "docs/a/b.md")
	f.Add("*.go", "cmd/x/main.go")
	f.Add("/a**/b", "ab/c/b")
	f.Add("[a-c]?/**/z", "b1/q/z")
	f.Add("**/x*y*z", "q/xayaz")
	f.Fuzz(func(t *testing.T, pat, path string) {
		for _, d := range []Dialect{GitHub, GitLab} {
			line := strings.ReplaceAll(pat, "\n", "") + " @o\n"
			rs, err := Parse("CODEOWNERS", []byte(line), d)
			if err != nil {
				return
			}
			m := rs.Match(path)
			if len(rs.compiled) == 1 && !rs.compiled[0].exclude {
				var buf [32]string
				segs := splitPath(buf[:0], path)
				direct := len(segs) > 0 && rs.compiled[0].pat.match(segs)
				if direct != m.Matched() {
					t.Fatalf("%v %q vs %q: index says %v, pattern says %v", d, pat, path, m.Matched(), direct)
				}
			}
		}
	})
}
