package fastyaml

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// yamlV3 parses data as graph did before the fast path: one document.
func yamlV3(data []byte) (*yaml.Node, error) {
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("a second document or an error after the first: %v", err)
	}
	return &doc, nil
}

// sameTree reports the first difference between two trees, in every
// field and in each scalar's decoded value.
func sameTree(wt *Tree, want *Node, gt *Tree, got *Node, at string) string {
	type fields struct {
		Kind         yaml.Kind
		Tag, Value   string
		Line, Column int32
		Children     int
	}
	f := func(t *Tree, n *Node) fields {
		return fields{n.Kind, t.Tag(n), t.Value(n), n.Line, n.Column, n.Len()}
	}
	if f(wt, want) != f(gt, got) {
		return fmt.Sprintf("%s: yaml.v3 %+v, fast %+v", at, f(wt, want), f(gt, got))
	}
	if want.Kind == yaml.ScalarNode {
		wv, werr := wt.Scalar(want)
		gv, gerr := gt.Scalar(got)
		if werr != nil || gerr != nil || fmt.Sprintf("%T %#v", wv, wv) != fmt.Sprintf("%T %#v", gv, gv) {
			return fmt.Sprintf("%s: yaml.v3 decodes %T %#v (%v), fast %T %#v (%v)", at, wv, wv, werr, gv, gv, gerr)
		}
	}
	var wk, gk []*Node
	for _, c := range wt.Content(want) {
		wk = append(wk, c)
	}
	for _, c := range gt.Content(got) {
		gk = append(gk, c)
	}
	if len(wk) != want.Len() || len(gk) != got.Len() {
		return fmt.Sprintf("%s: %d and %d children listed, %d and %d counted", at, len(wk), len(gk), want.Len(), got.Len())
	}
	for i := range wk {
		if d := sameTree(wt, wk[i], gt, gk[i], fmt.Sprintf("%s/%d", at, i)); d != "" {
			return d
		}
	}
	return ""
}

// checkFast: where Parse accepts data, yaml.v3 parses it to the same
// tree. It returns whether the fast path accepted.
func checkFast(t testing.TB, data []byte) bool {
	got, nodes, ok := ParseCount(data)
	if !ok {
		return false
	}
	if n, aliases := countNodes(got, got.Root()); n+1 != nodes || aliases > 0 {
		t.Fatalf("ParseCount says %d nodes, the tree has %d and a document (%d aliases) for %q", nodes, n, aliases, data)
	}
	doc, err := yamlV3(data)
	require.NoError(t, err, "fast path accepted what yaml.v3 refuses: %q", data)
	want, wantNodes := FromYAML(doc, math.MaxInt, nil)
	require.NotNil(t, want.Root(), "yaml.v3 finds no document in %q", data)
	if d := sameTree(want, want.Root(), got, got.Root(), ""); d != "" {
		t.Fatalf("trees differ at %s for %q", d, data)
	}
	require.Equal(t, wantNodes, nodes, "node counts of %q", data)
	return true
}

// policyFiles are the policy files of the repository: examples, test data,
// and the gates.yaml files inside the testscripts.
func policyFiles(t *testing.T) map[string][]byte {
	out := map[string][]byte{}
	for _, root := range []string{"../..", "../../examples", "../../graph/testdata", "../../cmd/gatesel/testdata", "../../selector/testdata"} {
		err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() && p != root && (d.Name() == "bench" || strings.HasPrefix(d.Name(), ".")) {
				if d != nil && d.IsDir() {
					return filepath.SkipDir
				}
				return err
			}
			if d.IsDir() && root == "../.." && p != root {
				return filepath.SkipDir
			}
			if d.IsDir() {
				return nil
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			switch {
			case strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml"):
				out[p] = data
			case strings.HasSuffix(p, ".txtar"):
				for _, f := range txtar.Parse(data).Files {
					if strings.HasSuffix(f.Name, ".yaml") {
						out[p+":"+f.Name] = f.Data
					}
				}
			}
			return nil
		})
		require.NoError(t, err)
	}
	return out
}

// TestParseFastAgrees compares the fast path with yaml.v3 on every policy
// file of the repository, and checks that it takes the policies written in
// the usual style (else the speed-up is lost without a sign).
func TestParseFastAgrees(t *testing.T) {
	files := policyFiles(t)
	require.Greater(t, len(files), 60, "the policy files were found")
	accepted := 0
	for name, data := range files {
		if checkFast(t, data) {
			accepted++
		} else if _, err := yamlV3(data); err == nil && testing.Verbose() {
			t.Logf("left to yaml.v3: %s", name)
		}
	}
	t.Logf("%d of %d files take the fast path", accepted, len(files))
	assert.Greater(t, accepted, len(files)/2)
	for _, name := range []string{"../../gates.yaml", "../../examples/platform/gates.yaml", "../../examples/platform/services/search/gates.yaml"} {
		data, found := files[name]
		require.True(t, found, name)
		assert.True(t, checkFast(t, data), "%s takes the fast path", name)
	}
}

