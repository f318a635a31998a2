package graph

import "fmt"

// Input bounds of a policy. Memory grows with the YAML nodes of the files
// (about half a kilobyte each once parsed, decoded and indexed), time with
// the files and the include globs walked; each bound is checked before the
// work it bounds, so a policy past one fails with a positioned error, never
// by running out of memory (which Go reports with exit code 2, the code of
// a usage error). A policy of 10,000 services with a fragment each is well
// within every bound.
const (
	maxFileSize    = 8 << 20   // one policy file, in bytes
	maxPolicyBytes = 32 << 20  // gates.yaml and its fragments together
	maxPolicyFiles = 50_000    // gates.yaml and its fragments
	maxIncludes    = 256       // entries of include: (each is a walk of the tree)
	maxPolicyNodes = 1_000_000 // YAML nodes (keys, values, items) of every policy file together
)

// policyBudget counts what a Load has taken so far.
type policyBudget struct {
	files, bytes, nodes int
}

// take adds one file; false (with the error in l) once a bound is passed.
func (b *policyBudget) take(at Pos, name string, f *rawFile, size int, l *errorList) bool {
	b.files++
	b.bytes += size
	b.nodes += f.nodes
	switch {
	case b.files > maxPolicyFiles:
		l.errorf(at, "%s: more than %d policy files (gates.yaml and its fragments)", name, maxPolicyFiles)
	case b.bytes > maxPolicyBytes:
		l.errorf(at, "%s: the policy files are more than %d bytes together", name, maxPolicyBytes)
	case b.nodes > maxPolicyNodes:
		if f.nodes <= maxPolicyNodes { // else decodeFile said so of the file alone
			l.errorf(at, "%s: the policy files hold more than %d YAML nodes together", name, maxPolicyNodes)
		}
	default:
		return true
	}
	return false
}

// nodeLimit reports a file past maxPolicyNodes on its own.
func nodeLimit(file string, nodes int) error {
	if nodes <= maxPolicyNodes {
		return nil
	}
	return fmt.Errorf("the file holds %d YAML nodes, more than the limit of %d", nodes, maxPolicyNodes)
}
