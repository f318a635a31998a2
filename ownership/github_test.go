package ownership

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The example file of GitHub's "About code owners", with the owners its
// comments promise for each path (last match wins across the whole file).
var githubDocsTests = []struct {
	name   string
	path   string
	owners []string
	line   int // 0: no rule matched
}{
	{"catch-all", "README", []string{"@global-owner1", "@global-owner2"}, 8},
	{"catch-all nested", "src/lib/a.c", []string{"@global-owner1", "@global-owner2"}, 8},
	{"js anywhere, inline comment dropped", "web/app/main.js", []string{"@js-owner"}, 14},
	{"email owner", "cmd/main.go", []string{"docs@example.com"}, 19},
	{"team owner", "notes/todo.txt", []string{"@octo-org/octocats"}, 25},
	{"rooted directory, then **/logs wins", "build/logs/today/run.log", []string{"@octocat"}, 53},
	{"rooted directory is not floating", "x/build/logs/run.log", []string{"@octocat"}, 53},
	{"docs/* direct child", "docs/getting-started.md", []string{"@doctocat"}, 44},
	{"apps anywhere", "services/apps/web/index.html", []string{"@octocat"}, 39},
	{"rooted docs nested", "docs/build-app/troubleshooting.md", []string{"@doctocat"}, 44},
	{"scripts two owners", "scripts/deploy.sh", []string{"@doctocat", "@octocat"}, 48},
	{"logs anywhere", "deeply/nested/logs/x.txt", []string{"@octocat"}, 53},
	{"logs at the root", "logs/a", []string{"@octocat"}, 53},
	{"apps root", "apps/web/x.go", []string{"@octocat"}, 66},
	{"apps/github own owner", "apps/github/ci.yml", []string{"@doctocat"}, 67},
}

func TestGitHubDocsExample(t *testing.T) {
	data, err := os.ReadFile("testdata/github-docs.CODEOWNERS")
	require.NoError(t, err)
	rs, err := Parse("CODEOWNERS", data, Auto)
	require.NoError(t, err)
	require.Empty(t, rs.Skipped)
	require.Equal(t, GitHub, rs.Dialect)
	require.Len(t, rs.Rules, 14)
	for _, tt := range githubDocsTests {
		t.Run(tt.name, func(t *testing.T) {
			m := rs.Match(tt.path)
			assert.Equal(t, tt.owners, m.Owners)
			require.Len(t, m.Rules, 1)
			assert.Equal(t, tt.line, m.Rules[0].Line)
		})
	}
}

// "/apps/github" with no owners leaves the directory unowned but matched.
func TestGitHubRuleWithoutOwners(t *testing.T) {
	rs, err := Parse("CODEOWNERS", []byte("/apps/ @octocat\n/apps/github\n"), GitHub)
	require.NoError(t, err)
	require.Empty(t, rs.Skipped)
	m := rs.Match("apps/github/workflow.yml")
	assert.True(t, m.Matched())
	assert.Equal(t, []string{}, m.Owners)
	assert.Equal(t, []Rule{{Line: 2, Pattern: "/apps/github", Owners: []string{}}}, m.Rules)

	m = rs.Match("apps/web/x")
	assert.Equal(t, []string{"@octocat"}, m.Owners)

	m = rs.Match("lib/x")
	assert.False(t, m.Matched())
	assert.Equal(t, []string{}, m.Owners)
}

// Pattern forms, one path each: does the pattern match?
var githubPatternTests = []struct {
	pattern string
	path    string
	want    bool
}{
	{"docs/*", "docs/a.md", true},
	{"docs/*", "docs/sub/b.md", false},
	{"docs/*", "x/docs/a.md", false},
	{"/docs/*", "docs/a.md", true},
	{"docs/", "docs/sub/b.md", true},
	{"docs/", "x/docs/b.md", true},
	{"docs/", "docs", false},
	{"/docs", "docs/sub/b.md", true},
	{"/docs", "docs", true},
	{"/docs", "x/docs/b.md", false},
	{"docs", "x/docs/b.md", true},
	{"docs", "docs", true},
	{"docs", "mydocs/a", false},
	{"*.md", "a/b/c.md", true},
	{"*.md", "a/b/c.md.txt", false},
	{"*", "a/b/c", true},
	{"/*", "a", true},
	{"/*", "a/b", false},
	{"**", "a/b", true},
	{"**/x", "x", true},
	{"**/x", "a/b/x/c", true},
	{"a/**", "a/b/c", true},
	{"a/**", "a", false},
	{"a/**/b", "a/b", true},
	{"a/**/b", "a/x/y/b/z", true},
	{"a/**/b", "a/x/y/c", false},
	{"a?c", "abc", true},
	{"a?c", "ac", false},
	{"src/*.go", "src/main.go", true},
	{"src/*.go", "src/cmd/main.go", false},
	{"Docs", "docs/a", false},
	{`a\ b`, "a b/c", true},
	{`a\*`, "a*", true},
	{`a\*`, "ab", false},
	{".github/", ".github/workflows/ci.yml", true},
	{"*/x", "a/x", true},
	{"*/x", "a/b/x", false},
	// "**/" names every directory, so only files inside one: not a root file (as git)
	{"**/", "README", false},
	{"**/", "a/b", true},
	{"/**/", "README", false},
	{"/**/", "a/b/c", true},
}

