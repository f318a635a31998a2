package selector

import (
	"errors"
	"fmt"
	"io"

	"github.com/gatesel/gatesel/internal/poserr"
)

// FilesError is a problem at a position of a change list: the list's name
// (as the caller gave it), the line and, when known, the column of the
// field, e.g. "changes.txt:12:3: path leaves the repository: ../x".
type FilesError = poserr.Error

// FilesFormat says how ReadFiles reads a change list.
type FilesFormat int

// The change list formats.
const (
	// FilesAuto reads a line with a tab as a name-status line and any
	// other line as a path (git quotes a name that holds a tab).
	// NUL-separated input whose first field is a status ("A", "R100") may
	// be name-status or a list of paths: when it reads as name-status, the
	// paths of both readings are taken (the status fields too), so that no
	// name is dropped; when not, it is read as paths. Either way with a
	// warning; a name-status record cut short at the end stays an error.
	// NUL-separated input whose first field is no status is paths.
	FilesAuto FilesFormat = iota
	// FilesPaths reads every line (or NUL-separated field) as one path.
	FilesPaths
	// FilesNameStatus reads `git diff --name-status` output only.
	FilesNameStatus
)

var filesFormatNames = [...]string{FilesAuto: "auto", FilesPaths: "paths", FilesNameStatus: "name-status"}

// String returns the format's name: auto, paths or name-status.
func (f FilesFormat) String() string {
	if f < 0 || int(f) >= len(filesFormatNames) {
		return fmt.Sprintf("FilesFormat(%d)", int(f))
	}
	return filesFormatNames[f]
}

// ParseFilesFormat returns the format named s (auto, paths or
// name-status); "" is auto.
func ParseFilesFormat(s string) (FilesFormat, error) {
	if s == "" {
		return FilesAuto, nil
	}
	for f, n := range filesFormatNames {
		if n == s {
			return FilesFormat(f), nil
		}
	}
	return FilesAuto, fmt.Errorf("unknown change list format %q (want auto, paths or name-status)", s)
}

// Bounds of a change list: a larger one is an error wrapping
// ErrFilesTooLarge, never a run out of memory.
const (
	MaxFilesBytes = 64 << 20  // 64 MiB
	MaxFilesPaths = 1_000_000 // paths, the old path of a rename included
)

// ErrFilesTooLarge is wrapped by the error for a change list over its bounds.
var ErrFilesTooLarge = errors.New("change list too large")

// ErrNULInLine is wrapped by the error for a NUL byte in a line: the input
// is likely NUL-separated, read with FilesOptions.NUL.
var ErrNULInLine = errors.New("NUL byte in a line")

// FilesOptions configure ReadFiles. The zero value reads lines, in the auto
// format, within MaxFilesBytes and MaxFilesPaths.
type FilesOptions struct {
	Format   FilesFormat
	NUL      bool  // fields are NUL-separated (`git diff -z`), not lines
	MaxBytes int64 // default MaxFilesBytes
	MaxPaths int   // default MaxFilesPaths
}

// maxErrors bounds the errors reported for one change list.
const maxErrors = 100

// ReadFiles reads a change list (`gatesel select --files`), in one of three forms:
//
//   - one path a line;
//   - `git diff --name-status` lines: a status letter (M, A, D, T, U, X), a
//     tab and the path; or `R100<TAB>old<TAB>new` / `C75<TAB>old<TAB>new`,
//     which give Path=new, OldPath=old and Status Renamed or Copied;
//   - with opt.NUL, NUL-separated: plain paths, or the `git diff
//     --name-status -z` form (a status field, then its one or two paths).
//
// opt.Format chooses between paths and name-status, or lets the input say
// (FilesAuto, see there).
//
// Paths are cleaned (path.Clean; backslashes are kept as they are) and
// may be C-quoted as git quotes unusual names ("a\tb"; a path that starts
// with a double quote must be a complete quoted name, so that a truncated
// one is an error); blank lines are skipped and CRLF line ends are
// accepted. A carriage return anywhere else in a line is an error: a list
// with CR-only line ends would otherwise read as one path, and git quotes
// a name that holds a CR. A plain path has Status Unknown; U (unmerged)
// reads as Modified and X as Unknown.
//
// A path that leaves the repository (absolute, or `..` after cleaning), an
// empty path, a NUL byte in line form or a line that is neither a path nor a
// name-status line is a *FilesError naming the line and, when known, the
// column, e.g. "name:12:1: path leaves the repository: ../x"; every problem
// of the input is reported (up to 100), one a line. name is used only in
// errors and warnings. An input over the bounds is an error wrapping
// ErrFilesTooLarge.
//
// The result is sorted by path, each path once: a path given twice keeps the
// most informative status (rename or copy, then type change, addition,
// deletion, modification, unknown). The warnings say what the caller must
// pass on: an input that names no path (the output of a failed command, a
// closed stdin), or one that was read two ways.
func ReadFiles(name string, r io.Reader, opt FilesOptions) ([]Change, []string, error) {
	maxBytes := opt.MaxBytes
	if maxBytes <= 0 {
		maxBytes = MaxFilesBytes
	}
	data, err := io.ReadAll(io.LimitReader(r, maxBytes+1))
	if err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", name, err)
	}
	if int64(len(data)) > maxBytes {
		return nil, nil, &FilesError{File: name, Err: fmt.Errorf("%w: more than %d bytes", ErrFilesTooLarge, maxBytes)}
	}
	p := &filesParser{name: name, format: opt.Format, maxPaths: opt.MaxPaths}
	if p.maxPaths <= 0 {
		p.maxPaths = MaxFilesPaths
	}
	if opt.NUL {
		p.readNUL(data)
	} else {
		p.readLines(data)
	}
	if err := p.errs.Err(); err != nil {
		return nil, nil, err
	}
	out := normalize(p.out)
	if len(out) == 0 {
		p.warnings = append(p.warnings, fmt.Sprintf("the change list %s names no path: only the gates that always run are planned (did the command that wrote it fail?)", name))
	}
	return out, p.warnings, nil
}
