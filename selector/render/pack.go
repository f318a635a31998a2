package render

import (
	"fmt"
	"slices"
	"strings"

	"github.com/gatesel/gatesel/selector"
)

// DefaultMaxJobs is GitHub Actions' limit of jobs in one matrix, the
// default of Options.MaxJobs.
const DefaultMaxJobs = 256

// bundle is a matrix entry that runs several instances one after the other.
type bundle struct {
	ids   []string
	gates []selector.Instance
}

// packMatrix returns the matrix entries for gates: the instances themselves
// when they fit in max, else at most max bundles. Packing is a function of
// the instances alone. Instances are grouped by layer and by their `with`
// attributes (a bundle of gates that ask for different runners could not
// honour them), each group gets a share of the entries in proportion to
// its size and at least one, and is cut into runs of consecutive instances
// whose sizes differ by at most one. With more groups than entries, the
// instances are cut into max runs regardless, and a bundle keeps only the
// attributes its instances agree on.
func packMatrix(gates []selector.Instance, max int) []bundle {
	if max <= 0 {
		max = DefaultMaxJobs
	}
	if len(gates) <= max {
		out := make([]bundle, len(gates))
		for i, g := range gates {
			out[i] = bundle{ids: []string{g.ID}, gates: []selector.Instance{g}}
		}
		return out
	}
	var groups [][]selector.Instance
	index := map[string]int{}
	for _, g := range gates {
		k := g.Layer.String() + "\x00" + withKey(g)
		i, ok := index[k]
		if !ok {
			i = len(groups)
			index[k] = i
			groups = append(groups, nil)
		}
		groups[i] = append(groups[i], g)
	}
	if len(groups) > max {
		return cut(gates, max)
	}
	shares := apportion(groups, len(gates), max)
	var out []bundle
	for i, grp := range groups {
		out = append(out, cut(grp, shares[i])...)
	}
	return out
}

// apportion gives each group at least one of max entries, the rest in
// proportion to the groups' sizes (largest remainder, ties to the first).
func apportion(groups [][]selector.Instance, n, max int) []int {
	shares := make([]int, len(groups))
	left := max - len(groups)
	rems := make([]int, len(groups))
	used := 0
	for i, g := range groups {
		extra := (len(g) - 1) * left / n
		shares[i] = 1 + extra
		rems[i] = (len(g) - 1) * left % n
		used += extra
	}
	for used < left {
		best := -1
		for i := range groups {
			if shares[i] < len(groups[i]) && (best < 0 || rems[i] > rems[best]) {
				best = i
			}
		}
		if best < 0 {
			break
		}
		shares[best]++
		rems[best] = -1
		used++
	}
	for i, g := range groups {
		shares[i] = min(shares[i], len(g))
	}
	return shares
}

// cut splits gates into k runs of consecutive instances, sizes differing by at most one.
func cut(gates []selector.Instance, k int) []bundle {
	out := make([]bundle, 0, k)
	start := 0
	for i := range k {
		size := len(gates) / k
		if i < len(gates)%k {
			size++
		}
		b := bundle{gates: gates[start : start+size]}
		for _, g := range b.gates {
			b.ids = append(b.ids, g.ID)
		}
		out = append(out, b)
		start += size
	}
	return out
}

// withKey is a canonical text of an instance's with attributes.
func withKey(g selector.Instance) string {
	keys := make([]string, 0, len(g.With))
	for k := range g.With {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b strings.Builder
	for _, k := range keys {
		v, err := encodeJSON(g.With[k])
		if err != nil {
			v = []byte(fmt.Sprintf("%#v", g.With[k]))
		}
		b.WriteString(k + "\x00" + string(v) + "\x00")
	}
	return b.String()
}

// entry is the instance a bundle's matrix entry shows, and its layer's
// name: the instance itself for a bundle of one; else id "bundle-N-of-M",
// gate "bundle", the layer and scope its instances share ("" otherwise),
// the script that runs them, and the with attributes they agree on.
func (b bundle) entry(n, of int) (selector.Instance, string) {
	if len(b.gates) == 1 {
		return b.gates[0], b.gates[0].Layer.String()
	}
	layer := b.gates[0].Layer.String()
	e := selector.Instance{
		ID:    fmt.Sprintf("bundle-%d-of-%d", n, of),
		Gate:  "bundle",
		Layer: b.gates[0].Layer,
		Scope: b.gates[0].Scope,
		Run:   bundleScript(b.gates),
		With:  map[string]any{},
	}
	for k, v := range b.gates[0].With {
		e.With[k] = v
	}
	for _, g := range b.gates[1:] {
		if g.Layer != e.Layer {
			layer = ""
		}
		if g.Scope != e.Scope {
			e.Scope = ""
		}
		for k, v := range e.With {
			w, ok := g.With[k]
			if !ok || !sameValue(w, v) {
				delete(e.With, k)
			}
		}
	}
	for k := range e.With {
		if strings.EqualFold(k, "ids") {
			delete(e.With, k) // the bundle's own key
		}
	}
	return e, layer
}

func sameValue(a, b any) bool {
	x, errX := encodeJSON(a)
	y, errY := encodeJSON(b)
	return errX == nil && errY == nil && string(x) == string(y)
}

// bundleScript runs each instance's command in its own sh, one after the
// other, every one of them even when one fails, and fails if any failed,
// naming which.
func bundleScript(gates []selector.Instance) string {
	var b strings.Builder
	b.WriteString("gatesel_failed=\n")
	for _, g := range gates {
		fmt.Fprintf(&b, "echo %s\nsh -c %s || gatesel_failed=\"$gatesel_failed \"%s\n",
			shQuote("== "+g.ID), shQuote(g.Run), shQuote(g.ID))
	}
	b.WriteString(`if [ -n "$gatesel_failed" ]; then echo "gatesel: failed:$gatesel_failed" >&2; exit 1; fi`)
	return b.String()
}

// shQuote quotes s for a POSIX shell.
func shQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }
