package gitrepo

import (
	"context"
	"fmt"
	"slices"
)

// IsAncestor reports whether the commit anc names is an ancestor of the
// commit desc names, or the same commit (git merge-base --is-ancestor).
// A revision that does not resolve is a *HistoryError wrapping ErrNoBase
// (with anc in RoleBase); an answer that lies beyond the end of a shallow
// clone is one wrapping ErrShallow, never a guess.
func (r *Repo) IsAncestor(ctx context.Context, anc, desc string) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return false, ErrClosed
	}
	ah, err := r.resolve(anc, RoleBase)
	if err != nil {
		return false, err
	}
	dh, err := r.resolve(desc, RoleHead)
	if err != nil {
		return false, err
	}
	bases, cut, err := r.walk.mergeBases(ah, dh)
	if err != nil {
		return false, fmt.Errorf("merge base of %s and %s: %w", anc, desc, err)
	}
	if slices.Contains(bases, ah) {
		return true, nil
	}
	if cut {
		return false, &HistoryError{Rev: anc, Role: RoleBase, Problem: Shallow, Shallow: len(r.walk.shallow), Commands: r.deepen(desc),
			Err: fmt.Errorf("is %s an ancestor of %s: %w: history ends at %d shallow commits", anc, desc, ErrShallow, len(r.walk.shallow))}
	}
	return false, nil
}

// Shallow reports whether the repository is a shallow clone: its history
// ends at commits whose parents are not there. In a clone that is not
// shallow, every ancestor of a commit is present, so a commit that is
// missing is not an ancestor of any commit there.
func (r *Repo) Shallow() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return !r.closed && r.walk.isShallowRepo()
}
