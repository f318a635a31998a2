package infer

import "testing"

// FuzzParseTree: the indented reader of pnpm-lock.yaml and yarn.lock never
// panics, and each node's line is within the input.
func FuzzParseTree(f *testing.F) {
	for _, s := range []string{"a: 1\nb:\n  c: 'x'\n", "\"a@^1\", a@^2:\n  version \"1.0.0\"\n  dependencies:\n    b \"^1\"\n", "k: {a: b}\n  - x\n", "'q''q': \"\\\"\"\n"} {
		f.Add([]byte(s), true)
		f.Add([]byte(s), false)
	}
	f.Fuzz(func(t *testing.T, data []byte, colon bool) {
		n, err := parseTree("f", data, colon)
		if err != nil {
			return
		}
		lines := 1
		for _, c := range data {
			if c == '\n' {
				lines++
			}
		}
		var walk func(*tnode, int)
		walk = func(n *tnode, depth int) {
			if depth > maxTreeDepth+1 {
				t.Fatalf("deeper than the bound")
			}
			for _, c := range n.kids {
				if c.line < 1 || c.line > lines {
					t.Fatalf("line %d out of 1..%d", c.line, lines)
				}
				walk(c, depth+1)
			}
		}
		walk(n, 0)
		_ = n.text()
	})
}
