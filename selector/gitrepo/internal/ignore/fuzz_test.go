package ignore

import (
	"strings"
	"testing"
)

// FuzzParseMatch: Parse never panics and keeps line numbers in order; a
// negated copy of a file decides every path the other way (when one of its
// patterns decides it); matching never panics.
func FuzzParseMatch(f *testing.F) {
	for _, s := range []string{
		"x[!a].y\n*.log\n!keep.log\nbuild/\n",
		"/a/**/b\n\\#h\n\\!b\nfoo\\ \n[[:digit:]]*\r\n",
		"\xef\xbb\xbf**/x/\n  \n# c\n[a\n\\",
	} {
		f.Add([]byte(s), "a/b/x.log", true)
	}
	f.Fuzz(func(t *testing.T, data []byte, path string, isDir bool) {
		ps := Parse(".gitignore", data, "a/")
		for i := range ps {
			if i > 0 && ps[i].Line <= ps[i-1].Line {
				t.Fatalf("lines out of order: %d after %d", ps[i].Line, ps[i-1].Line)
			}
			if strings.ContainsAny(ps[i].Text, "\n\x00") {
				t.Fatalf("pattern %q holds a newline or NUL", ps[i].Text)
			}
		}
		path = strings.Trim(strings.ReplaceAll(path, "\x00", ""), "/")
		if path == "" {
			return
		}
		m := New(ps)
		p := m.Match(path, isDir)
		neg := make([]Pattern, len(ps))
		for i, q := range ps {
			q.Negative = !q.Negative
			neg[i] = q
		}
		q := New(neg).Match(path, isDir)
		if (p == nil) != (q == nil) || (p != nil && p.Negative == q.Negative) {
			t.Fatalf("negation does not invert: %v / %v", p, q)
		}
	})
}
