package selector

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// truncatedHint ends the error for a name-status record cut short.
const truncatedHint = " (a truncated input; a list of paths reads with the paths format)"

// The warnings of a NUL-separated input read two ways, or one way for the
// other.
const (
	bothWays   = "changes.txt reads both as NUL-separated paths and as name-status: the paths of both readings are taken (the status fields too); give its format, paths or name-status, to read it one way"
	pathsInNUL = "changes.txt starts with a status field but is not name-status: read as NUL-separated paths"
	crInLine   = "carriage return inside a line: lines end with LF or CRLF, and a name that holds a CR must be C-quoted as git quotes it"
)

// formatFilesTests are the change list formats, and the inputs that the
// auto format could read two ways (docs/reliability.md cites them by name).
var formatFilesTests = []readFilesTest{
	// -z whose first name looks like a status: never drop a name
	{
		name: "nul auto: a list of paths whose first name is a status keeps it", input: "A\x00services/b/x.go\x00", nul: true,
		want: []Change{{Path: "A", Status: Unknown}, {Path: "services/b/x.go", Status: Added}}, warnings: []string{bothWays},
	},
	{
		name: "nul auto: a rename status first keeps all three names", input: "R100\x00a.go\x00b.go\x00", nul: true,
		want: []Change{{Path: "R100", Status: Unknown}, {Path: "a.go", Status: Unknown}, {Path: "b.go", Status: Renamed, OldPath: "a.go"}}, warnings: []string{bothWays},
	},
	{
		name: "nul auto: a status first, then no name-status: read as paths", input: "M\x00a.go\x00b.go\x00", nul: true,
		want: []Change{{Path: "M", Status: Unknown}, {Path: "a.go", Status: Unknown}, {Path: "b.go", Status: Unknown}}, warnings: []string{pathsInNUL},
	},
	{
		name: "nul auto: a first name that is no status reads as paths, silently", input: "a.go\x00M\x00", nul: true,
		want: []Change{{Path: "M", Status: Unknown}, {Path: "a.go", Status: Unknown}},
	},
	{
		name: "nul paths format: status-like names are paths", input: "A\x00b.go\x00R100\x00", nul: true, format: FilesPaths,
		want: []Change{{Path: "A", Status: Unknown}, {Path: "R100", Status: Unknown}, {Path: "b.go", Status: Unknown}},
	},
	{
		name: "nul name-status format", input: "A\x00b.go\x00", nul: true, format: FilesNameStatus,
		want: []Change{{Path: "b.go", Status: Added}},
	},
	{
		name: "nul name-status format refuses a path list", input: "a.go\x00b.go\x00", nul: true, format: FilesNameStatus,
		err: "changes.txt:1:1: entry 1: expected a name-status status field, got \"a.go\"\n" +
			"changes.txt:1:6: entry 2: expected a name-status status field, got \"b.go\"",
	},
	{
		name: "nul positions count lines in names", input: "D\x00a\nb\x00M\x00../c\x00", nul: true, format: FilesNameStatus,
		err: "changes.txt:2:5: entry 4: path leaves the repository: ../c",
	},
	{
		name: "paths format: a tab is part of the name", input: "M\tx.go\n", format: FilesPaths,
		want: []Change{{Path: "M\tx.go", Status: Unknown}},
	},
	{
		name: "name-status format refuses a plain path", input: "M\tx.go\ny.go\nA\n", format: FilesNameStatus,
		err: "changes.txt:2: not a name-status line (a status, a tab, the path): \"y.go\"\n" +
			"changes.txt:3: status A needs 1 path(s), got 0",
	},

	// CR-only line ends are refused, not read as one path
	{name: "CR-only line ends", input: "a.go\rb.go\r", err: "changes.txt:1:5: " + crInLine},
	{name: "a CR inside one line", input: "a.go\r\nb.go\rc.go\n", err: "changes.txt:2:5: " + crInLine},
	{name: "a CR-only name-status line", input: "M\ta.go\rM\tb.go\r", err: "changes.txt:1:7: " + crInLine},
	{name: "a quoted CR is a name", input: "\"a\\rb.go\"\r\n", want: []Change{{Path: "a\rb.go", Status: Unknown}}},
	{name: "a CR in a NUL-separated name is a name", input: "a\rb.go\x00", nul: true, want: []Change{{Path: "a\rb.go", Status: Unknown}}},

	// an input that names no path is warned about
	{name: "blank lines only", input: "\n  \n\r\n", warnings: []string{noPath}},
	{name: "NULs only", input: "\x00\x00", nul: true, warnings: []string{noPath}},
}

