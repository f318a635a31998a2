// Package testtool lets a test use a program other than Go, git and gcc
// (Graphviz's dot, say) without passing silently where it is missing.
//
//	dot := testtool.Need(t, "dot", "Graphviz renders the DOT output")
//	out, err := exec.Command(dot, "-Tsvg").Output()
//
// Where the program is missing, Need skips the test with a message that names
// it, except in CI (CI=true, as GitHub and GitLab set it, or
// GATESEL_REQUIRE_TOOLS=1, as .ci/run sets it): there it fails the test, so
// CI always runs the check.
package testtool
