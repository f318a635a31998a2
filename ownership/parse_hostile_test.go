package ownership

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestParseThousandsOfSections: 5,000 GitLab sections, each with rules,
// parse and match every section's rule once; the time is logged.
func TestParseThousandsOfSections(t *testing.T) {
	var b strings.Builder
	for i := range 5000 {
		fmt.Fprintf(&b, "[S%d] @default%d\n/dir%d/ @o%d\n*.go\n", i, i, i, i)
	}
	start := time.Now()
	rs, err := Parse("CODEOWNERS", []byte(b.String()), Auto)
	require.NoError(t, err)
	parsed := time.Since(start)
	assert.Equal(t, GitLab, rs.Dialect)
	assert.Len(t, rs.Sections, 5000)
	assert.Len(t, rs.Rules, 10000)
	m := rs.Match("dir42/x.go")
	assert.Len(t, m.Rules, 5000, "every section matches *.go on its own")
	assert.Equal(t, "@default42", m.Owners[42], "*.go, the last match of S42, takes its default owners")
	assert.Equal(t, []string{"@o42"}, rs.Match("dir42/README").Owners)
	t.Logf("5,000 sections parsed in %v", parsed)
}

// TestMatchPathologicalWildcards: patterns that make naive glob matchers
// backtrack exponentially match a long path quickly (linear-time segment
// matching); no timing assertion, the test would hang otherwise.
func TestMatchPathologicalWildcards(t *testing.T) {
	pat := strings.Repeat("*a", 30) + "*b"
	src := pat + " @slow\n" + strings.Repeat("**/", 30) + "z @deep\n"
	for _, d := range []Dialect{GitHub, GitLab} {
		rs, err := Parse("CODEOWNERS", []byte(src), d)
		require.NoError(t, err)
		long := strings.Repeat("a", 20000)
		start := time.Now()
		assert.False(t, rs.Match(long).Matched())
		assert.Equal(t, []string{"@slow"}, rs.Match(long+"b").Owners)
		assert.False(t, rs.Match(strings.Repeat("q/", 2000)+"y").Matched())
		assert.Equal(t, []string{"@deep"}, rs.Match(strings.Repeat("q/", 2000)+"z").Owners)
		t.Logf("%v: pathological matches in %v", d, time.Since(start))
	}
}

// hostileCodeownersTests: lines meant to confuse the parser are reported
// with their line number and skipped, never failing the whole file.
var hostileCodeownersTests = []struct {
	name    string
	dialect Dialect
	src     string
	warn    string
	path    string
	owners  []string
}{
	{"unclosed section", GitLab, "* @all\n[Broken\n", `CODEOWNERS:2: malformed section heading "[Broken": no closing "]"`, "a", []string{"@all"}},
	{"megabyte section name", GitLab, "* @all\n[" + strings.Repeat("s", 1<<20) + "\n", `CODEOWNERS:2: malformed section heading "[` + strings.Repeat("s", 1<<20) + `": no closing "]"`, "a", []string{"@all"}},
	{"negation on GitHub", GitHub, "* @all\n!x @n\n", `CODEOWNERS:2: unsupported pattern "!x": negation with "!" does not work in GitHub CODEOWNERS`, "x", []string{"@all"}},
	{"owner that is not an owner", GitHub, "* @all\nx y\n", `CODEOWNERS:2: invalid owner "y": want @user, @org/team or an email address`, "x", []string{"@all"}},
	{"byte order mark", GitHub, "\ufeff* @all\n", "", "a", []string{"@all"}},
	{"byte order mark before a section", Auto, "\ufeff[Docs] @d\ndocs/\n", "", "docs/a", []string{"@d"}},
	{"whitespace only lines", GitHub, " \t \n\t\n* @all\n \n", "", "a", []string{"@all"}},
}

func TestParseHostileLines(t *testing.T) {
	for _, tt := range hostileCodeownersTests {
		t.Run(tt.name, func(t *testing.T) {
			rs, err := Parse("CODEOWNERS", []byte(tt.src), tt.dialect)
			require.NotNil(t, rs)
			if tt.warn == "" {
				assert.NoError(t, err)
			} else {
				require.Error(t, err)
				assert.Equal(t, tt.warn, err.Error())
			}
			assert.Equal(t, tt.owners, rs.Match(tt.path).Owners)
		})
	}
}
