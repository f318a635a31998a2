// Package safefs reads the policy files of a repository (gates.yaml, its
// fragments, CODEOWNERS) from an fs.FS without leaving it or hanging:
// symbolic links are followed only while they stay inside the file
// system, only regular files are read, and a size limit is checked before
// reading and again while reading. os.DirFS alone follows a link wherever
// it points, so every policy file is read through this package.
//
//	data, err := safefs.ReadFile(os.DirFS(root), ".github/CODEOWNERS", 3<<20)
package safefs

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
)

// ErrTooLarge matches the error for a file over the limit.
var ErrTooLarge = errors.New("file too large")

// sizeError is a file over the limit: of size bytes, or -1 when it grew
// while being read.
type sizeError struct{ size, limit int64 }

func (e sizeError) Error() string {
	if e.size < 0 {
		return fmt.Sprintf("file is more than the limit of %d bytes", e.limit)
	}
	return fmt.Sprintf("file is %d bytes, more than the limit of %d", e.size, e.limit)
}

func (e sizeError) Is(target error) bool { return target == ErrTooLarge }

// maxLinks bounds the symbolic links followed while reading one file.
const maxLinks = 40

// ReadFile reads a policy file (gates.yaml, a fragment, CODEOWNERS) of the
// repository fsys, refusing what could read outside it or hang:
//
//   - a symbolic link is followed only while it stays inside fsys: a link
//     to an absolute path, or one whose target leaves the root through
//     "..", is an error, and so is a chain of more than 40 links (a loop);
//     a file system that cannot read links (fs.ReadLinkFS) refuses every
//     link it reports;
//   - the file must be a regular file (not a directory, a named pipe or a
//     device), of at most limit bytes when limit > 0 (checked before
//     reading, and again while reading; the error matches ErrTooLarge).
//
// os.DirFS follows links wherever they point, so graph.Load and
// ownership.Load read every policy file through ReadFile.
func ReadFile(fsys fs.FS, name string, limit int64) ([]byte, error) {
	data, _, err := ReadResolved(fsys, name, limit)
	return data, err
}

// Resolved is where a name led once its symbolic links were followed.
type Resolved struct {
	Path  string   // the path inside fsys that was read
	Links []string // every symbolic link followed on the way, in order: the file's own, and those of directories on its path
}

// Policy lists the paths a change to which changes the file read: the
// name as given, every link followed on the way (relinking any of them,
// `ln -sfn v0 docs/owners/current`, reads another file), and the file
// read, each once.
func (r Resolved) Policy(name string) []string {
	out := []string{name}
	for _, p := range append(slices.Clone(r.Links), r.Path) {
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// ResolveLinks returns the path inside fsys that name designates once its
// symbolic links are followed (name itself when it has none), with the
// errors of ReadFile for links that leave fsys or loop. A change to that
// path is a change to the file, as a change to the link is.
func ResolveLinks(fsys fs.FS, name string) (string, error) {
	if !fs.ValidPath(name) {
		return "", &fs.PathError{Op: "read", Path: name, Err: fmt.Errorf("not a clean path inside the repository: %w", fs.ErrInvalid)}
	}
	real, _, err := resolveInside(fsys, name)
	return real, err
}

// ReadResolved is ReadFile that also returns the path read, name with its
// symbolic links followed (ResolveLinks).
func ReadResolved(fsys fs.FS, name string, limit int64) ([]byte, string, error) {
	data, r, err := ReadLinked(fsys, name, limit)
	return data, r.Path, err
}

// ReadLinked is ReadFile that also says where name led: the path read and
// every symbolic link followed on the way.
func ReadLinked(fsys fs.FS, name string, limit int64) ([]byte, Resolved, error) {
	if !fs.ValidPath(name) {
		return nil, Resolved{}, &fs.PathError{Op: "read", Path: name, Err: fmt.Errorf("not a clean path inside the repository: %w", fs.ErrInvalid)}
	}
	real, links, err := resolveInside(fsys, name)
	if err != nil {
		return nil, Resolved{}, err
	}
	data, err := readRegular(fsys, name, real, limit)
	if err != nil {
		return nil, Resolved{}, err
	}
	return data, Resolved{Path: real, Links: links}, nil
}

// readRegular reads the regular file real (name as asked, for errors) of
// at most limit bytes.
func readRegular(fsys fs.FS, name, real string, limit int64) ([]byte, error) {
	st, err := fs.Stat(fsys, real)
	if err != nil {
		return nil, notExist(name, err)
	}
	if !st.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fmt.Errorf("not a regular file (%s)", typeName(st.Mode()))}
	}
	if limit > 0 && st.Size() > limit {
		return nil, &fs.PathError{Op: "read", Path: name, Err: sizeError{size: st.Size(), limit: limit}}
	}
	f, err := fsys.Open(real)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = f
	if limit > 0 {
		r = io.LimitReader(f, limit+1)
	}
	data, err := readAll(r, st.Size())
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: err}
	}
	if limit > 0 && int64(len(data)) > limit {
		return nil, &fs.PathError{Op: "read", Path: name, Err: sizeError{size: -1, limit: limit}}
	}
	return data, nil
}

// readAll is io.ReadAll into a buffer of the size the file's Stat gave
// (plus one byte, to see the end), as os.ReadFile does: io.ReadAll starts
// at 512 bytes and copies a 2 MB policy file about twenty times as it grows.
func readAll(r io.Reader, size int64) ([]byte, error) {
	data := make([]byte, 0, max(size, 0)+1)
	for {
		n, err := r.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			return data, nil
		}
		if err != nil {
			return data, err
		}
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)] // larger than its Stat said
		}
	}
}

// resolveInside resolves the symbolic links of name, component by
// component, and returns the path inside fsys that it names, with every
// link it followed on the way.
func resolveInside(fsys fs.FS, name string) (string, []string, error) {
	rest := strings.Split(name, "/")
	done := ""
	links := 0
	var followed []string
	for len(rest) > 0 {
		c := rest[0]
		rest = rest[1:]
		if c == "." || c == "" {
			continue
		}
		cur := path.Join(done, c)
		st, err := fs.Lstat(fsys, cur)
		if err != nil {
			return "", nil, notExist(name, err)
		}
		if st.Mode()&fs.ModeSymlink == 0 {
			done = cur
			continue
		}
		links++
		if !slices.Contains(followed, cur) {
			followed = append(followed, cur)
		}
		if links > maxLinks {
			return "", nil, &fs.PathError{Op: "read", Path: name, Err: errors.New("too many levels of symbolic links")}
		}
		target, err := fs.ReadLink(fsys, cur)
		if err != nil {
			return "", nil, &fs.PathError{Op: "read", Path: name, Err: fmt.Errorf("%s is a symbolic link that cannot be followed here: %w", cur, err)}
		}
		if path.IsAbs(target) || strings.HasPrefix(target, `\`) {
			return "", nil, &fs.PathError{Op: "read", Path: name, Err: fmt.Errorf("symbolic link %s -> %s leaves the repository", cur, target)}
		}
		next := path.Join(path.Dir(cur), target)
		if next == ".." || strings.HasPrefix(next, "../") {
			return "", nil, &fs.PathError{Op: "read", Path: name, Err: fmt.Errorf("symbolic link %s -> %s leaves the repository", cur, target)}
		}
		// start again from the root with the target's components
		rest = append(strings.Split(next, "/"), rest...)
		done = ""
	}
	if done == "" {
		done = "."
	}
	return done, followed, nil
}

// notExist reports a missing file as opening it would.
func notExist(name string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return err
}

func typeName(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		return "a device"
	}
	return "mode " + m.String()
}
