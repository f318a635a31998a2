// Package gittest builds real git repositories with the git binary for the
// tests of every package. It is test-only helper code: no non-test package
// imports it.
//
// Every command runs with no user or system configuration, fixed
// identities, and a clock one second later than the previous one, so
// commit dates are distinct and ordered:
//
//	g := gittest.New(t)
//	base := g.Commit("base", map[string]string{"a.go": "package a\n"})
//	head := g.Commit("change", map[string]string{"a.go": "-"}) // "-" removes
//	out := g.Git("diff", "--name-only", base, head)
package gittest
