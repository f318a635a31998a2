package graph

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"text/template"
	"text/template/parse"
)

// Template budgets. A gate template is written by whoever edits the
// policy, and rendering it must neither hang nor exhaust memory:
// `{{range 1000000}}{{range 1000000}}{{end}}{{end}}` runs 10^12 empty
// iterations and `{{range 100}}{{$x = print $x $x}}{{end}}` doubles a
// string a hundred times. text/template has no step hook, and rendering
// under a deadline in a goroutine is no bound: the goroutine cannot be
// stopped and keeps its memory. So the budget is built into the template:
//
//   - Work. A render pays first for every node of its template, then
//     parseTemplate's {{budget N}}, prepended to the body of every
//     {{range}}, makes each iteration pay for the N nodes it is about to
//     execute. Nothing else repeats: {{template}}, {{define}} and {{block}}
//     are refused, so nothing recurses, and a render executes no more nodes
//     than it paid for. A {{range}} over an integer literal larger than the
//     budget is refused at load time.
//   - Memory. The built-ins that build strings (print, printf, println,
//     html, js, urlquery) are replaced, for the render, by versions that
//     bound their result before building it and pay for it in bytes.
//     printf takes widths and precisions of at most maxPrintfWidth and
//     neither `*` nor explicit argument indexes, so its result is bounded
//     by its format and arguments. The comparisons (eq, ne, lt, le, gt, ge)
//     pay for the strings they compare. The other built-ins only select
//     existing values (index, slice, and, or, not) or count them (len).
//   - Output. The rendered text goes to a writer that fails past its
//     limit.
//
// So the time and memory of a render are bounded by its budget, whatever
// the template. Each render has its own limits (maxTemplate*), and the
// renders of one plan or one validation share a Budget (maxPlan*), so that
// a policy cannot multiply a costly template by thousands of scopes. A
// render past a limit fails with ErrTemplateBudget and the limit; Render
// adds the template's position in its policy file.
const (
	maxTemplateSteps  = 100_000  // nodes executed by one render
	maxTemplateBytes  = 1 << 20  // bytes built or compared by one render
	maxTemplateOutput = 64 << 10 // bytes of one rendered text
	maxPrintfWidth    = 1000
)

// The limits of a shared Budget (variables for the tests only).
var (
	maxPlanSteps  int64 = 10_000_000
	maxPlanBytes  int64 = 256 << 20
	maxPlanOutput int64 = 256 << 20
)

// budgetFunc is the name of the step counter parseTemplate inserts.
const budgetFunc = "budget"

// ErrTemplateBudget is the cause of a render that went past a budget.
var ErrTemplateBudget = errors.New("template budget exceeded")

// Budget is the template budget that many renders share: those of one
// plan, or of one validation (Gate.RenderWithin). Its zero value is ready
// to use, and it is safe for concurrent use.
type Budget struct {
	steps, bytes, output atomic.Int64
}

// budget is the state of one render, and the shared budget it also pays
// into (nil for none).
type budget struct {
	steps  int // nodes paid for
	bytes  int // bytes built or compared
	shared *Budget
}

func (b *budget) step(n int) (string, error) {
	b.steps += n
	if b.steps > maxTemplateSteps {
		return "", fmt.Errorf("%w: more than %d steps", ErrTemplateBudget, maxTemplateSteps)
	}
	if b.shared != nil && b.shared.steps.Add(int64(n)) > maxPlanSteps {
		return "", fmt.Errorf("%w: more than %d steps for the templates of one plan together", ErrTemplateBudget, maxPlanSteps)
	}
	return "", nil
}

// charge checks that bound more bytes (built or compared) fit.
func (b *budget) charge(what string, bound int) error {
	if bound > maxTemplateBytes-b.bytes {
		return fmt.Errorf("%w: %s needs %d bytes, more than the %d left of %d", ErrTemplateBudget, what, bound, maxTemplateBytes-b.bytes, maxTemplateBytes)
	}
	if b.shared != nil && int64(bound) > maxPlanBytes-b.shared.bytes.Load() {
		return fmt.Errorf("%w: %s needs %d bytes, more than the templates of one plan may use together (%d)", ErrTemplateBudget, what, bound, maxPlanBytes)
	}
	return nil
}

// paid records n bytes built or compared.
func (b *budget) paid(n int) {
	b.bytes += n
	if b.shared != nil {
		b.shared.bytes.Add(int64(n))
	}
}

func (b *budget) built(s string) string {
	b.paid(len(s))
	return s
}

// cappedWriter fails a write past limit bytes, or past the shared
// budget's output.
type cappedWriter struct {
	w      strings.Builder
	limit  int
	shared *Budget
}

func (c *cappedWriter) Write(p []byte) (int, error) {
	if len(p) > c.limit-c.w.Len() {
		return 0, fmt.Errorf("%w: the rendered text is more than %d bytes", ErrTemplateBudget, c.limit)
	}
	if c.shared != nil && c.shared.output.Add(int64(len(p))) > maxPlanOutput {
		return 0, fmt.Errorf("%w: the templates of one plan render more than %d bytes together", ErrTemplateBudget, maxPlanOutput)
	}
	return c.w.Write(p)
}

var _ io.Writer = (*cappedWriter)(nil)

// execute renders t over data within the budgets: its own, and shared
// when not nil.
func execute(t *template.Template, data any, shared *Budget) (string, error) {
	if t.Tree == nil {
		return "", nil // nothing was parsed: nothing to render
	}
	b := &budget{shared: shared}
	// every node of the template once; the range bodies pay for their
	// iterations as they run
	nodes := 0
	walk(t.Root, func(parse.Node) { nodes++ })
	if _, err := b.step(nodes); err != nil {
		return "", fmt.Errorf("template: %s: %w", t.Name(), err)
	}
	if s, ok := data.(Scope); ok && isPlain(t.Root) {
		w := &cappedWriter{limit: maxTemplateOutput, shared: shared}
		if err := renderPlain(t.Root, s, w); err != nil {
			return "", err
		}
		return w.w.String(), nil
	}
	return executeTemplate(t, data, b)
}

// executeTemplate renders t with text/template, after execute paid for its
// nodes.
func executeTemplate(t *template.Template, data any, b *budget) (string, error) {
	shared := b.shared
	// a template of its own for this render, sharing t's parse tree
	// (read-only), with the built-ins bound to this render's budget
	c, err := template.New(t.Name()).Option("missingkey=error").Funcs(b.funcs()).AddParseTree(t.Name(), t.Tree)
	if err != nil {
		return "", err
	}
	w := &cappedWriter{limit: maxTemplateOutput, shared: shared}
	if err := c.Execute(w, data); err != nil {
		return "", err
	}
	return w.w.String(), nil
}
