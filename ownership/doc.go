// Package ownership parses CODEOWNERS files and answers who owns a path,
// with the semantics of the host that reads the file: GitHub or GitLab.
//
//	rs, err := ownership.Load(os.DirFS(repoRoot), "", ownership.Auto)
//	if err != nil {
//		return err // none found (ErrNoCodeowners), unreadable, too large, not text
//	}
//	for _, s := range rs.Skipped {
//		log.Print(s) // a line that was skipped: "CODEOWNERS:12: ..."
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
// Load finds the file where the host looks for it (Locations), reads it
// without leaving the repository (links are followed only inside it) and
// refuses one over MaxSize (3 MB, GitHub's limit); Parse reads bytes.
// Invalid lines are skipped and listed in Ruleset.Skipped as *Error values
// ("CODEOWNERS:12: ..."); the rest of the file still works, as it does on
// the hosts. A carriage return that ends no CRLF line is refused
// (ErrLoneCR): git would not end a line there.
//
// Matching is indexed (index.go): a lookup costs a few map look-ups per
// path segment plus the handful of rules that share a literal segment or an
// extension with the path, not a pass over every rule.
package ownership
