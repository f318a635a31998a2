package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/gatesel/gatesel/graph"
	"github.com/gatesel/gatesel/selector"
)

// matrixKeys are the fixed keys of a matrix entry, in output order.
var matrixKeys = []string{"id", "gate", "layer", "scope", "run"}

// GitHub writes the plan as a GitHub Actions matrix on one line:
// {"include":[…]}, one entry per instance in plan order with id, gate, layer,
// scope and run, followed by the instance's `with` attributes in key order.
// A `with` key that equals a fixed key, ignoring case (GitHub expressions
// look properties up case-insensitively), is an error. An empty plan gives
// {"include":[]}.
//
// A plan of more instances than opt.MaxJobs (default 256, GitHub's limit
// of jobs in a matrix) is packed into at most that many entries
// (packMatrix): a bundle's entry has id "bundle-N-of-M", gate "bundle",
// ids (the instances it runs, in plan order) and a run script that runs
// their commands one after the other and fails if any failed. The matrix
// therefore always fits; it is never truncated.
//
//	{"include":[{"id":"unit:billing","gate":"unit","layer":"local","scope":"billing","run":"go test ./services/billing/...","runs-on":"ubuntu-latest"}]}
func GitHub(w io.Writer, p *selector.Plan, opt Options) error {
	b, err := githubMatrix(p.Gates, opt.MaxJobs)
	if err != nil {
		return err
	}
	b = append(b, '\n')
	_, err = w.Write(b)
	return err
}

// GitHubOutput appends the step outputs to w in the syntax of GitHub's
// $GITHUB_OUTPUT file, in this order:
//
//	matrix            the whole plan as {"include":[…]} (see GitHub)
//	matrix_<layer>    for contract, global, local, smoke: that layer's entries, possibly {"include":[]}
//	count             the number of instances in the plan
//	count_<layer>     the number of instances of each layer
//	any               true when the plan has an instance, else false
//	any_<layer>       true when the layer has an instance, else false
//	all               true when the plan selected every gate, else false
//	jobs              the number of entries of matrix (count, or fewer when packed)
//
// A job can skip cleanly on `if: needs.plan.outputs.any_local == 'true'`
// instead of feeding an empty matrix to fromJSON. Each matrix is packed to
// at most opt.MaxJobs entries, as GitHub's is, so every one of them parses
// and fits GitHub's limit however large the plan.
//
// Values are written as key=value lines; a value containing a newline uses
// the key<<DELIMITER form, with a delimiter that does not occur in it.
func GitHubOutput(w io.Writer, p *selector.Plan, opt Options) error {
	whole, err := githubMatrix(p.Gates, opt.MaxJobs)
	if err != nil {
		return err
	}
	perLayer := make(map[graph.Layer][]byte, len(graph.Layers))
	counts := make(map[graph.Layer]int, len(graph.Layers))
	for _, layer := range graph.Layers {
		var in []selector.Instance
		for _, inst := range p.Gates {
			if inst.Layer == layer {
				in = append(in, inst)
			}
		}
		b, err := githubMatrix(in, opt.MaxJobs)
		if err != nil {
			return err
		}
		perLayer[layer], counts[layer] = b, len(in)
	}

	var out bytes.Buffer
	writeOutput(&out, "matrix", string(whole))
	for _, layer := range graph.Layers {
		writeOutput(&out, "matrix_"+layer.String(), string(perLayer[layer]))
	}
	writeOutput(&out, "count", strconv.Itoa(len(p.Gates)))
	for _, layer := range graph.Layers {
		writeOutput(&out, "count_"+layer.String(), strconv.Itoa(counts[layer]))
	}
	writeOutput(&out, "any", strconv.FormatBool(len(p.Gates) > 0))
	for _, layer := range graph.Layers {
		writeOutput(&out, "any_"+layer.String(), strconv.FormatBool(counts[layer] > 0))
	}
	writeOutput(&out, "all", strconv.FormatBool(p.All))
	writeOutput(&out, "jobs", strconv.Itoa(len(packMatrix(p.Gates, opt.MaxJobs))))
	_, err = w.Write(out.Bytes())
	return err
}

// writeOutput writes one $GITHUB_OUTPUT entry.
func writeOutput(b *bytes.Buffer, key, value string) {
	if !strings.ContainsAny(value, "\r\n") {
		b.WriteString(key + "=" + value + "\n")
		return
	}
	delim := "GATESEL_EOF"
	lines := strings.FieldsFunc(value, func(r rune) bool { return r == '\n' || r == '\r' })
	for n := 1; slices.Contains(lines, delim); n++ {
		delim = "GATESEL_EOF_" + strconv.Itoa(n)
	}
	b.WriteString(key + "<<" + delim + "\n" + value + "\n" + delim + "\n")
}

// githubMatrix encodes instances as {"include":[…]} on one line, packed to
// at most max entries, without HTML escaping so that `&&` in a run command
// stays readable.
func githubMatrix(gates []selector.Instance, max int) ([]byte, error) {
	for _, inst := range gates { // every instance's attributes are checked, packed or not
		if err := checkWith(inst); err != nil {
			return nil, err
		}
	}
	bundles := packMatrix(gates, max)
	var b bytes.Buffer
	b.WriteString(`{"include":[`)
	for i, bu := range bundles {
		if i > 0 {
			b.WriteByte(',')
		}
		var ids []string
		if len(bu.gates) > 1 {
			ids = bu.ids
		}
		inst, layer := bu.entry(i+1, len(bundles))
		if err := githubEntry(&b, inst, layer, ids); err != nil {
			return nil, err
		}
	}
	b.WriteString(`]}`)
	return b.Bytes(), nil
}

// checkWith refuses a with key that equals a fixed matrix key.
func checkWith(inst selector.Instance) error {
	for k := range inst.With {
		for _, f := range matrixKeys {
			if strings.EqualFold(k, f) {
				return fmt.Errorf("gate instance %s: with key %q collides with the matrix key %q", inst.ID, k, f)
			}
		}
	}
	return nil
}

// githubEntry writes one matrix entry; ids, when set, is a bundle's list.
func githubEntry(b *bytes.Buffer, inst selector.Instance, layer string, ids []string) error {
	fixed := []string{inst.ID, inst.Gate, layer, inst.Scope, inst.Run}
	b.WriteByte('{')
	for i, k := range matrixKeys {
		if i > 0 {
			b.WriteByte(',')
		}
		writeJSON(b, k)
		b.WriteByte(':')
		writeJSON(b, fixed[i])
	}
	keys := make([]string, 0, len(inst.With))
	for k := range inst.With {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if ids != nil {
		b.WriteString(`,"ids":[`)
		for i, id := range ids {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSON(b, id)
		}
		b.WriteByte(']')
	}
	for _, k := range keys {
		v, err := encodeJSON(inst.With[k])
		if err != nil {
			return fmt.Errorf("gate instance %s: with key %q: %w", inst.ID, k, err)
		}
		b.WriteByte(',')
		writeJSON(b, k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return nil
}

// writeJSON writes a string as a JSON string; strings always encode.
func writeJSON(b *bytes.Buffer, s string) {
	v, _ := encodeJSON(s)
	b.Write(v)
}

// encodeJSON encodes v compactly without HTML escaping.
func encodeJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}
