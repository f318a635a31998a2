package gitrepo

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/gatesel/gatesel/selector/gitrepo/internal/odb"
)

// DamagedError: the repository's object store holds data git would not
// have written, or lacks an object that a complete clone must have: a
// pack or pack index that does not parse or whose sizes do not hold, a
// loose object that does not inflate, a commit without a tree line, a
// tree or commit that is missing. It is not missing history: fetching
// does not repair it (git fsck finds it; a fresh clone replaces it).
type DamagedError struct {
	Dir string // the repository
	Err error  // what was being read, and the damage
}

func (e *DamagedError) Error() string { return "repository damaged: " + e.Err.Error() }

// Unwrap returns the damage.
func (e *DamagedError) Unwrap() error { return e.Err }

// ErrMissingObject: an object the history needs is not in a partial
// clone (git clone --filter): its filter left it out, and git would fetch
// it on demand, which gatesel does not. It is missing history (exit 3).
var ErrMissingObject = errors.New("missing from this partial clone")

// classify turns an error of the object store into what it means to a
// caller: a *HistoryError with Problem MissingObject for an object a
// partial clone's filter left out, a *DamagedError for damage or for an
// object a complete clone lacks. Other errors are returned as they are.
func (r *Repo) classify(err error) error {
	if err == nil {
		return nil
	}
	if he := (*HistoryError)(nil); errors.As(err, &he) {
		return err
	}
	if de := (*DamagedError)(nil); errors.As(err, &de) {
		return err
	}
	var nf *odb.NotFoundError
	var ce *odb.CorruptError
	switch {
	case errors.As(err, &ce):
		return &DamagedError{Dir: r.top(), Err: err}
	case errors.As(err, &nf) && nf.Want == 0 && nf.Promisor != "":
		return &HistoryError{Rev: nf.Object.String(), Role: RoleRevision, Problem: MissingObject, Object: nf.Object.String(),
			Commands: refetch(nf),
			Err: fmt.Errorf("%v: %w (remote %s, filter %s): git fetches such objects on demand, gatesel reads only what is present",
				err, ErrMissingObject, nf.Promisor, cmp.Or(nf.Filter, "none"))}
	case errors.As(err, &nf):
		return &DamagedError{Dir: r.top(), Err: fmt.Errorf("%v (a complete clone has every object it names)", err)}
	}
	return err
}

// refetch are the commands that fetch what a partial clone lacks:
// trees (and commits) with a blob:none filter, which keeps the clone
// light, else everything. Both were checked with git 2.39 on a
// --filter=tree:0 clone (TestPartialCloneMissingTree).
func refetch(nf *odb.NotFoundError) []string {
	all := fmt.Sprintf("git fetch --refetch --no-filter %s", nf.Promisor)
	if nf.Asked != odb.BlobObject && !strings.HasPrefix(nf.Filter, "blob:") {
		return []string{fmt.Sprintf("git fetch --refetch --filter=blob:none %s", nf.Promisor), all}
	}
	return []string{all}
}

// top is the repository's directory for errors.
func (r *Repo) top() string {
	if r.root != "" {
		return r.root
	}
	return r.gitDir
}

// warn records a warning about the repository, once.
func (r *Repo) warn(w string) {
	if !slices.Contains(r.warnings, w) {
		r.warnings = append(r.warnings, w)
	}
}
