package selector

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hostileFilesTests are --files inputs meant to confuse the reader; each
// is read exactly so or refused with exactly this error
// (docs/reliability.md cites them by name).
var hostileFilesTests = []readFilesTest{
	{name: "dot-dot inside the repository is cleaned", input: "a/b/../c.go\n", want: []Change{{"a/c.go", Unknown, ""}}},
	{name: "dot-dot that leaves", input: "a/../../etc/passwd\n", err: "changes.txt:1:1: path leaves the repository: a/../../etc/passwd"},
	{name: "dot-dot to the root", input: "a/..\n", err: "changes.txt:1:1: not a file path: a/.."},
	{name: "absolute path", input: "/etc/passwd\n", err: "changes.txt:1:1: path leaves the repository: /etc/passwd"},
	{name: "quoted absolute path", input: "\"/etc/passwd\"\n", err: "changes.txt:1:1: path leaves the repository: \"/etc/passwd\""},
	{name: "quoted dot-dot", input: "M\t\"..\\/x\"\n", err: "changes.txt:1:3: invalid quoted path: \"..\\/x\""},
	{name: "NUL byte in a line", input: "a.go\x00b.go\n", err: "changes.txt:1:5: NUL byte in a line (is the input NUL-separated?)"},
	{name: "quoted NUL byte", input: "\"a\\000b\"\n", err: "changes.txt:1:1: NUL byte in path: \"a\\x00b\""},
	{name: "quoted newline", input: "\"a\\nb.go\"\n", want: []Change{{"a\nb.go", Unknown, ""}}},
	{name: "newline in a NUL-separated name", input: "a\nb.go\x00", nul: true, want: []Change{{"a\nb.go", Unknown, ""}}},
	{name: "non-UTF-8 name is kept byte for byte", input: "caf\xe9.go\n\"caf\\351.txt\"\n", want: []Change{{"caf\xe9.go", Unknown, ""}, {"caf\xe9.txt", Unknown, ""}}},
	{name: "unterminated quote (truncated input)", input: "a.go\n\"services/b/x\n", err: "changes.txt:2:1: unterminated quoted path: \"services/b/x"},
	{name: "lone quote", input: "\"\n", err: "changes.txt:1:1: unterminated quoted path: \""},
	{name: "truncated NUL name-status", input: "M\x00a.go\x00R100\x00old.go", nul: true, err: "changes.txt:1:8: entry 3: status R100 needs 2 path(s), the input ends" + truncatedHint},
	{name: "tab-separated words", input: "hello\tworld\n", err: "changes.txt:1: neither a path nor a name-status line: \"hello\\tworld\""},
	{name: "git log line", input: "commit 1234567\nAuthor: x <y@z>\n", want: []Change{{"Author: x <y@z>", Unknown, ""}, {"commit 1234567", Unknown, ""}}},
	{name: "diff stat line", input: " a.go | 2 +-\n", want: []Change{{" a.go | 2 +-", Unknown, ""}}},
	{name: "status with too many paths", input: "D\ta\tb\n", err: "changes.txt:1: status D needs 1 path(s), got 2"},
	{name: "empty rename target", input: "R100\ta.go\t\n", err: "changes.txt:1:11: empty path"},
	{name: "duplicated paths", input: "a.go\n./a.go\nM\ta.go\nx/../a.go\n", want: []Change{{"a.go", Modified, ""}}},
	{name: "CR only lines", input: "\r\n\r\na.go\r\n", want: []Change{{"a.go", Unknown, ""}}},
	{name: "backslash separators are not separators", input: "..\\..\\etc\\passwd\n", want: []Change{{"..\\..\\etc\\passwd", Unknown, ""}}},
}

func TestReadFilesHostile(t *testing.T) { runReadFilesTests(t, hostileFilesTests) }

// TestReadFilesHundredThousand: 100,000 paths (each given twice, in both
// forms) read into 100,000 sorted changes; the time is logged, not asserted.
func TestReadFilesHundredThousand(t *testing.T) {
	var b strings.Builder
	for i := range 100_000 {
		fmt.Fprintf(&b, "services/s%03d/pkg%02d/file%06d.go\n", i%500, i%37, i)
	}
	for i := range 100_000 {
		fmt.Fprintf(&b, "M\tservices/s%03d/pkg%02d/file%06d.go\n", i%500, i%37, i)
	}
	start := time.Now()
	got, _, err := ReadFiles("changes.txt", strings.NewReader(b.String()), FilesOptions{})
	took := time.Since(start)
	require.NoError(t, err)
	require.Len(t, got, 100_000)
	for i := 1; i < len(got); i++ {
		require.Less(t, got[i-1].Path, got[i].Path)
	}
	assert.Equal(t, Change{"services/s000/pkg00/file000000.go", Modified, ""}, got[0])
	t.Logf("100,000 paths (200,000 lines, %d bytes) read in %v", b.Len(), took)
}

// TestReadFilesLongLine: a path of a megabyte is read, not cut.
func TestReadFilesLongLine(t *testing.T) {
	long := strings.Repeat("d/", 1<<19) + "f.go"
	got, _, err := ReadFiles("changes.txt", strings.NewReader("a.go\n"+long+"\n"), FilesOptions{})
	require.NoError(t, err)
	assert.Equal(t, []Change{{"a.go", Unknown, ""}, {long, Unknown, ""}}, got)
}
