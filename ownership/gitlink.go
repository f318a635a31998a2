package ownership

// gitlinkChild stands for "something inside the directory" when a
// submodule pointer is matched as the directory it is checked out as: a
// name no pattern spells (patterns hold no NUL), that `*` and `**` match.
const gitlinkChild = "\x00"

// MatchGitlink returns the owners of a submodule pointer (a gitlink, mode
// 160000) at path. In a checkout the submodule is a directory, so a
// directory rule such as `/services/billing/auth/` owns what is inside it
// — but matched as a plain path, as a file's would be, the pointer
// `services/billing/auth` is owned by no directory-only pattern. Fail-safe,
// the pointer is owned as its directory is: the owners of path as a
// file, then those of anything directly inside it (a rule for what is in
// the directory), each owner once, with the rules of both.
//
// GitHub's documentation does not say how CODEOWNERS matches a submodule
// pointer; taking both readings can only add owners, never drop one.
func (r *Ruleset) MatchGitlink(path string) Match {
	a := r.Match(path)
	b := r.Match(path + "/" + gitlinkChild)
	if len(b.Rules) == 0 {
		return a
	}
	m := Match{Owners: append([]string{}, a.Owners...), Rules: append([]Rule{}, a.Rules...)}
	for _, o := range b.Owners {
		if !contains(m.Owners, o) {
			m.Owners = append(m.Owners, o)
		}
	}
	for _, rule := range b.Rules {
		if !containsRule(m.Rules, rule) {
			m.Rules = append(m.Rules, rule)
		}
	}
	return m
}

func contains(s []string, x string) bool {
	for _, e := range s {
		if e == x {
			return true
		}
	}
	return false
}

func containsRule(rs []Rule, x Rule) bool {
	for _, r := range rs {
		if r.Line == x.Line && r.Pattern == x.Pattern && r.Section == x.Section {
			return true
		}
	}
	return false
}
