package render

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/gatesel/gatesel/graph"
	"github.com/gatesel/gatesel/selector"
)

// ErrMatrixLimit is wrapped by the GitHub renderers when a matrix would hold
// more entries than GitHub Actions accepts in one job matrix.
var ErrMatrixLimit = errors.New("matrix over GitHub's 256-job limit")

// MatrixLimitError is ErrMatrixLimit with the plan's count: the per-layer
// matrices that GitHubOutput writes (matrix_contract, matrix_global,
// matrix_local, matrix_smoke) are the way out.
type MatrixLimitError struct {
	Entries int // the plan's instances
}

func (e *MatrixLimitError) Error() string {
	return fmt.Sprintf("%v: the plan has %d entries; use the per-layer matrices (matrix_contract, matrix_global, matrix_local, matrix_smoke) instead", ErrMatrixLimit, e.Entries)
}

// Unwrap returns ErrMatrixLimit.
func (e *MatrixLimitError) Unwrap() error { return ErrMatrixLimit }

// githubMatrixLimit is GitHub Actions' maximum number of jobs per matrix.
const githubMatrixLimit = 256

// matrixKeys are the fixed keys of a matrix entry, in output order.
var matrixKeys = []string{"id", "gate", "layer", "scope", "run"}

// GitHub writes the plan as a GitHub Actions matrix on one line:
// {"include":[…]}, one entry per instance in plan order with id, gate, layer,
// scope and run, followed by the instance's `with` attributes in key order.
// A `with` key that equals a fixed key, ignoring case (GitHub expressions
// look properties up case-insensitively), is an error. An empty plan gives
// {"include":[]}. More than 256 entries is an error wrapping ErrMatrixLimit
// that suggests the per-layer matrices; the matrix is never truncated.
//
//	{"include":[{"id":"unit:billing","gate":"unit","layer":"local","scope":"billing","run":"go test ./services/billing/...","runs-on":"ubuntu-latest"}]}
func GitHub(w io.Writer, p *selector.Plan) error {
	b, err := githubMatrix(p.Gates)
	if err != nil {
		return err
	}
	if n := len(p.Gates); n > githubMatrixLimit {
		return &MatrixLimitError{Entries: n}
	}
	b = append(b, '\n')
	_, err = w.Write(b)
	return err
}

// GitHubOutput appends the step outputs to w in the syntax of GitHub's
// $GITHUB_OUTPUT file, in this order:
//
//	matrix            the whole plan as {"include":[…]} (see below)
//	matrix_<layer>    for contract, global, local, smoke: that layer's entries, possibly {"include":[]}
//	count             the number of instances in the plan
//	count_<layer>     the number of instances of each layer
//	any               true when the plan has an instance, else false
//	any_<layer>       true when the layer has an instance, else false
//	all               true when the plan selected every gate, else false
//
// A job can skip cleanly on `if: needs.plan.outputs.any_local == 'true'`
// instead of feeding an empty matrix to fromJSON.
//
// GitHub's limit of 256 jobs applies to each matrix written. A layer over
// the limit is an error wrapping ErrMatrixLimit, and nothing is written. When
// only the whole-plan matrix is over the limit, the per-layer keys are
// written as usual, `matrix` is written with an empty value, and
// `matrix_error` says why. The empty value is deliberate: a job fed by
// fromJSON(needs.plan.outputs.matrix) then fails loudly instead of skipping
// its gates, which an empty {"include":[]} would let it do.
//
// Values are written as key=value lines; a value containing a newline uses
// the key<<DELIMITER form, with a delimiter that does not occur in it.
func GitHubOutput(w io.Writer, p *selector.Plan) error {
	whole, err := githubMatrix(p.Gates)
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
		if len(in) > githubMatrixLimit {
			return fmt.Errorf("%w: matrix_%s has %d entries; split the layer's gates (profiles, fewer scopes) or run them outside a matrix", ErrMatrixLimit, layer, len(in))
		}
		b, err := githubMatrix(in)
		if err != nil {
			return err
		}
		perLayer[layer], counts[layer] = b, len(in)
	}

	var out bytes.Buffer
	if len(p.Gates) > githubMatrixLimit {
		writeOutput(&out, "matrix", "")
		writeOutput(&out, "matrix_error", fmt.Sprintf("%s: the plan has %d entries; use the per-layer matrices matrix_contract, matrix_global, matrix_local and matrix_smoke", ErrMatrixLimit, len(p.Gates)))
	} else {
		writeOutput(&out, "matrix", string(whole))
	}
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

// githubMatrix encodes instances as {"include":[…]} on one line, without
// HTML escaping so that `&&` in a run command stays readable.
func githubMatrix(gates []selector.Instance) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(`{"include":[`)
	for i, inst := range gates {
		if i > 0 {
			b.WriteByte(',')
		}
		if err := githubEntry(&b, inst); err != nil {
			return nil, err
		}
	}
	b.WriteString(`]}`)
	return b.Bytes(), nil
}

func githubEntry(b *bytes.Buffer, inst selector.Instance) error {
	fixed := []string{inst.ID, inst.Gate, inst.Layer.String(), inst.Scope, inst.Run}
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
	for _, k := range keys {
		for _, f := range matrixKeys {
			if strings.EqualFold(k, f) {
				return fmt.Errorf("gate instance %s: with key %q collides with the matrix key %q", inst.ID, k, f)
			}
		}
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
