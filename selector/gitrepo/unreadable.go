package gitrepo

import "fmt"

// UnreadableError: Open refuses a repository whose history it would not
// read as git does. Either its format is one git refuses or gatesel does
// not read (Err, e.g. "unknown repository extension found: frobnicate",
// "expected git repo version <= 1, found 2", sha256 objects), or it has replacement refs
// (Replace: refs/replace/, made by git replace), which git applies to the
// history it walks and gitrepo does not; with GIT_NO_REPLACE_OBJECTS=1 in
// the environment (as for git) the history is read as recorded; or it has
// grafts (Grafts: info/grafts, or GIT_GRAFT_FILE), which git 2.39 still
// applies to every walk, merge bases included. The
// changes can then be given as values (git diff --name-only).
type UnreadableError struct {
	Dir     string // the repository
	Replace bool   // it has replacement refs
	Grafts  string // the grafts file it has (info/grafts), "" when none
	Err     error  // the format problem, nil when Replace or Grafts
}

func (e *UnreadableError) Error() string {
	if e.Grafts != "" {
		return fmt.Sprintf("open repository %s: it has grafts (%s), which change the parents git walks (git applies them, "+
			"even with GIT_NO_REPLACE_OBJECTS=1) and are not applied here", e.Dir, e.Grafts)
	}
	if e.Replace {
		return fmt.Sprintf("open repository %s: it has replacement refs (refs/replace/, made by git replace), "+
			"which change the history git walks and are not applied here (GIT_NO_REPLACE_OBJECTS=1 reads the history as recorded)", e.Dir)
	}
	return fmt.Sprintf("open repository %s: gatesel cannot read this repository (%v)", e.Dir, e.Err)
}

// Unwrap returns the format problem.
func (e *UnreadableError) Unwrap() error { return e.Err }
