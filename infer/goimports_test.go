package infer

import (
	"bytes"
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"io"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
)

// parserImports is go/parser's reading of src in ImportsOnly mode: the
// oracle scanImports must agree with.
func parserImports(src []byte) ([]goImport, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "x.go", src, parser.ImportsOnly)
	if err != nil {
		return nil, err
	}
	var out []goImport
	for _, s := range f.Imports {
		p, err := strconv.Unquote(s.Path.Value)
		if err != nil {
			return nil, err
		}
		at := fset.Position(s.Path.Pos())
		out = append(out, goImport{path: p, line: at.Line, col: at.Column})
	}
	return out, nil
}

// checkScan checks scanImports on src against go/parser, whole and on
// the prefixes at cuts, and readImports through a reader that returns
// one byte at a time.
func checkScan(t *testing.T, src []byte, cuts []int) {
	t.Helper()
	want, werr := parserImports(src)
	got, err := scanImports("x.go", src, true)
	if (err == nil) != (werr == nil) {
		t.Fatalf("%q: scanImports error %v, go/parser error %v", src, err, werr)
	}
	if err != nil {
		var pe *Error
		if !errors.As(err, &pe) || pe.File != "x.go" || pe.Line < 1 {
			t.Fatalf("%q: error %v not positioned", src, err)
		}
		return
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("%q: scanImports %v, go/parser %v", src, got, want)
	}
	for _, n := range cuts {
		if n > len(src) {
			continue
		}
		part, err := scanImports("x.go", src[:n], false)
		if err == errIncomplete {
			continue
		}
		if err != nil || fmt.Sprint(part) != fmt.Sprint(want) {
			t.Fatalf("%q cut at %d: %v %v, whole %v", src, n, part, err, want)
		}
	}
	var buf []byte
	read, err := readImports("x.go", iotest.OneByteReader(bytes.NewReader(src)), &buf)
	if err != nil || fmt.Sprint(read) != fmt.Sprint(want) {
		t.Fatalf("%q read: %v %v, whole %v", src, read, err, want)
	}
}

var scanTests = []string{
	"package a\n",
	"package a",
	"\ufeffpackage a; import \"x\"",
	"// Copyright\n\n//go:build windows\n\n/* doc */ package a // c\n\nimport \"example.com/b\"\nimport (\n\t\"fmt\"\n\tb2 \"example.com/b/c\"\n\t. \"example.com/d\"\n\t_ \"embed\"\n)\n\nfunc f() {}\n",
	"package a\nimport (\"x\"; \"y\")\nimport `raw/path`\nvar x = 1\n",
	"package a\nimport ()\nimport \"x\"\ntype T int",
	"package a\nimport \"x\" \"y\"\n",
	"package a\nimport (\n\"x\"\n",
	"package a\nimport x\n",
	"package a\nimport (;)\n",
	"package\n",
	"package 1\n",
	"func main() {}\n",
	"package a\nimport \"unterminated\n",
	"package a\nimport \"x\"\nfunc f() { broken syntax here (((",
	"package a\n/* unterminated comment",
	"package a\nimport \"\\xff\"\n",
	"package a\x00\n",
	"package a\nimport \"x\";\n",
	"package a\nimport (\"x\")",
	"",
}

func TestScanImports(t *testing.T) {
	for _, src := range scanTests {
		cuts := make([]int, len(src)+1)
		for i := range cuts {
			cuts[i] = i
		}
		checkScan(t, []byte(src), cuts)
	}
	// the usual file takes the fast path, a file with an escape the other
	for src, fast := range map[string]bool{scanTests[3]: true, scanTests[4]: true, "package a\nimport \"\\x41\"\n": false} {
		if _, ok := fastImports([]byte(src), true); ok != fast {
			t.Errorf("%q: fast path %v", src, ok)
		}
	}
	// an import block longer than the first read, and an error reported
	// with the file's name and position
	long := "package a\nimport (\n" + strings.Repeat("\t\"example.com/a/b/c/d\"\n", 1000) + ")\n"
	var buf []byte
	imps, err := readImports("l.go", strings.NewReader(long), &buf)
	if err != nil || len(imps) != 1000 || imps[999].line != 1002 {
		t.Fatalf("long import block: %d imports, %v", len(imps), err)
	}
	_, err = scanImports("b.go", []byte("package a\nimport x\n"), true)
	if err == nil || err.Error() != "b.go:2:9: expected import path, found newline" {
		t.Fatalf("error: %v", err)
	}
	// a read error is returned as it is
	if _, err := readImports("e.go", iotest.ErrReader(io.ErrClosedPipe), &buf); !errors.Is(err, io.ErrClosedPipe) {
		t.Fatalf("read error: %v", err)
	}
}

// FuzzScanImports: scanImports agrees with go/parser's ImportsOnly mode
// on any input (the same imports at the same positions, an error exactly
// when go/parser has one); a prefix it accepts gives the whole file's
// imports; readImports through one-byte reads gives them too; no panic.
func FuzzScanImports(f *testing.F) {
	for _, s := range scanTests {
		f.Add([]byte(s), uint16(len(s)/2))
	}
	f.Fuzz(func(t *testing.T, src []byte, cut uint16) {
		cuts := []int{int(cut), len(src) - 1, len(src)}
		if len(src) < 256 {
			for i := range len(src) {
				cuts = append(cuts, i)
			}
		}
		checkScan(t, src, cuts)
	})
}
