// Package ignore is git's ignore rules, as git 2.39 reads them (dir.c):
// the .gitignore file of every directory, .git/info/exclude and the user's
// excludes file (core.excludesFile, by default $XDG_CONFIG_HOME/git/ignore
// or ~/.config/git/ignore), each line a pattern matched with git's
// wildmatch, negation with "!", a trailing "/" for directories only, a
// slash anywhere else anchoring the pattern to its file's directory,
// "\" escapes and trailing spaces trimmed unless escaped. The last
// matching pattern decides; a deeper .gitignore outranks a shallower one,
// which outranks info/exclude, which outranks the user's file.
//
// A path inside an ignored directory is ignored whatever the patterns say
// of it: git does not enter the directory. A walker applies that rule by
// not descending, as git status does.
//
//	root := ignore.Parse(".gitignore", []byte("*.log\n!keep.log\nbuild/\n"), "")
//	m := ignore.New(root)
//	m.Ignored("a/x.log", false)   // true
//	m.Ignored("keep.log", false)  // false
//	m.Ignored("build", true)      // true
package ignore
