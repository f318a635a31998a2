package ownership

import (
	"errors"
	"fmt"
	"strings"
)

// GitHub's CODEOWNERS: gitignore patterns without "!", "[ ]" and "\#"; the
// last matching line wins; a pattern that matches a directory owns
// everything below it, except when its last segment is exactly "*"
// ("docs/*" owns docs/a.md but not docs/sub/b.md); case-sensitive; "#"
// after a blank starts a comment; "\ " is a space in a pattern.

// githubLine parses one non-blank, non-comment line of a GitHub file.
func (p *parser) githubLine(lineNo int, text string) error {
	f := fields(text, true)
	if len(f) == 0 {
		return nil
	}
	pat, owners := f[0], f[1:]
	compiled, err := compileGitHub(pat)
	if err != nil {
		return err
	}
	for _, o := range owners {
		if !validGitHubOwner(o) {
			return fmt.Errorf("invalid owner %q: want @user, @org/team or an email address", o)
		}
	}
	p.add(Rule{Line: lineNo, Pattern: pat, Owners: nonNil(owners)}, compiled)
	return nil
}

// compileGitHub compiles a gitignore-style pattern.
func compileGitHub(pat string) (pattern, error) {
	switch {
	case strings.HasPrefix(pat, "!"):
		return pattern{}, fmt.Errorf("unsupported pattern %q: negation with \"!\" does not work in GitHub CODEOWNERS", pat)
	case strings.HasPrefix(pat, `\#`):
		return pattern{}, fmt.Errorf("unsupported pattern %q: escaping \"#\" does not work in GitHub CODEOWNERS", pat)
	case strings.ContainsAny(pat, "[]"):
		return pattern{}, fmt.Errorf("unsupported pattern %q: character ranges \"[ ]\" do not work in GitHub CODEOWNERS", pat)
	case strings.HasSuffix(pat, `\`) && !strings.HasSuffix(pat, `\\`):
		return pattern{}, fmt.Errorf("invalid pattern %q: trailing backslash", pat)
	}
	return compileGitignore(pat)
}

var errEmptyPattern = errors.New("empty pattern")

// compileGitignore compiles a gitignore pattern (without "!") with
// CODEOWNERS' one difference: a final segment of exactly "*" is not
// recursive.
func compileGitignore(pat string) (pattern, error) {
	s := pat
	dirOnly := false
	for strings.HasSuffix(s, "/") {
		dirOnly = true
		s = s[:len(s)-1]
	}
	anchored := strings.Contains(s, "/") // a slash at the start or in the middle
	s = strings.TrimLeft(s, "/")
	if s == "" {
		if dirOnly || pat != "" {
			// "/" names the root: everything.
			return pattern{segs: []segment{{kind: segAny}}, minTail: 1}, nil
		}
		return pattern{}, errEmptyPattern
	}
	parts := strings.Split(s, "/")
	p := pattern{}
	if dirOnly {
		p.minTail = 1
	}
	// A trailing "**" matches everything inside, not the directory itself.
	if n := len(parts); n > 1 && parts[n-1] == "**" {
		parts = parts[:n-1]
		p.minTail++
	} else if n == 1 && parts[0] == "**" && dirOnly {
		// "**/" names every directory: a file inside one, not a root file
		p.minTail = 2
	} else if !dirOnly && parts[n-1] == "*" {
		p.exact = true
	}
	segs := compileSegments(parts, true)
	if anchored {
		segs = gitPrefixQuirk(parts, segs)
	}
	if !anchored && (len(segs) == 0 || segs[0].kind != segAny) {
		segs = append([]segment{{kind: segAny}}, segs...)
	}
	p.segs = segs
	return p, nil
}

// gitPrefixQuirk mirrors how git matches a pattern with a slash: it
// compares the literal prefix (up to the first "*?[\\") as a string and
// wildmatches the rest on its own, so a "**" right after that prefix counts
// as a whole segment ("/a**/b" matches "ab/c/b"). When the quirk applies,
// the pattern from that part on becomes one segDeep.
func gitPrefixQuirk(parts []string, segs []segment) []segment {
	joined := strings.Join(parts, "/")
	prefix := strings.IndexAny(joined, `*?[\`)
	if prefix <= 0 || joined[prefix-1] == '/' || !strings.HasPrefix(joined[prefix:], "**") {
		return segs
	}
	start := strings.LastIndexByte(joined[:prefix], '/') + 1
	i := strings.Count(joined[:start], "/")
	out := append([]segment(nil), segs[:i]...)
	return append(out, segment{kind: segDeep, text: joined[start:], star: prefix - start})
}

// validGitHubOwner accepts @user, @org/team and email addresses.
func validGitHubOwner(o string) bool {
	if strings.HasPrefix(o, "@") {
		name, team, hasTeam := strings.Cut(o[1:], "/")
		if !validName(name, "-_") {
			return false
		}
		return !hasTeam || validName(team, "-_.")
	}
	return validEmail(o)
}

// validName is a non-empty run of ASCII letters, digits and extra.
func validName(s, extra string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isAlnum(c) && !strings.ContainsRune(extra, rune(c)) {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// validEmail is local@domain with a dot in the domain and no blanks.
func validEmail(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || strings.Contains(domain, "@") || strings.ContainsAny(s, " \t<>(),;:\"") {
		return false
	}
	dot := strings.LastIndexByte(domain, '.')
	return dot > 0 && dot < len(domain)-1
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