func TestReadFilesFormats(t *testing.T) { runReadFilesTests(t, formatFilesTests) }

func TestParseFilesFormat(t *testing.T) {
	for _, f := range []FilesFormat{FilesAuto, FilesPaths, FilesNameStatus} {
		got, err := ParseFilesFormat(f.String())
		require.NoError(t, err)
		assert.Equal(t, f, got)
	}
	got, err := ParseFilesFormat("")
	require.NoError(t, err)
	assert.Equal(t, FilesAuto, got)
	_, err = ParseFilesFormat("lines")
	assert.EqualError(t, err, `unknown change list format "lines" (want auto, paths or name-status)`)
}

// TestReadFilesBounds: a change list over its bounds is an error that
// says so (and wraps ErrFilesTooLarge), never a run out of memory.
func TestReadFilesBounds(t *testing.T) {
	tests := []struct {
		name, input string
		opt         FilesOptions
		err         string
	}{
		{"bytes", "a.go\nb.go\n", FilesOptions{MaxBytes: 9}, "changes.txt: change list too large: more than 9 bytes"},
		{"paths", "a.go\nb.go\nc.go\n", FilesOptions{MaxPaths: 2}, "changes.txt:3: change list too large: more than 2 paths"},
		{"a rename counts two paths", "a.go\nR100\tb.go\tc.go\n", FilesOptions{MaxPaths: 2}, "changes.txt:2: change list too large: more than 2 paths"},
		{"NUL paths", "a\x00b\x00c", FilesOptions{NUL: true, MaxPaths: 2}, "changes.txt:1: change list too large: more than 2 paths"},
		{"NUL name-status", "M\x00a\x00M\x00b\x00M\x00c\x00", FilesOptions{NUL: true, Format: FilesNameStatus, MaxPaths: 2}, "changes.txt:1: change list too large: more than 2 paths"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, warnings, err := ReadFiles("changes.txt", strings.NewReader(tt.input), tt.opt)
			require.Error(t, err)
			assert.Equal(t, tt.err, err.Error())
			assert.ErrorIs(t, err, ErrFilesTooLarge)
			assert.Nil(t, got)
			assert.Nil(t, warnings)
		})
	}
	// at the bounds, the input reads
	got, _, err := ReadFiles("changes.txt", strings.NewReader("a.go\nb.go\n"), FilesOptions{MaxBytes: 10, MaxPaths: 2})
	require.NoError(t, err)
	assert.Len(t, got, 2)
}

// endless is an input that never ends: the same line over and over.
type endless struct{ line string }

func (e endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = e.line[i%len(e.line)]
	}
	return len(p) - len(p)%len(e.line), nil
}

// TestReadFilesEndless: an endless input stops at the default bound.
func TestReadFilesEndless(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 64 MiB")
	}
	_, _, err := ReadFiles("stdin", endless{"a.go\n"}, FilesOptions{})
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrFilesTooLarge)
	assert.Equal(t, fmt.Sprintf("stdin: change list too large: more than %d bytes", MaxFilesBytes), err.Error())
}

// TestReadFilesErrorBound: a list of bad lines reports the first 100 and
// stops, so that errors do not grow without bound either.
func TestReadFilesErrorBound(t *testing.T) {
	_, _, err := ReadFiles("changes.txt", strings.NewReader(strings.Repeat("/x\n", 1000)), FilesOptions{})
	require.Error(t, err)
	lines := strings.Split(err.Error(), "\n")
	require.Len(t, lines, maxErrors+1)
	assert.Equal(t, "changes.txt:100:1: path leaves the repository: /x", lines[maxErrors-1])
	assert.Equal(t, "changes.txt: too many errors, stopped after 100", lines[maxErrors])
}

// TestReadFilesPositionedErrors: every error is a *FilesError that names
// the input as the caller did, and unwraps to the cause.
func TestReadFilesPositionedErrors(t *testing.T) {
	_, _, err := ReadFiles("list", strings.NewReader("a.go\nM\t../x\nnul\x00\n"), FilesOptions{})
	require.Error(t, err)
	var fe *FilesError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, FilesError{File: "list", Line: 2, Col: 3, Err: fe.Err}, *fe)
	assert.Equal(t, "path leaves the repository: ../x", fe.Err.Error())
	assert.ErrorIs(t, err, ErrNULInLine)
	assert.NotContains(t, err.Error(), "-z", "a library error names no CLI flag")

	_, _, err = ReadFiles("list", failing{}, FilesOptions{})
	assert.EqualError(t, err, "read list: disk on fire")
}

type failing struct{}

func (failing) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

var _ io.Reader = failing{}
