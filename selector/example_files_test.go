package selector_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/gatesel/gatesel/selector"
)

// ReadFiles reads a change list: here `git diff --name-status -z` output,
// read in the name-status format.
func ExampleReadFiles() {
	in := "R100\x00old/a.go\x00new/a.go\x00M\x00b.go\x00"
	changes, warnings, err := selector.ReadFiles("stdin", strings.NewReader(in), selector.FilesOptions{NUL: true, Format: selector.FilesNameStatus})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range changes {
		fmt.Println(c.Status, c.Path, "from:"+c.OldPath)
	}
	fmt.Println(len(warnings), "warning(s)")
	// Output:
	// M b.go from:
	// R new/a.go from:old/a.go
	// 0 warning(s)
}

// A change list error is positioned in the input the caller named.
func ExampleFilesError() {
	_, _, err := selector.ReadFiles("changes.txt", strings.NewReader("a.go\nM\t../b.go\n"), selector.FilesOptions{})
	fmt.Println(err)
	var fe *selector.FilesError
	if errors.As(err, &fe) {
		fmt.Println(fe.File, fe.Line, fe.Col)
	}
	// Output:
	// changes.txt:2:3: path leaves the repository: ../b.go
	// changes.txt 2 3
}
