// Package ownership parses CODEOWNERS files and answers who owns a path,
// with the semantics of the host that reads the file: GitHub or GitLab.
//
//	data, _ := os.ReadFile(".github/CODEOWNERS")
//	rs, err := ownership.Parse(".github/CODEOWNERS", data, ownership.Auto)
//	if rs == nil {
//		return err // too large (ErrTooLarge) or not text (ErrBinary)
//	}
//	if err != nil {
//		log.Print(err) // the skipped lines, one "CODEOWNERS:12: ..." per line
//	}
//	m := rs.Match("docs/index.md")
//	if m.Matched() {
//		fmt.Println(m.Owners, m.Rules[0].Line)
//	}
//
// GitHub (see github.go): gitignore patterns without "!", "[ ]" and "\#",
// the last matching line wins, a pattern naming a directory owns everything
// below it except when its last segment is exactly "*", case-sensitive.
// Paths are matched exactly as git's own wildmatch matches .gitignore
// patterns (a differential test checks this against git).
//
// GitLab (see gitlab.go): sections, optional sections, approvals, default
// owners, exclusions and roles; each section decides on its own and the
// owners of all sections are combined.
//
// Invalid lines are reported as *Error values ("CODEOWNERS:12: ...") and
// skipped; the rest of the file still works, as it does on the hosts.
//
// Matching is indexed (index.go): a lookup costs a few map look-ups per
// path segment plus the handful of rules that share a literal segment or an
// extension with the path, not a pass over every rule.
package ownership
