package gitrepo

import "io/fs"

// dirList is one directory's listing, in memory reused from one
// directory to the next (the untracked walk keeps one per depth): the
// names, one after another, and each entry's kind. os.ReadDir allocated
// a DirEntry and a name for every entry of the work tree, a fifth of
// `select --uncommitted`'s allocations on moby. readDir (dirlist_linux.go,
// dirlist_other.go) fills it.
type dirList struct {
	names []byte
	ents  []dirEnt
	buf   []byte // the system's listing, read into (Linux)
}

// dirEnt is an entry of a dirList: its name is names[start:end].
type dirEnt struct {
	start, end int
	kind       fs.FileMode // fs.ModeDir, fs.ModeSymlink, 0 (a regular file) or fs.ModeIrregular
}

func (l *dirList) reset() {
	l.names, l.ents = l.names[:0], l.ents[:0]
}

func (l *dirList) add(name []byte, kind fs.FileMode) {
	start := len(l.names)
	l.names = append(l.names, name...)
	l.ents = append(l.ents, dirEnt{start, len(l.names), kind})
}

// name is entry i's name, in the listing's memory.
func (l *dirList) name(i int) []byte { return l.names[l.ents[i].start:l.ents[i].end] }

// find is the entry named name, or -1.
func (l *dirList) find(name string) int {
	for i := range l.ents {
		if string(l.name(i)) == name {
			return i
		}
	}
	return -1
}

// kindOf is the kind of a file mode, as dirEnt records it.
func kindOf(m fs.FileMode) fs.FileMode {
	switch {
	case m.IsRegular():
		return 0
	case m.IsDir():
		return fs.ModeDir
	case m&fs.ModeSymlink != 0:
		return fs.ModeSymlink
	}
	return fs.ModeIrregular
}
