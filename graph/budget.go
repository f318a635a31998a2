package graph

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
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
//   - Work. parseTemplate prepends to the body of every {{range}} a call
//     {{budget N}}, N being the number of nodes of the body: each iteration
//     pays for what it is about to execute, and the render fails once
//     maxTemplateSteps nodes are paid for. Nothing else repeats: {{template}},
//     {{define}} and {{block}} are refused, so nothing recurses, and a
//     render executes at most the template's own nodes plus
//     maxTemplateSteps. A {{range}} over an integer literal larger than
//     that is refused at load time.
//   - Memory. The built-ins that build strings (print, printf, println,
//     html, js, urlquery) are replaced, for the render, by versions that
//     bound their result before building it and charge it to
//     maxTemplateBytes. printf takes widths and precisions of at most
//     maxPrintfWidth and neither `*` nor explicit argument indexes, so
//     its result is bounded by its format and arguments. The other
//     built-ins only select or compare existing values.
//   - Output. The rendered text goes to a writer that fails past
//     maxTemplateOutput bytes.
//
// Each budget holds for one template of one instance (a run, or one string
// of with). A render past any of them fails with an error that names the
// limit; Render adds the position of the template in its policy file.
const (
	maxTemplateSteps  = 100_000
	maxTemplateBytes  = 1 << 20
	maxTemplateOutput = 64 << 10
	maxPrintfWidth    = 1000
)

// budgetFunc is the name of the step counter parseTemplate inserts.
const budgetFunc = "budget"

// ErrTemplateBudget is the cause of a render that went past a budget.
var ErrTemplateBudget = errors.New("template budget exceeded")

// budget is the state of one render.
type budget struct {
	steps int // nodes paid for
	bytes int // bytes built by print, printf, ...
}

func (b *budget) step(n int) (string, error) {
	b.steps += n
	if b.steps > maxTemplateSteps {
		return "", fmt.Errorf("%w: more than %d steps", ErrTemplateBudget, maxTemplateSteps)
	}
	return "", nil
}

// charge reserves room for a result of at most bound bytes.
func (b *budget) charge(what string, bound int) error {
	if bound > maxTemplateBytes-b.bytes {
		return fmt.Errorf("%w: %s could build %d bytes, more than the %d left of %d", ErrTemplateBudget, what, bound, maxTemplateBytes-b.bytes, maxTemplateBytes)
	}
	return nil
}

func (b *budget) built(s string) string {
	b.bytes += len(s)
	return s
}

// funcs are the built-in replacements bound to one render's budget.
func (b *budget) funcs() template.FuncMap {
	printLike := func(name string, factor int, f func(...any) string) func(...any) (string, error) {
		return func(args ...any) (string, error) {
			if err := b.charge(name, factor*printBound(args)); err != nil {
				return "", err
			}
			return b.built(f(args...)), nil
		}
	}
	return template.FuncMap{
		budgetFunc: b.step,
		"print":    printLike("print", 1, fmt.Sprint),
		"println":  printLike("println", 1, fmt.Sprintln),
		// the escapers format their arguments with fmt.Sprint, then expand
		// each byte to at most 6 ("\u003C")
		"html":     printLike("html", 6, template.HTMLEscaper),
		"js":       printLike("js", 6, template.JSEscaper),
		"urlquery": printLike("urlquery", 6, template.URLQueryEscaper),
		"printf": func(format string, args ...any) (string, error) {
			bound, err := printfBound(format, args)
			if err != nil {
				return "", err
			}
			if err := b.charge("printf", bound); err != nil {
				return "", err
			}
			return b.built(fmt.Sprintf(format, args...)), nil
		},
	}
}

// printBound bounds the length of fmt.Sprint(args...) (and Sprintln).
func printBound(args []any) int {
	n := 1
	for _, a := range args {
		n += valueBound(a, 1, 0) + 1
	}
	return n
}

// valueBound bounds the length of one value formatted by fmt with any verb,
// each byte of a string taking at most factor bytes (%q, "%# x") and each
// element padded to at most pad.
func valueBound(a any, factor, pad int) int {
	switch v := a.(type) {
	case string:
		return factor*len(v) + pad + 32
	case []string:
		n := 2
		for _, s := range v {
			n += factor*len(s) + pad + 33
		}
		return n
	case []any:
		n := 2
		for _, e := range v {
			n += valueBound(e, factor, pad) + 1
		}
		return n
	case nil, bool, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, uintptr, float32, float64, complex64, complex128:
		// a float64 in %f is at most 309 digits, plus its precision
		return 2*(330+pad) + 64
	}
	// no other type reaches a gate template (the scope holds strings and
	// lists of strings); bound it by its default formatting all the same
	return factor*len(fmt.Sprint(a)) + pad + 64
}

