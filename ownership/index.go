package ownership

import "strings"

// index finds the rules that can match a path without trying every rule.
//
//   - Anchored patterns that start with literal segments ("/docs/api/",
//     "src/*.go") hang in a trie under those segments; a lookup walks the
//     trie along the path and tries the rules on the nodes it passes.
//   - Floating patterns ("**/" then something: "README.md", "apps/",
//     "*.js") are keyed by their first segment after the "**": a literal by
//     its text, a glob ending in a literal with a dot ("*.min.js",
//     "*metadata.csv") by its extension. A lookup tries the keys of every
//     path segment.
//   - Everything else ("*", "/*.md", "?x/") is tried for every path; real
//     files have a handful of these.
//
// Each candidate is then checked with the compiled pattern (the residue
// after the indexed part), so a lookup costs O(path segments) map look-ups
// plus the candidates that share a key, not O(rules).
type index struct {
	root     trieNode
	floatLit map[string][]int32 // literal first segment after "**"
	floatExt map[string][]int32 // extension of a glob first segment after "**"
	rest     []int32            // tried on every path
}

type trieNode struct {
	rules    []int32 // rules whose literal prefix ends here; checked on the rest
	children map[string]*trieNode
}

// litPrefix is how many leading segments of p are literal.
func litPrefix(p *pattern) int {
	n := 0
	for n < len(p.segs) && p.segs[n].kind == segLiteral {
		n++
	}
	return n
}

// globExt is the extension that every name a glob matches ends with, or "".
func globExt(glob string) string {
	last := strings.LastIndexAny(glob, `*?[]\`)
	suffix := glob[last+1:]
	dot := strings.LastIndexByte(suffix, '.')
	if last < 0 || dot < 0 {
		return ""
	}
	return suffix[dot:]
}

// nameExt is the extension of a path segment (from its last dot), or "".
func nameExt(name string) string {
	if dot := strings.LastIndexByte(name, '.'); dot >= 0 {
		return name[dot:]
	}
	return ""
}

func buildIndex(rules []compiledRule) index {
	idx := index{floatLit: map[string][]int32{}, floatExt: map[string][]int32{}}
	for i := range rules {
		id := int32(i)
		p := &rules[i].pat
		if n := litPrefix(p); n > 0 {
			node := &idx.root
			for _, s := range p.segs[:n] {
				if node.children == nil {
					node.children = map[string]*trieNode{}
				}
				child := node.children[s.text]
				if child == nil {
					child = &trieNode{}
					node.children[s.text] = child
				}
				node = child
			}
			node.rules = append(node.rules, id)
			continue
		}
		if len(p.segs) >= 2 && p.segs[0].kind == segAny {
			switch s := p.segs[1]; s.kind {
			case segLiteral:
				idx.floatLit[s.text] = append(idx.floatLit[s.text], id)
				continue
			case segGlob:
				if ext := globExt(s.text); ext != "" {
					idx.floatExt[ext] = append(idx.floatExt[ext], id)
					continue
				}
			}
		}
		idx.rest = append(idx.rest, id)
	}
	return idx
}

// visit calls try(rule, from) for every rule that may match path, where
// from is how many leading path segments the index has already matched
// against the rule's first from pattern segments (for the trie) or, for
// floating rules, the segment where the rule's "**" ends.
func (idx *index) visit(path []string, try func(rule int32, patFrom, pathFrom int)) {
	node := &idx.root
	for _, id := range node.rules {
		try(id, 0, 0)
	}
	for depth, seg := range path {
		next := node.children[seg]
		if next == nil {
			break
		}
		node = next
		for _, id := range node.rules {
			try(id, depth+1, depth+1)
		}
	}
	for j, seg := range path {
		for _, id := range idx.floatLit[seg] {
			try(id, 2, j+1)
		}
		if ext := nameExt(seg); ext != "" {
			for _, id := range idx.floatExt[ext] {
				try(id, 1, j)
			}
		}
	}
	for _, id := range idx.rest {
		try(id, 0, 0)
	}
}
