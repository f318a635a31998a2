package selector

import (
	"fmt"
	"path"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// readFilesTest is one --files input and what ReadFiles makes of it.
type readFilesTest struct {
	name     string
	input    string
	nul      bool
	format   FilesFormat
	want     []Change
	warnings []string
	err      string // the whole error; "" when the input reads
}

// noPath is the warning for a change list that names no path.
const noPath = "the change list changes.txt names no path: only the gates that always run are planned (did the command that wrote it fail?)"

var readFilesTests = []readFilesTest{
	{
		name:  "plain paths",
		input: "b/x.go\n./a.txt\n\n  \nc//d/../e.go\r\nb/x.go\n",
		want:  []Change{{Path: "a.txt", Status: Unknown}, {Path: "b/x.go", Status: Unknown}, {Path: "c/e.go", Status: Unknown}},
	},
	{
		name:  "backslashes are kept and quoted paths unquoted",
		input: "dir\\file.txt\n\"tab\\there\"\n\"caf\\303\\251\"\n",
		want:  []Change{{Path: "caf\u00e9", Status: Unknown}, {Path: "dir\\file.txt", Status: Unknown}, {Path: "tab\there", Status: Unknown}},
	},
	{
		name:  "name-status",
		input: "M\tsrc/m.go\nA\tsrc/a.go\nD\tsrc/d.go\nT\tlink\nU\tconflict.txt\nX\tx.txt\nR100\told/r.go\tnew/r.go\nC75\tbase.go\tcopy.go\n",
		want: []Change{
			{Path: "conflict.txt", Status: Modified}, {Path: "copy.go", Status: Copied, OldPath: "base.go"},
			{Path: "link", Status: TypeChg}, {Path: "new/r.go", Status: Renamed, OldPath: "old/r.go"},
			{Path: "src/a.go", Status: Added}, {Path: "src/d.go", Status: Deleted}, {Path: "src/m.go", Status: Modified}, {Path: "x.txt", Status: Unknown},
		},
	},
	{
		name:  "mixed, duplicates keep the most informative status",
		input: "a.go\nM\ta.go\nR090\tb.go\ta.go\nD\tz.go\nz.go\n",
		want:  []Change{{Path: "a.go", Status: Renamed, OldPath: "b.go"}, {Path: "z.go", Status: Deleted}},
	},
	{
		name:  "nul plain",
		input: "b.go\x00a dir/with space.go\x00\x00./c.go\x00",
		nul:   true,
		want:  []Change{{Path: "a dir/with space.go", Status: Unknown}, {Path: "b.go", Status: Unknown}, {Path: "c.go", Status: Unknown}},
	},
	{
		name:   "nul name-status",
		input:  "M\x00m.go\x00R100\x00old.go\x00new.go\x00D\x00line\nbreak.go\x00",
		nul:    true,
		format: FilesNameStatus,
		want:   []Change{{Path: "line\nbreak.go", Status: Deleted}, {Path: "m.go", Status: Modified}, {Path: "new.go", Status: Renamed, OldPath: "old.go"}},
	},
	{
		name:  "two renames into one path keep both old paths",
		input: "R100\tb.go\ta.go\nR100\tc.go\ta.go\n",
		want:  []Change{{Path: "a.go", Status: Renamed, OldPath: "b.go"}, {Path: "c.go", Status: Unknown}},
	},
	{name: "empty input", input: "", want: nil, warnings: []string{noPath}},
	{name: "empty nul input", input: "", nul: true, want: nil, warnings: []string{noPath}},
	{
		name:  "line errors, all at once",
		input: "ok.go\n../x\n/etc/passwd\na/../../b\nM\t\nQ\tweird\nR100\tonly-one\n.\nnul\x00byte\n\"bad\\q\"\nM\ta\tb\n",
		err: "changes.txt:2:1: path leaves the repository: ../x\n" +
			"changes.txt:3:1: path leaves the repository: /etc/passwd\n" +
			"changes.txt:4:1: path leaves the repository: a/../../b\n" +
			"changes.txt:5:3: empty path\n" +
			"changes.txt:6: neither a path nor a name-status line: \"Q\\tweird\"\n" +
			"changes.txt:7: status R100 needs 2 path(s), got 1\n" +
			"changes.txt:8:1: not a file path: .\n" +
			"changes.txt:9:4: NUL byte in a line (is the input NUL-separated?)\n" +
			"changes.txt:10:1: invalid quoted path: \"bad\\q\"\n" +
			"changes.txt:11: status M needs 1 path(s), got 2",
	},
	{
		name:  "nul errors",
		input: "M\x00../up\x00Z\x00R100\x00a",
		nul:   true,
		err: "changes.txt:1:3: entry 2: path leaves the repository: ../up\n" +
			"changes.txt:1:9: entry 3: expected a name-status status field, got \"Z\"\n" +
			"changes.txt:1:11: entry 4: status R100 needs 2 path(s), the input ends" + truncatedHint,
	},
	{
		name:  "nul plain errors",
		input: "a.go\x00/abs\x00..",
		nul:   true,
		err:   "changes.txt:1:6: entry 2: path leaves the repository: /abs\nchanges.txt:1:11: entry 3: path leaves the repository: ..",
	},
}

func TestReadFiles(t *testing.T) { runReadFilesTests(t, readFilesTests) }

func runReadFilesTests(t *testing.T, tests []readFilesTest) {
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, warnings, err := ReadFiles("changes.txt", strings.NewReader(tt.input), FilesOptions{Format: tt.format, NUL: tt.nul})
			if tt.err != "" {
				require.Error(t, err)
				assert.Equal(t, tt.err, err.Error())
				assert.Nil(t, got)
				assert.Nil(t, warnings)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.warnings, warnings)
		})
	}
}

