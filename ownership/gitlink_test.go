package ownership

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMatchGitlink is issue 12 item 11: a submodule pointer is owned as its
// directory is, so a directory rule owns it; the owners of the path read
// as a file stay (fail-safe: owners are only added).
func TestMatchGitlink(t *testing.T) {
	for _, tc := range []struct {
		name, file, path string
		dialect          Dialect
		plain, gitlink   []string
	}{
		{"directory rule", "* @platform\n/services/billing/auth/ @security\n", "services/billing/auth", GitHub,
			[]string{"@platform"}, []string{"@platform", "@security"}},
		{"a rule for what is inside", "/vendor/sdk/* @sdk\n", "vendor/sdk", GitHub, []string{}, []string{"@sdk"}},
		{"a rule for some files inside does not own it", "/vendor/sdk/*.go @go\n", "vendor/sdk", GitHub, []string{}, []string{}},
		{"a file rule", "/vendor/sdk @sdk\n", "vendor/sdk", GitHub, []string{"@sdk"}, []string{"@sdk"}},
		{"gitlab directory rule", "[Auth]\n/services/billing/auth/ @security\n", "services/billing/auth", GitLab, []string{}, []string{"@security"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rs, err := Parse("CODEOWNERS", []byte(tc.file), tc.dialect)
			require.NoError(t, err)
			assert.Equal(t, tc.plain, rs.Match(tc.path).Owners, "as a file")
			assert.Equal(t, tc.gitlink, rs.MatchGitlink(tc.path).Owners, "as a gitlink")
		})
	}
}
