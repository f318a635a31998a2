package gitrepo

import (
	"context"
	"fmt"
	"sort"

	"github.com/gatesel/gatesel/selector/gitrepo/internal/odb"
)

// stagedChanges records the differences between HEAD and the index, as
// git diff --cached does: a directory whose cache-tree node (the index's
// TREE extension) is valid, covers exactly the index entries under it and
// names the tree HEAD has there holds the same files in both, so neither
// its tree nor its entries are read (git's diff-lib.c, through
// unpack_trees, skips such a directory the same way). The rest is compared
// entry by entry (staged). Without a cache-tree every tree of HEAD is read.
//
// A node is used only when its entry count matches and no entry under it
// is a conflict stage or intent-to-add, which git never leaves under a
// valid node; anything else is compared in full.
func (r *Repo) stagedChanges(ctx context.Context, entries []odb.Entry, ct *odb.CacheTree, changes map[string]Status) error {
	head, born, err := r.headTree()
	if err != nil {
		return err
	}
	if !born {
		staged(nil, unskipped(entries, nil, len(entries)), changes) // unborn branch: every entry is added
		return nil
	}
	var files []headFile
	skip := make([]bool, len(entries))
	skipped := 0
	if r.sameAsCache(entries, ct, "", head, skip, &skipped) {
		return nil // the whole index is HEAD's tree
	}
	t, err := r.store.Tree(head)
	if err != nil {
		return fmt.Errorf("read tree %s of HEAD: %w", head, err)
	}
	if err := r.walkHead(ctx, t, "", ct, entries, skip, &skipped, &files); err != nil {
		return err
	}
	sort.Slice(files, func(i, j int) bool { return files[i].path < files[j].path })
	staged(files, unskipped(entries, skip, len(entries)-skipped), changes)
	return nil
}

// headTree is the hash of HEAD's root tree; born is false on an unborn
// branch.
func (r *Repo) headTree() (tree odb.Hash, born bool, err error) {
	target, h, found, err := r.readRef("HEAD")
	if err == nil && !found {
		err = odb.ErrReferenceNotFound
	}
	if err == nil && target != "" {
		if h, found, err = r.refHash(target, 1); err == nil && !found {
			return odb.ZeroHash, false, nil
		}
	}
	if err != nil {
		return odb.ZeroHash, false, fmt.Errorf("read HEAD: %w", err)
	}
	th, err := r.store.CommitTree(h)
	if err != nil {
		return odb.ZeroHash, false, fmt.Errorf("read commit %s: %w", h, err)
	}
	if gt, ok := r.walk.graphTree(h); ok && gt != th {
		r.walk.distrustGraph(fmt.Sprintf("it names tree %s for commit %s, whose object names %s", gt, h, th))
	}
	return th, true, nil
}

// walkHead lists the files of tree t at prefix (whose cache-tree node is
// ct, nil when none) into files, leaving out the directories sameAsCache
// finds unchanged.
func (r *Repo) walkHead(ctx context.Context, t *odb.Tree, prefix string, ct *odb.CacheTree, entries []odb.Entry, skip []bool, skipped *int, files *[]headFile) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	for _, e := range t.Entries {
		p := prefix + e.Name
		if e.Mode != odb.Dir {
			*files = append(*files, headFile{p, e.Hash, e.Mode})
			continue
		}
		var sub *odb.CacheTree
		if ct != nil {
			sub = ct.Sub[e.Name]
		}
		if r.sameAsCache(entries, sub, p+"/", e.Hash, skip, skipped) {
			continue
		}
		st, err := r.store.Tree(e.Hash)
		if err != nil {
			return fmt.Errorf("read tree %s (%s): %w", e.Hash, p, err)
		}
		if err := r.walkHead(ctx, st, p+"/", sub, entries, skip, skipped, files); err != nil {
			return err
		}
	}
	return nil
}

// sameAsCache reports whether the cache-tree node ct of the directory dir
// ("" for the root, else ending in "/") is valid, covers exactly the index
// entries under dir, all plain (stage 0, not intent-to-add), and names the
// tree h; it then marks those entries in skip.
func (r *Repo) sameAsCache(entries []odb.Entry, ct *odb.CacheTree, dir string, h odb.Hash, skip []bool, skipped *int) bool {
	if ct == nil || ct.Entries < 0 || ct.Hash != h {
		return false
	}
	lo, hi := 0, len(entries)
	if dir != "" {
		lo = sort.Search(len(entries), func(i int) bool { return entries[i].Name >= dir })
		end := dir[:len(dir)-1] + "0" // '0' follows '/': the first name after dir's
		hi = sort.Search(len(entries), func(i int) bool { return entries[i].Name >= end })
	}
	if hi-lo != ct.Entries {
		return false
	}
	for i := lo; i < hi; i++ {
		if e := &entries[i]; e.Stage != 0 || e.IntentToAdd {
			return false
		}
	}
	for i := lo; i < hi; i++ {
		skip[i] = true
	}
	*skipped += hi - lo
	return true
}

// unskipped points at the n entries skip does not mark (skip nil: all).
func unskipped(entries []odb.Entry, skip []bool, n int) []*odb.Entry {
	rest := make([]*odb.Entry, 0, n)
	for i := range entries {
		if skip == nil || !skip[i] {
			rest = append(rest, &entries[i])
		}
	}
	return rest
}
