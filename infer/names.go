package infer

import (
	"cmp"
	"path"
	"slices"
	"strconv"
	"strings"
)

// nameMembers gives each member its service name by the rule of Infer;
// names[i] is the name of ms[i].
func nameMembers(ms []*member) []string {
	names := make([]string, len(ms))
	for i, m := range ms {
		names[i] = sanitize(path.Base(m.dir))
	}
	// each round renames only the names that collide
	rounds := []func(m *member) string{
		func(m *member) string { return sanitize(strings.ReplaceAll(m.dir, "/", "-")) },
		func(m *member) string { return sanitize(strings.ReplaceAll(m.dir, "/", "-")) + "-" + string(m.eco) },
	}
	for _, round := range rounds {
		for _, i := range colliding(names) {
			names[i] = round(ms[i])
		}
	}
	// last resort: number the rest in (directory, ecosystem) order
	groups := map[string][]int{}
	for _, i := range colliding(names) {
		groups[names[i]] = append(groups[names[i]], i)
	}
	taken := map[string]bool{}
	for _, n := range names {
		taken[n] = true
	}
	keys := mapsKeys(groups)
	slices.Sort(keys)
	for _, name := range keys {
		g := groups[name]
		slices.SortFunc(g, func(a, b int) int {
			return cmp.Or(cmp.Compare(ms[a].dir, ms[b].dir), cmp.Compare(ms[a].eco, ms[b].eco))
		})
		for k, i := range g[1:] {
			n := k + 2
			for taken[name+"-"+strconv.Itoa(n)] {
				n++
			}
			names[i] = name + "-" + strconv.Itoa(n)
			taken[names[i]] = true
		}
	}
	return names
}

// colliding returns the indexes of the names that occur more than once.
func colliding(names []string) []int {
	count := map[string]int{}
	for _, n := range names {
		count[n]++
	}
	var out []int
	for i, n := range names {
		if count[n] > 1 {
			out = append(out, i)
		}
	}
	return out
}

// sanitize makes s a valid gatesel name: [A-Za-z0-9_][A-Za-z0-9_.-]*;
// "root" for the root directory or when nothing is left.
func sanitize(s string) string {
	if s == "." || s == "" {
		return "root"
	}
	b := []byte(s)
	for i, c := range b {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '.' || c == '-') {
			b[i] = '-'
		}
	}
	out := strings.TrimLeft(string(b), ".-")
	if out == "" {
		return "root"
	}
	return out
}

func mapsKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := mapsKeys(m)
	slices.Sort(out)
	return out
}
