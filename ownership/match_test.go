package ownership

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMatchOddPaths(t *testing.T) {
	rs, err := Parse("CODEOWNERS", []byte("* @all\n/docs/ @d\n*.go @g\n"), GitHub)
	require.NoError(t, err)
	require.Empty(t, rs.Skipped)
	tests := []struct {
		path   string
		owners []string
	}{
		{"", []string{}},
		{"/", []string{}},
		{"/docs/a", []string{"@d"}},
		{"docs//a", []string{"@d"}},
		{"docs/\xff\xfe.go", []string{"@g"}},
		{"\x00", []string{"@all"}},
		{strings.Repeat("a/", 1000) + "b.go", []string{"@g"}},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.owners, rs.Match(tt.path).Owners, "%q", tt.path)
	}
	var nilSet *Ruleset
	assert.False(t, nilSet.Match("a").Matched())
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
		require.Empty(t, rs.Skipped)
		long := strings.Repeat("a", 20000)
		start := time.Now()
		assert.False(t, rs.Match(long).Matched())
		assert.Equal(t, []string{"@slow"}, rs.Match(long+"b").Owners)
		assert.False(t, rs.Match(strings.Repeat("q/", 2000)+"y").Matched())
		assert.Equal(t, []string{"@deep"}, rs.Match(strings.Repeat("q/", 2000)+"z").Owners)
		t.Logf("%v: pathological matches in %v", d, time.Since(start))
	}
}
