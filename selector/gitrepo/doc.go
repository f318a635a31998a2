// Package gitrepo reads the change a plan is computed from out of a git
// repository, without running git: opening the repository (Open), refs and
// revisions (Resolve, DefaultBase), merge bases and the tree diff (Diff),
// the files of a revision (TreeFS, an fs.ReadLinkFS for symbolic links),
// tracked files (Tracked) and uncommitted changes (Uncommitted).
//
//	r, err := gitrepo.Open(ctx, ".")
//	if err != nil {
//		return err
//	}
//	defer r.Close()
//	d, err := r.Diff(ctx, "origin/main", "HEAD") // like git diff --name-status --no-renames origin/main...HEAD
//	if err != nil {
//		return err // a *HistoryError (errors.Is ErrShallow, ErrNoBase) means missing history
//	}
//	for _, c := range d.Changes {
//		fmt.Println(c.Status, c.Path)
//	}
//
// The object database (pack files and their indexes read in place, delta
// chains, loose objects, the commit-graph, the decoding of commits, trees
// and tags) is the internal package odb, the only package of the module
// that imports go-git. Errors carry facts, not advice: a *HistoryError
// names the revision (Rev, Role), what is wrong (Problem: NotFound,
// NoDefaultBase, BadSyntax, Shallow, Unrelated, MissingObject) and the git
// commands that fix it (Commands); cmd/gatesel turns them into advice about
// its flags. A *DamagedError is
// a damaged object store (a pack, an index, an object git would not have
// written, or an object a complete clone lacks): not missing history. An
// object a partial clone's filter left out is a *HistoryError with
// Problem MissingObject and the fetch that fixes the clone.
//
// A *Repo is safe for concurrent use: its methods, and the file systems
// returned by TreeFS, serialise their access to the repository. Close
// releases its mappings.
package gitrepo