// fastScalars are scalars the fast path takes, of every kind; oddScalars
// are around its rules: types yaml.v3 resolves by more than a lookup,
// indicators, escapes, comments, flows it declines or yaml.v3 refuses.
var fastScalars = []string{
	"abc", "a b", "make all", "go test ./{{.Dir}}/...", "echo \"hi\"", "a 'b'", "0", "1", "42", "true", "True", "TRUE",
	"tRUE", "false", "yes", "no", "on", "off", "y", "n", "null", "Null", "~", "nULL", "a:b", "a#b", "http://x", "\"a b\"",
	"'it''s'", "''", "\"\"", "é", "日本語", "a\u00a0b", "[a]", "{a: b}", "[a, [b, c]]", "{a: [b]}", "[]", "{}", "[ ]",
	"[a,]", "[ a , b ]", "{a: b, c: d}", "{a: b,}", "[\"a\", 'b']", "{\"a\": b}", "['a': b]", "[a b, c]", "[a] # c",
	"\"a\" # c", "'a'  ", "123456789012345678", "a  b", "a,b", "a]", "a}", "{{.Name}}", "[{a: b}, {c: [d, e]}]",
	"[[[[a]]]]", "\"é\"", "{é: ü}", "[1, true, null, x]", "../a/**", ".github/**", "[../x, ./y]", "..", ".", ".e", ".5.5",
}

var oddScalars = []string{
	"01", "1.5", "-1", "+1", "0x1F", "1_000", ".5", "2001-12-14", "a: b", "a #b", "a # b", "<<", "-", "-a", "- a", "?a",
	"? a", "@x", "`x`", "%x", "!tag x", "!!str 1", "&a x", "*a", "|", ">", "|-\n  x", "\"a \\\" b\"", "\"a\\nb\"", "'a", "\"",
	"a\u0085b", "a\u2028b", "[a,,b]", "{a}", "{a: }", "[a: b]", "{a:b}", "[a] x", "[a]#c", "\"a\"x", "1234567890123456789",
	"0o17", "1e3", ".inf", "-.inf", ".nan", ".NaN", ".Inf", ".iNf", ".5e3", ".5", ".0_1", ".e1", "a\tb", "a: b: c", "a:", "key: [", "x\r", "\ufeffx", "[a, #b]", "{a: b c: d}", "{0: A?}", "[a?b]", "[?a]", "{a?: b}",
}

var fastKeys = []string{"a", "b", "version", "services", "1", "true", "on", "é", "a b", "a#b", "x-y", "null", "~"}

var oddKeys = []string{"<<", "a:b", "\"q\"", "'s'", "-k", "? k", "k ", "[k]", "01", "a #b", "&a k", "!t k"}

// genYAML writes a random document mostly in, and sometimes just outside,
// the fast path's style.
func genYAML(r *rand.Rand) []byte {
	var b strings.Builder
	var mapping, sequence func(indent, depth int, inline bool)
	pick := func(l []string) string { return l[r.IntN(len(l))] }
	odd := r.IntN(3) == 0 // a document with odd scalars, keys or layout
	scalar := func() string {
		if odd && r.IntN(8) == 0 {
			return pick(oddScalars)
		}
		return pick(fastScalars)
	}
	key := func() string {
		if odd && r.IntN(8) == 0 {
			return pick(oddKeys)
		}
		return pick(fastKeys)
	}
	comment := func() {
		if r.IntN(6) == 0 {
			b.WriteString(pick([]string{" # c", "  #c", "#c", " #"}))
		}
	}
	extra := func(indent int) {
		switch r.IntN(12) {
		case 0:
			b.WriteString("\n")
		case 1:
			b.WriteString(strings.Repeat(" ", r.IntN(6)) + "# note\n")
		case 2:
			b.WriteString(strings.Repeat(" ", indent) + "   \n")
		}
	}
	value := func(indent, depth int) {
		switch n := r.IntN(10); {
		case n < 6 || depth > 3:
			sep := " "
			if odd && r.IntN(10) == 0 {
				sep = ""
			}
			b.WriteString(sep + scalar())
			comment()
			b.WriteString("\n")
		case n < 8:
			comment()
			b.WriteString("\n")
			extra(indent)
			mapping(indent+1+r.IntN(4), depth+1, false)
		default:
			comment()
			b.WriteString("\n")
			extra(indent)
			if r.IntN(2) == 0 {
				sequence(indent, depth+1, false)
			} else {
				sequence(indent+1+r.IntN(3), depth+1, false)
			}
		}
	}
	mapping = func(indent, depth int, inline bool) {
		for i := range 1 + r.IntN(4) {
			if i > 0 || !inline {
				shift := 0
				if odd && r.IntN(10) == 0 {
					shift = 1
				}
				b.WriteString(strings.Repeat(" ", indent+shift))
			}
			b.WriteString(key() + ":")
			value(indent, depth)
			extra(indent)
		}
	}
	sequence = func(indent, depth int, inline bool) {
		for i := range 1 + r.IntN(4) {
			if i > 0 || !inline {
				b.WriteString(strings.Repeat(" ", indent))
			}
			b.WriteString("-")
			gap := 1 + r.IntN(3)
			switch n := r.IntN(10); {
			case n < 5 || depth > 3:
				b.WriteString(strings.Repeat(" ", gap) + scalar())
				comment()
				b.WriteString("\n")
			case n < 8:
				b.WriteString(strings.Repeat(" ", gap))
				mapping(indent+1+gap, depth+1, true)
			case n < 9:
				b.WriteString(strings.Repeat(" ", gap))
				sequence(indent+1+gap, depth+1, true)
			default:
				comment()
				b.WriteString("\n")
				mapping(indent+1+r.IntN(3), depth+1, false)
			}
			extra(indent)
		}
	}
	if r.IntN(10) == 0 {
		b.WriteString(pick([]string{"# head\n", "\n", "---\n", "%YAML 1.2\n---\n", " "}))
	}
	mapping(0, 0, false)
	if r.IntN(20) == 0 {
		b.WriteString(pick([]string{"...\n", "---\nb: 1\n", "  x\n", "- y\n"}))
	}
	return []byte(b.String())
}