func TestGitHubPatterns(t *testing.T) {
	for _, tt := range githubPatternTests {
		t.Run(tt.pattern+" "+tt.path, func(t *testing.T) {
			rs, err := Parse("CODEOWNERS", []byte(tt.pattern+" @o\n"), GitHub)
			require.NoError(t, err)
			require.Empty(t, rs.Skipped)
			assert.Equal(t, tt.want, rs.Match(tt.path).Matched())
		})
	}
}

// Invalid lines are reported with their position and skipped; the rest works.
func TestGitHubInvalidLines(t *testing.T) {
	src := "* @all\n" +
		"!secret @x\n" +
		"[abc].go @x\n" +
		"\\#notes @x\n" +
		"lib/ not-an-owner\n" +
		"lib/ @ok @bad/team/x\n" +
		"bin/ @bin # trailing comment @ignored\n" +
		"file\\ with\\ spaces @s\n"
	rs, err := Parse("CODEOWNERS", []byte(src), GitHub)
	require.NoError(t, err)
	assert.Equal(t, `CODEOWNERS:2: unsupported pattern "!secret": negation with "!" does not work in GitHub CODEOWNERS
CODEOWNERS:3: unsupported pattern "[abc].go": character ranges "[ ]" do not work in GitHub CODEOWNERS
CODEOWNERS:4: unsupported pattern "\\#notes": escaping "#" does not work in GitHub CODEOWNERS
CODEOWNERS:5: invalid owner "not-an-owner": want @user, @org/team or an email address
CODEOWNERS:6: invalid owner "@bad/team/x": want @user, @org/team or an email address`, skipped(rs))
	var lines []int
	for _, e := range rs.Skipped {
		assert.Equal(t, "CODEOWNERS", e.File)
		assert.Zero(t, e.Col, "a skipped line is positioned by its line")
		lines = append(lines, e.Line)
	}
	assert.Equal(t, []int{2, 3, 4, 5, 6}, lines)
	assert.Equal(t, []Rule{
		{Line: 1, Pattern: "*", Owners: []string{"@all"}},
		{Line: 7, Pattern: "bin/", Owners: []string{"@bin"}},
		{Line: 8, Pattern: "file with spaces", Owners: []string{"@s"}},
	}, rs.Rules)
	assert.Equal(t, []string{"@all"}, rs.Match("lib/x.go").Owners)
	assert.Equal(t, []string{"@bin"}, rs.Match("bin/run").Owners)
	assert.Equal(t, []string{"@s"}, rs.Match("file with spaces").Owners)
	assert.Equal(t, []string{"@all"}, rs.Match("file").Owners)
}

func TestGitHubDuplicateOwners(t *testing.T) {
	rs, err := Parse("CODEOWNERS", []byte("* @a @b @a\n"), GitHub)
	require.NoError(t, err)
	require.Empty(t, rs.Skipped)
	m := rs.Match("x")
	assert.Equal(t, []string{"@a", "@b"}, m.Owners)
	assert.Equal(t, []string{"@a", "@b", "@a"}, m.Rules[0].Owners)
}

func TestGitHubCRLF(t *testing.T) {
	rs, err := Parse("CODEOWNERS", []byte("* @a\r\n/docs/ @d\r\n"), GitHub)
	require.NoError(t, err)
	require.Empty(t, rs.Skipped)
	assert.Equal(t, []string{"@d"}, rs.Match("docs/x").Owners)
}
