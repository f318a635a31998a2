// Package odb is the object database of a git repository, as package
// gitrepo reads it: pack files and their indexes mapped and read in place
// (pack.go, pack_mmap*.go), delta chains, loose objects (through go-git's
// storage), the commit-graph (commitgraph*.go), and the decoding of
// commits, trees and tags (objects.go, commit.go). It is the only package
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
