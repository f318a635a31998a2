package ownership

import (
	"fmt"
	"strings"

	"github.com/gatesel/gatesel/internal/poserr"
)

// Dialect is the CODEOWNERS flavour: which host's rules decide a match.
type Dialect int

const (
	// Auto picks GitLab for a file under .gitlab/ or one with a section
	// heading, GitHub otherwise (see DetectDialect).
	Auto Dialect = iota
	GitHub
	GitLab
)

// MaxSize is the largest CODEOWNERS file accepted, as on GitHub: 3 MB.
const MaxSize = 3 << 20

// Rule is one pattern line of a CODEOWNERS file.
type Rule struct {
	Line    int      // 1-based line number in the file
	Pattern string   // the pattern as written (unescaped), "!" kept for GitLab exclusions
	Owners  []string // owners as written; empty when the line names none
	Section string   // GitLab section name; "" for GitHub and GitLab's unnamed section
	Exclude bool     // GitLab "!pattern": paths matching it have no owner in this section
}

// Section is a GitLab section heading.
type Section struct {
	Name          string
	Line          int
	Optional      bool     // "^[Name]"
	Approvals     int      // "[Name][N]"; 0 when absent
	DefaultOwners []string // owners written after the heading
}

// Match is the answer for one path.
type Match struct {
	// Owners is the union of the owners of the matching rules, in the order
	// they first appear, without duplicates. Empty when nothing matched or
	// when the matching rule names no owner.
	Owners []string
	// Rules holds the rule that decided the path: one for GitHub, one per
	// section for GitLab (in section order). Empty when no rule matched.
	Rules []Rule
}

// Matched reports whether any rule matched the path (even one without owners).
func (m Match) Matched() bool { return len(m.Rules) > 0 }

// Error is a problem at a position of a CODEOWNERS file: a skipped line
// ("CODEOWNERS:12: ...", Col 0 for the whole line) or the character that
// stops the file from being read. It is the positioned error of every
// gatesel package: "file:line:col: message", with Unwrap.
type Error = poserr.Error

// String names the dialect as the CLI spells it.
func (d Dialect) String() string {
	switch d {
	case GitHub:
		return "github"
	case GitLab:
		return "gitlab"
	}
	return "auto"
}

// ParseDialect reads "github", "gitlab", or "" / "auto".
func ParseDialect(s string) (Dialect, error) {
	switch strings.ToLower(s) {
	case "", "auto":
		return Auto, nil
	case "github":
		return GitHub, nil
	case "gitlab":
		return GitLab, nil
	}
	return Auto, fmt.Errorf("unknown CODEOWNERS dialect %q (want github or gitlab)", s)
}