func FuzzReadFiles(f *testing.F) {
	for _, tt := range readFilesTests {
		f.Add(tt.input, tt.nul)
	}
	f.Fuzz(func(t *testing.T, input string, nul bool) {
		for _, format := range []FilesFormat{FilesAuto, FilesPaths, FilesNameStatus} {
			fuzzReadFiles(t, input, FilesOptions{Format: format, NUL: nul})
		}
	})
}

// fuzzReadFiles checks the invariants of one reading: deterministic,
// every path clean and inside the repository, sorted, each once; an empty
// result is warned about; and in auto format no NUL-separated field that
// the paths format keeps is lost.
func fuzzReadFiles(t *testing.T, input string, opt FilesOptions) {
	got, warnings, err := ReadFiles("f", strings.NewReader(input), opt)
	again, warnings2, err2 := ReadFiles("f", strings.NewReader(input), opt)
	assert.Equal(t, got, again, "deterministic")
	assert.Equal(t, warnings, warnings2, "deterministic")
	assert.Equal(t, fmtErr(err), fmtErr(err2), "deterministic")
	if err != nil {
		assert.Nil(t, got)
		return
	}
	if len(got) == 0 {
		assert.NotEmpty(t, warnings, "an empty list is warned about")
	}
	if opt.NUL && opt.Format == FilesAuto {
		plain, _, err := ReadFiles("f", strings.NewReader(input), FilesOptions{Format: FilesPaths, NUL: true})
		if err == nil {
			for _, c := range plain {
				_, found := slices.BinarySearchFunc(got, c.Path, func(c Change, p string) int { return strings.Compare(c.Path, p) })
				assert.True(t, found, "auto keeps every path of the paths reading: %q", c.Path)
			}
		}
	}
	for i, c := range got {
		for j, p := range []string{c.Path, c.OldPath} {
			if j == 1 && p == "" {
				continue
			}
			assert.Equal(t, path.Clean(p), p, "clean")
			assert.False(t, path.IsAbs(p) || p == ".." || strings.HasPrefix(p, "../") || p == ".", "inside the repository: %q", p)
			assert.NotContains(t, p, "\x00")
		}
		if i > 0 {
			assert.Less(t, got[i-1].Path, c.Path, "sorted, each path once")
		}
	}
}

