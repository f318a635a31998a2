// Package odb is the object database of a git repository, as package
// gitrepo reads it: the object directories and their alternates
// (alternates.go), pack files and their version 1 and 2 indexes mapped and
// read in place (pack*.go), delta chains (delta.go), loose objects
// (loose.go), the commit-graph and its chains (commitgraph*.go), the index
// (index.go), and the decoding of commits, trees and tags (objects.go,
// commit.go). Every size is checked against its file before anything is
// allocated; damage is a *CorruptError, an absent object a
// *NotFoundError (errors.go). go-git's storage is used for refs,
// configuration and shallow only. It is the only package
// of the module that imports go-git; its value types (Hash, FileMode,
// IndexEntry, ...) are go-git's, named here (types.go).
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
