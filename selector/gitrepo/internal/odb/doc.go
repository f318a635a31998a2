// Package odb is the object database of a git repository, as package
// gitrepo reads it: the object directories and their alternates
// (alternates.go), pack files and their version 1 and 2 indexes mapped and
// read in place (pack*.go), delta chains (delta.go), loose objects
// (loose.go), the commit-graph and its chains (commitgraph*.go), the index
// (index.go), and the decoding of commits, trees and tags (objects.go,
// commit.go). Every size is checked against its file before anything is
// allocated; damage is a *CorruptError, an absent object a
// *NotFoundError (errors.go). The repository's configuration (what
// Open checks of it), shallow and the index are read here too (db.go,
// index.go), refs by package gitrepo: go-git's storage is not used. It is
// the only package of the module that imports go-git, for its value types
// (Hash, FileMode, IndexEntry, ...), named here (types.go), and its index
// decoder.
//
//	db, gitDir, commonDir, err := odb.Open(top, false)
//	if err != nil {
//		return err
//	}
//	defer db.Close()
//	tree, err := db.CommitTree(commit)
//	t, err := db.Tree(tree)
//	for _, e := range t.Entries {
//		fmt.Println(e.Mode, e.Name)
//	}
//
// Close releases the mappings; reads after it fail with ErrClosed.
package odb
