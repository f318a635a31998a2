// Package ownershiptest makes synthetic CODEOWNERS files and path lists
// sized like large monorepos, for benchmarks of the ownership package and
// of its peers (the bench module compares them on the same inputs).
//
//	codeowners, paths := ownershiptest.Synthetic(5000, 100000)
//	rs, _ := ownership.Parse("CODEOWNERS", codeowners, ownership.GitHub)
//	for _, p := range paths {
//		rs.Match(p)
//	}
package ownershiptest
