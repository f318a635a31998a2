package graph

import (
	"fmt"
	"strconv"
	"strings"
	"text/template"
)

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
		"eq":       b.eq,
		"ne":       b.ne,
		"lt":       b.ordered("lt", lt),
		"le":       b.ordered("le", le),
		"gt":       b.ordered("gt", gt),
		"ge":       b.ordered("ge", ge),
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
