package ownership

import (
	"errors"
	"io/fs"
	"path"

	"github.com/gatesel/gatesel/internal/safefs"
)

// ErrNoCodeowners is returned by Load when it is asked to find the file
// and none of the host's standard locations exists.
var ErrNoCodeowners = errors.New("no CODEOWNERS file")

// Load reads and parses the CODEOWNERS file of the repository fsys: the
// slash path name, or, when name is "", the first of Locations(dialect)
// that exists in any form (a directory or a dangling link there is an
// error, never skipped for the next location); ErrNoCodeowners when none
// does. With dialect Auto, Parse detects it.
//
// The file is read as graph.Load reads a policy file: a symbolic link is
// followed only while it stays inside fsys, only a regular file is read,
// and one of more than MaxSize bytes is refused before it is read (the
// error then wraps ErrTooLarge, as Parse's does). The errors of reading
// are *fs.PathError values, so a missing file is errors.Is(err,
// fs.ErrNotExist); those of parsing are Parse's.
//
// The Ruleset's Name is name as given (for positions), or the location
// found; its Files are the path read and, when that path goes through
// symbolic links, every link followed on the way (those of directories on
// its path too) and the file it leads to: all are policy files, since a
// change to any of them (`ln -sfn v0 docs/owners/current`) changes the
// owners.
func Load(fsys fs.FS, name string, dialect Dialect) (*Ruleset, error) {
	if name == "" {
		for _, loc := range Locations(dialect) {
			if _, err := fs.Lstat(fsys, loc); err == nil {
				name = loc
				break
			}
		}
		if name == "" {
			return nil, ErrNoCodeowners
		}
	}
	file := path.Clean(name)
	data, res, err := safefs.ReadLinked(fsys, file, MaxSize)
	if err != nil {
		if errors.Is(err, safefs.ErrTooLarge) {
			err = tooLarge{err}
		}
		return nil, err
	}
	rs, err := Parse(name, data, dialect)
	if err != nil {
		return nil, err
	}
	rs.Files = res.Policy(file)
	return rs, nil
}

// tooLarge is safefs's size refusal, also matching ErrTooLarge.
type tooLarge struct{ err error }

func (e tooLarge) Error() string   { return e.err.Error() }
func (e tooLarge) Unwrap() []error { return []error{e.err, ErrTooLarge} }