// printfBound bounds the length of fmt.Sprintf(format, args...), refusing
// what could make it large: a width or precision over maxPrintfWidth (fmt
// itself allows a million), one taken from an argument (`*`) or an explicit
// argument index (`%[2]s`).
func printfBound(format string, args []any) (int, error) {
	verbs, pad := 0, 0
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		for i < len(format) && strings.IndexByte("+-# 0", format[i]) >= 0 {
			i++
		}
		for part := 0; part < 2 && i < len(format); part++ {
			if format[i] == '*' || format[i] == '[' {
				return 0, fmt.Errorf("printf: %q: widths from arguments (*) and argument indexes ([n]) are not allowed in gate templates", format)
			}
			start := i
			for i < len(format) && '0' <= format[i] && format[i] <= '9' {
				i++
			}
			if i > start {
				n, err := strconv.Atoi(format[start:i])
				if err != nil || n > maxPrintfWidth {
					return 0, fmt.Errorf("printf: %q: a width or precision of %s is more than the %d allowed in gate templates", format, format[start:i], maxPrintfWidth)
				}
				pad = max(pad, n)
			}
			if part == 0 && i < len(format) && format[i] == '.' {
				i++
				continue
			}
			break
		}
		if i < len(format) && format[i] == '[' {
			return 0, fmt.Errorf("printf: %q: widths from arguments (*) and argument indexes ([n]) are not allowed in gate templates", format)
		}
		verbs++
	}
	n := len(format) + verbs*(pad+64)
	for _, a := range args {
		// %q quotes a byte in at most 4 ("\x00"), "%# x" writes 5 ("0x00 ")
		n += valueBound(a, 5, pad) + 64
	}
	return n, nil
}

// cappedWriter fails a write past limit bytes.
type cappedWriter struct {
	w     strings.Builder
	limit int
}

func (c *cappedWriter) Write(p []byte) (int, error) {
	if len(p) > c.limit-c.w.Len() {
		return 0, fmt.Errorf("%w: the rendered text is more than %d bytes", ErrTemplateBudget, c.limit)
	}
	return c.w.Write(p)
}

var _ io.Writer = (*cappedWriter)(nil)

// execute renders t over data within the budgets.
func execute(t *template.Template, data any) (string, error) {
	if t.Tree == nil {
		return "", nil // nothing was parsed: nothing to render
	}
	b := &budget{}
	// a template of its own for this render, sharing t's parse tree
	// (read-only), with the built-ins bound to this render's budget
	c, err := template.New(t.Name()).Option("missingkey=error").Funcs(b.funcs()).AddParseTree(t.Name(), t.Tree)
	if err != nil {
		return "", err
	}
	w := &cappedWriter{limit: maxTemplateOutput}
	if err := c.Execute(w, data); err != nil {
		return "", err
	}
	return w.w.String(), nil
}

// addBudget inserts the step counter at the top of every range body and
// refuses a range over an integer literal beyond the step budget.
func addBudget(n parse.Node) error {
	var err error
	walk(n, func(n parse.Node) {
		r, ok := n.(*parse.RangeNode)
		if !ok || err != nil {
			return
		}
		if c := rangeCount(r); c > maxTemplateSteps {
			err = fmt.Errorf("{{range %d}}: more than the %d iterations a gate template may run", c, maxTemplateSteps)
			return
		}
		cost := 1
		walk(r.List, func(parse.Node) { cost++ })
		id := parse.NewIdentifier(budgetFunc).SetPos(r.Pos)
		num := &parse.NumberNode{NodeType: parse.NodeNumber, Pos: r.Pos, IsInt: true, Int64: int64(cost), Text: strconv.Itoa(cost)}
		cmd := &parse.CommandNode{NodeType: parse.NodeCommand, Pos: r.Pos, Args: []parse.Node{id, num}}
		pipe := &parse.PipeNode{NodeType: parse.NodePipe, Pos: r.Pos, Line: r.Line, Cmds: []*parse.CommandNode{cmd}}
		act := &parse.ActionNode{NodeType: parse.NodeAction, Pos: r.Pos, Line: r.Line, Pipe: pipe}
		r.List.Nodes = append([]parse.Node{act}, r.List.Nodes...)
	})
	return err
}

// rangeCount is the integer literal a range iterates over, or 0.
func rangeCount(r *parse.RangeNode) int64 {
	if r.Pipe == nil || len(r.Pipe.Cmds) != 1 || len(r.Pipe.Cmds[0].Args) != 1 {
		return 0
	}
	if num, ok := r.Pipe.Cmds[0].Args[0].(*parse.NumberNode); ok && num.IsInt {
		return num.Int64
	}
	return 0
}

// walk calls f for n and every node below it, parents first.
func walk(n parse.Node, f func(parse.Node)) {
	if n == nil {
		return
	}
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		f(n)
		for _, c := range n.Nodes {
			walk(c, f)
		}
		return
	case *parse.PipeNode:
		if n == nil {
			return
		}
		f(n)
		for _, c := range n.Cmds {
			walk(c, f)
		}
		return
	}
	f(n)
	switch n := n.(type) {
	case *parse.ActionNode:
		walk(n.Pipe, f)
	case *parse.CommandNode:
		for _, a := range n.Args {
			walk(a, f)
		}
	case *parse.ChainNode:
		walk(n.Node, f)
	case *parse.IfNode:
		walkBranch(&n.BranchNode, f)
	case *parse.RangeNode:
		walkBranch(&n.BranchNode, f)
	case *parse.WithNode:
		walkBranch(&n.BranchNode, f)
	}
}

func walkBranch(b *parse.BranchNode, f func(parse.Node)) {
	walk(b.Pipe, f)
	walk(b.List, f)
	if b.ElseList != nil {
		walk(b.ElseList, f)
	}
}
