package ownership

import (
	"fmt"
	"strconv"
	"strings"
)

// GitLab's CODEOWNERS, as GitLab documents and implements it:
//
//   - Sections "[Name]", optional "^[Name]", "[Name][N]" requiring N
//     approvals, each with default owners after the heading. Names compare
//     without case; headings with the same name form one section (named as
//     first written). Lines before the first heading form an unnamed section.
//   - Each section matches on its own: its last matching line decides. The
//     owners of all sections are combined, in section order.
//   - A pattern line without owners gets the default owners of the heading
//     it sits under; Rule.Owners then holds those default owners.
//   - "!pattern" excludes: a path matching any exclusion of a section is not
//     owned by that section, wherever the exclusion sits in it. Exclusions
//     never appear in Match.Rules.
//   - Patterns are File.fnmatch globs (with FNM_PATHNAME|FNM_DOTMATCH):
//     "*" and "?" stay within a segment, "[ ]" ranges work, "**/" spans
//     directories. A pattern without a leading "/" matches at any depth
//     ("README.md" is "/**/README.md"); "*" alone is every file; a trailing
//     "/" owns everything below the directory ("docs/" is "/**/docs/**/*").
//     Without the trailing "/" a pattern names files only: "/docs" does not
//     own docs/index.md, unlike on GitHub.
//   - Owners are @user, @group/subgroup, @@role (developer, maintainer,
//     owner) and email addresses; other words on a line are ignored, as GitLab
//     does, so an inline "# comment" is not special (its @mentions count).
//   - "\#" at the start of a pattern is a literal "#", "\ " a space.

// gitlabLine parses one non-blank, non-comment line of a GitLab file.
func (p *parser) gitlabLine(lineNo int, text string) error {
	if text[0] == '[' || strings.HasPrefix(text, "^[") {
		return p.gitlabHeading(lineNo, text)
	}
	f := fields(text, false)
	if len(f) == 0 {
		return nil
	}
	pat := f[0]
	exclude := false
	if strings.HasPrefix(pat, "!") {
		exclude = true
		pat = pat[1:]
		if pat == "" {
			return fmt.Errorf("invalid exclusion %q: no pattern after \"!\"", f[0])
		}
	}
	compiled := compileGitLab(pat)
	owners := gitlabOwners(f[1:])
	if exclude {
		owners = []string{}
	} else if len(owners) == 0 {
		owners = p.defaultOwners
	}
	p.add(Rule{Line: lineNo, Pattern: f[0], Owners: nonNil(owners), Section: p.sectionNames[p.section], Exclude: exclude}, compiled)
	return nil
}

// heading is a parsed section heading line.
type heading struct {
	name      string
	optional  bool
	approvals int
	owners    []string
	err       error
}

// parseHeading reads "[Name]", "^[Name]", "[Name][N]" with optional owners
// after it. ok is false when the line is not a heading at all.
func parseHeading(text string) (h heading, ok bool) {
	s := text
	if strings.HasPrefix(s, "^") {
		h.optional = true
		s = s[1:]
	}
	if !strings.HasPrefix(s, "[") {
		return h, false
	}
	end := strings.IndexByte(s, ']')
	if end < 0 {
		h.err = fmt.Errorf("malformed section heading %q: no closing \"]\"", text)
		return h, true
	}
	h.name = strings.TrimSpace(s[1:end])
	rest := s[end+1:]
	if h.name == "" {
		h.err = fmt.Errorf("malformed section heading %q: empty section name", text)
		return h, true
	}
	if strings.HasPrefix(rest, "[") {
		end := strings.IndexByte(rest, ']')
		if end < 0 {
			h.err = fmt.Errorf("malformed section heading %q: no closing \"]\" after the approval count", text)
			return h, true
		}
		n, err := strconv.Atoi(rest[1:end])
		if err != nil || n < 0 {
			h.err = fmt.Errorf("malformed section heading %q: approval count %q is not a number", text, rest[1:end])
			return h, true
		}
		h.approvals = n
		rest = rest[end+1:]
	}
	if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
		h.err = fmt.Errorf("malformed section heading %q: want a blank between the heading and its owners", text)
		return h, true
	}
	h.owners = gitlabOwners(fields(rest, false))
	return h, true
}

func (p *parser) gitlabHeading(lineNo int, text string) error {
	h, _ := parseHeading(text)
	if h.err != nil {
		return h.err
	}
	key := strings.ToLower(h.name)
	id, seen := p.sectionIDs[key]
	if !seen {
		id = len(p.sectionNames)
		p.sectionIDs[key] = id
		p.sectionNames = append(p.sectionNames, h.name)
	}
	p.section = id
	p.defaultOwners = h.owners
	p.rs.Sections = append(p.rs.Sections, Section{
		Name:          p.sectionNames[id],
		Line:          lineNo,
		Optional:      h.optional,
		Approvals:     h.approvals,
		DefaultOwners: nonNil(h.owners),
	})
	return nil
}

// gitlabOwners keeps the words that are owners: @name, @group/sub, @@role,
// and email addresses.
func gitlabOwners(words []string) []string {
	var out []string
	for _, w := range words {
		if validGitLabOwner(w) {
			out = append(out, w)
		}
	}
	return out
}

func validGitLabOwner(w string) bool {
	if name, ok := strings.CutPrefix(w, "@@"); ok {
		return validName(name, "-_")
	}
	if name, ok := strings.CutPrefix(w, "@"); ok {
		for _, part := range strings.Split(name, "/") {
			if !validName(part, "-_.") {
				return false
			}
		}
		return true
	}
	return validEmail(w)
}

// compileGitLab compiles a pattern as GitLab normalises it for fnmatch.
func compileGitLab(pat string) pattern {
	if strings.HasPrefix(pat, `\#`) {
		pat = pat[1:]
	}
	if pat == "*" {
		return pattern{segs: []segment{{kind: segAny}, {kind: segGlob, text: "*"}}, exact: true}
	}
	p := pattern{exact: true}
	s := pat
	if strings.HasSuffix(s, "/") {
		// "dir/" is "dir/**/*": one or more segments below the directory.
		p.exact, p.minTail = false, 1
		s = strings.TrimRight(s, "/")
	}
	anchored := strings.HasPrefix(s, "/")
	s = strings.TrimLeft(s, "/")
	var parts []string
	if s != "" {
		parts = strings.Split(s, "/")
	}
	// fnmatch: "**" spans directories only when a "/" follows it.
	segs := make([]segment, 0, len(parts)+1)
	if !anchored {
		segs = append(segs, segment{kind: segAny})
	}
	for i, part := range parts {
		spans := part == "**" && (i < len(parts)-1 || !p.exact)
		switch {
		case part == "":
			continue
		case spans:
			if n := len(segs); n > 0 && segs[n-1].kind == segAny {
				continue
			}
			segs = append(segs, segment{kind: segAny})
		default:
			segs = append(segs, compileSegments([]string{part}, false)...)
		}
	}
	p.segs = segs
	return p
}