func fmtErr(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// hostileFilesTests are --files inputs meant to confuse the reader; each
// is read exactly so or refused with exactly this error
// (docs/reliability.md cites them by name).
var hostileFilesTests = []readFilesTest{
	{name: "dot-dot inside the repository is cleaned", input: "a/b/../c.go\n", want: []Change{{Path: "a/c.go", Status: Unknown}}},
	{name: "dot-dot that leaves", input: "a/../../etc/passwd\n", err: "changes.txt:1:1: path leaves the repository: a/../../etc/passwd"},
	{name: "dot-dot to the root", input: "a/..\n", err: "changes.txt:1:1: not a file path: a/.."},
	{name: "absolute path", input: "/etc/passwd\n", err: "changes.txt:1:1: path leaves the repository: /etc/passwd"},
	{name: "quoted absolute path", input: "\"/etc/passwd\"\n", err: "changes.txt:1:1: path leaves the repository: \"/etc/passwd\""},
	{name: "quoted dot-dot", input: "M\t\"..\\/x\"\n", err: "changes.txt:1:3: invalid quoted path: \"..\\/x\""},
	{name: "NUL byte in a line", input: "a.go\x00b.go\n", err: "changes.txt:1:5: NUL byte in a line (is the input NUL-separated?)"},
	{name: "quoted NUL byte", input: "\"a\\000b\"\n", err: "changes.txt:1:1: NUL byte in path: \"a\\x00b\""},
	{name: "quoted newline", input: "\"a\\nb.go\"\n", want: []Change{{Path: "a\nb.go", Status: Unknown}}},
	{name: "newline in a NUL-separated name", input: "a\nb.go\x00", nul: true, want: []Change{{Path: "a\nb.go", Status: Unknown}}},
	{name: "non-UTF-8 name is kept byte for byte", input: "caf\xe9.go\n\"caf\\351.txt\"\n", want: []Change{{Path: "caf\xe9.go", Status: Unknown}, {Path: "caf\xe9.txt", Status: Unknown}}},
	{name: "unterminated quote (truncated input)", input: "a.go\n\"services/b/x\n", err: "changes.txt:2:1: unterminated quoted path: \"services/b/x"},
	{name: "lone quote", input: "\"\n", err: "changes.txt:1:1: unterminated quoted path: \""},
	{name: "truncated NUL name-status", input: "M\x00a.go\x00R100\x00old.go", nul: true, err: "changes.txt:1:8: entry 3: status R100 needs 2 path(s), the input ends" + truncatedHint},
	{name: "tab-separated words", input: "hello\tworld\n", err: "changes.txt:1: neither a path nor a name-status line: \"hello\\tworld\""},
	{name: "git log line", input: "commit 1234567\nAuthor: x <y@z>\n", want: []Change{{Path: "Author: x <y@z>", Status: Unknown}, {Path: "commit 1234567", Status: Unknown}}},
	{name: "diff stat line", input: " a.go | 2 +-\n", want: []Change{{Path: " a.go | 2 +-", Status: Unknown}}},
	{name: "status with too many paths", input: "D\ta\tb\n", err: "changes.txt:1: status D needs 1 path(s), got 2"},
	{name: "empty rename target", input: "R100\ta.go\t\n", err: "changes.txt:1:11: empty path"},
	{name: "duplicated paths", input: "a.go\n./a.go\nM\ta.go\nx/../a.go\n", want: []Change{{Path: "a.go", Status: Modified}}},
	{name: "CR only lines", input: "\r\n\r\na.go\r\n", want: []Change{{Path: "a.go", Status: Unknown}}},
	{name: "backslash separators are not separators", input: "..\\..\\etc\\passwd\n", want: []Change{{Path: "..\\..\\etc\\passwd", Status: Unknown}}},
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
	assert.Equal(t, Change{Path: "services/s000/pkg00/file000000.go", Status: Modified}, got[0])
	t.Logf("100,000 paths (200,000 lines, %d bytes) read in %v", b.Len(), took)
}

// TestReadFilesLongLine: a path of a megabyte is read, not cut.
func TestReadFilesLongLine(t *testing.T) {
	long := strings.Repeat("d/", 1<<19) + "f.go"
	got, _, err := ReadFiles("changes.txt", strings.NewReader("a.go\n"+long+"\n"), FilesOptions{})
	require.NoError(t, err)
	assert.Equal(t, []Change{{Path: "a.go", Status: Unknown}, {Path: long, Status: Unknown}}, got)
}