// TestParseFastGenerated compares the two parsers on generated documents
// and on their mutations (a byte removed, doubled or replaced).
func TestParseFastGenerated(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	n, accepted := 20000, 0
	if testing.Short() {
		n = 2000
	}
	for range n {
		data := genYAML(r)
		if checkFast(t, data) {
			accepted++
		}
		if len(data) > 0 {
			i := r.IntN(len(data))
			mutated := [][]byte{
				append(append([]byte{}, data[:i]...), data[i+1:]...),
				append(append([]byte{}, data[:i+1]...), data[i:]...),
				append(append(append([]byte{}, data[:i]...), " -:#[]{},'\"\n"[r.IntN(12)]), data[i+1:]...),
			}
			for _, m := range mutated {
				checkFast(t, m)
			}
		}
	}
	t.Logf("%d of %d generated documents take the fast path", accepted, n)
	assert.Greater(t, accepted, n/10, "the generator reaches the fast path")
}

func FuzzParseFast(f *testing.F) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 50 {
		f.Add(genYAML(r))
	}
	f.Add([]byte("version: 1\ngates:\n  unit: {run: \"go test\", with: {a: [1, b]}}\n"))
	// issue 16: the profiles: section, a null profile, a gate in two roles
	f.Add([]byte("version: 1\nprofiles:\n  full:     {description: \"every gate, before a production release\"}\n  validate: {description: \"validation-only lane: no smoke tests\"}\n  nightly:\nservices:\n  a: {paths: [go.mod], gates: [test], smoke: [test]}\n"))
	f.Fuzz(func(t *testing.T, data []byte) { checkFast(t, data) })
}

// countNodes walks a tree: its nodes, and the aliases among them.
func countNodes(t *Tree, n *Node) (nodes, aliases int) {
	nodes = 1
	if n.Kind == yaml.AliasNode {
		aliases++
	}
	for _, c := range t.Content(n) {
		k, a := countNodes(t, c)
		nodes, aliases = nodes+k, aliases+a
	}
	return nodes, aliases
}

// TestFromYAMLLimitAndAliases: FromYAML counts every node, keeps none
// past the limit, and passes each alias to its function in document
// order.
func TestFromYAMLLimitAndAliases(t *testing.T) {
	doc, err := yamlV3([]byte("a: &x [1, 2]\nb: *x\nc: [*x, 3]\n"))
	require.NoError(t, err)
	var aliases []string
	tree, nodes := FromYAML(doc, 12, func(n *yaml.Node) { aliases = append(aliases, fmt.Sprintf("%d:%d", n.Line, n.Column)) })
	require.NotNil(t, tree)
	assert.Equal(t, 12, nodes) // document, mapping, 6 keys and values, 2 + 2 items
	assert.Equal(t, []string{"2:4", "3:5"}, aliases)
	tree, nodes = FromYAML(doc, 11, nil)
	assert.Nil(t, tree, "a tree past the limit")
	assert.Equal(t, 12, nodes, "nodes past the limit are still counted")
}
