package ownership

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// GitLab's documented examples, each a file and the owners the docs state.
var gitlabDocsTests = []struct {
	name  string
	file  string
	paths map[string][]string // path -> owners
}{
	{
		name: "syntax reference example",
		file: `# Specify a default Code Owner for all files with a wildcard:
* @default-owner

# Specify multiple Code Owners to a specific file:
README.md @doc-team @tech-lead

# Specify a Code Owner to all files with a specific extension:
*.rb @ruby-owner

# Specify Code Owners with usernames or email addresses:
LICENSE @legal janedoe@gitlab.com

# Use group names to match groups and nested groups:
README @group @group/with-nested/subgroup

# Specify a Code Owner to a directory and all its contents:
/docs/ @all-docs
/docs/* @root-docs
/docs/**/*.md @root-docs

# Use a section to group related rules:
[Documentation]
ee/docs    @docs
docs       @docs

# Assign a role as a Code Owner:
/config/ @@maintainer
`,
		paths: map[string][]string{
			"main.go":                 {"@default-owner"},
			"README.md":               {"@doc-team", "@tech-lead"},
			"sub/dir/README.md":       {"@doc-team", "@tech-lead"},
			"app/models/user.rb":      {"@ruby-owner"},
			"LICENSE":                 {"@legal", "janedoe@gitlab.com"},
			"README":                  {"@group", "@group/with-nested/subgroup"},
			"docs/index.md":           {"@root-docs"},
			"docs/api/guide.md":       {"@root-docs"},
			"docs/api/image.png":      {"@all-docs"},
			"docs/logo.png":           {"@root-docs"},
			"docs":                    {"@default-owner", "@docs"},
			"ee/docs":                 {"@default-owner", "@docs"},
			"config/settings.yml":     {"@default-owner", "@@maintainer"},
			"lib/config/settings.yml": {"@default-owner"},
		},
	},
	{
		name: "same pattern in two sections",
		file: `[README Owners]
README.md @user1 @user2
internal/README.md @user4

[README other owners]
README.md @user3
`,
		paths: map[string][]string{
			"README.md":          {"@user1", "@user2", "@user3"},
			"internal/README.md": {"@user4", "@user3"},
		},
	},
	{
		name: "default owners for a section",
		file: `[Documentation] @docs-team
docs/
README.md

[Database] @database-team
model/db/
config/db/database-setup.md @docs-team
`,
		paths: map[string][]string{
			"docs/index.md":               {"@docs-team"},
			"README.md":                   {"@docs-team"},
			"model/db/schema.rb":          {"@database-team"},
			"config/db/database-setup.md": {"@docs-team"},
			"app/x.rb":                    {},
		},
	},
	{
		name: "entries outside sections are an unnamed section",
		file: `# Required for all files
* @general-approvers

[Documentation] @docs-team
docs/
README.md
*.txt

[Database] @database-team
model/db/
config/db/database-setup.md @docs-team
`,
		paths: map[string][]string{
			"app/main.go":                 {"@general-approvers"},
			"notes.txt":                   {"@general-approvers", "@docs-team"},
			"model/db/x.rb":               {"@general-approvers", "@database-team"},
			"config/db/database-setup.md": {"@general-approvers", "@docs-team"},
		},
	},
	{
		name: "sections with duplicate names are combined",
		file: `[Documentation]
ee/docs/    @docs
docs/       @docs

[Database]
README.md  @database
model/db/   @database

[DOCUMENTATION]
README.md  @docs
`,
		paths: map[string][]string{
			"README.md":      {"@docs", "@database"},
			"docs/x.md":      {"@docs"},
			"model/db/a.sql": {"@database"},
		},
	},
	{
		name: "exclusions",
		file: `# All files require approval from @username
* @username

# Except pom.xml which needs no approval
!pom.xml

[Ruby]
# All ruby files require approval from @ruby-team
*.rb @ruby-team

# Except Ruby files in the config directory
!/config/**/*.rb
`,
		paths: map[string][]string{
			"pom.xml":                  {},
			"sub/pom.xml":              {},
			"app/user.rb":              {"@username", "@ruby-team"},
			"config/boot.rb":           {"@username"},
			"config/initializers/a.rb": {"@username"},
			"README.md":                {"@username"},
		},
	},
	{
		name: "optional sections and approvals still report owners",
		file: `^[Documentation] @docs
*.md
[Backend][2] @backend
*.go
`,
		paths: map[string][]string{
			"a/b.md":  {"@docs"},
			"main.go": {"@backend"},
		},
	},
	{
		name: "relative paths match at any depth, globs stay in a segment",
		file: `docs/ @any-docs
README.md @readme
/docs/* @root-docs
/docs/**/index.md @index
/build @build-file
`,
		paths: map[string][]string{
			"README.md":          {"@readme"},
			"a/b/README.md":      {"@readme"},
			"docs/a.txt":         {"@root-docs"},
			"docs/sub/a.txt":     {"@any-docs"},
			"docs/index.md":      {"@index"},
			"docs/x/y/index.md":  {"@index"},
			"pkg/docs/x/y/a.txt": {"@any-docs"},
			"build":              {"@build-file"},
			"build/out.bin":      {},
		},
	},
}

func TestGitLabDocsExamples(t *testing.T) {
	for _, tt := range gitlabDocsTests {
		t.Run(tt.name, func(t *testing.T) {
			rs, err := Parse("CODEOWNERS", []byte(tt.file), GitLab)
			require.NoError(t, err)
			require.Empty(t, rs.Skipped)
			for path, want := range tt.paths {
				assert.Equal(t, want, rs.Match(path).Owners, path)
			}
		})
	}
}

func TestGitLabMatchRules(t *testing.T) {
	src := "* @all\n!*.lock\n[Docs] @docs\ndocs/\n^[Go][2]\n*.go @gophers\n[docs]\n/docs/api/ @api\n"
	rs, err := Parse(".gitlab/CODEOWNERS", []byte(src), Auto)
	require.NoError(t, err)
	require.Empty(t, rs.Skipped)
	require.Equal(t, GitLab, rs.Dialect)
	assert.Equal(t, []Section{
		{Name: "Docs", Line: 3, DefaultOwners: []string{"@docs"}},
		{Name: "Go", Line: 5, Optional: true, Approvals: 2, DefaultOwners: []string{}},
		{Name: "Docs", Line: 7, DefaultOwners: []string{}},
	}, rs.Sections)
	assert.Equal(t, []Rule{
		{Line: 1, Pattern: "*", Owners: []string{"@all"}},
		{Line: 2, Pattern: "!*.lock", Owners: []string{}, Exclude: true},
		{Line: 4, Pattern: "docs/", Owners: []string{"@docs"}, Section: "Docs"},
		{Line: 6, Pattern: "*.go", Owners: []string{"@gophers"}, Section: "Go"},
		{Line: 8, Pattern: "/docs/api/", Owners: []string{"@api"}, Section: "Docs"},
	}, rs.Rules)

	m := rs.Match("docs/api/gen.go")
	assert.Equal(t, []string{"@all", "@api", "@gophers"}, m.Owners)
	assert.Equal(t, []int{1, 8, 6}, ruleLines(m.Rules))

	m = rs.Match("go.lock")
	assert.False(t, m.Matched())
	assert.Equal(t, []string{}, m.Owners)
}

func ruleLines(rules []Rule) []int {
	lines := []int{}
	for _, r := range rules {
		lines = append(lines, r.Line)
	}
	return lines
}

func TestGitLabInvalidLines(t *testing.T) {
	src := "* @all\n[Broken\n[]\n[Name][x] @a\n[Name]@a\n!\nLICENSE @legal this_does_not_match janedoe@gitlab.com\n\\#pound.rb @p\npath\\ with\\ spaces/ @s\n"
	rs, err := Parse("CODEOWNERS", []byte(src), GitLab)
	require.NoError(t, err)
	assert.Equal(t, `CODEOWNERS:2: malformed section heading "[Broken": no closing "]"
CODEOWNERS:3: malformed section heading "[]": empty section name
CODEOWNERS:4: malformed section heading "[Name][x] @a": approval count "x" is not a number
CODEOWNERS:5: malformed section heading "[Name]@a": want a blank between the heading and its owners
CODEOWNERS:6: invalid exclusion "!": no pattern after "!"`, skipped(rs))
	assert.Equal(t, []string{"@legal", "janedoe@gitlab.com"}, rs.Match("LICENSE").Owners)
	assert.Equal(t, []string{"@p"}, rs.Match("x/#pound.rb").Owners)
	assert.Equal(t, []string{"@s"}, rs.Match("a/path with spaces/b").Owners)
}

func TestDetectDialect(t *testing.T) {
	tests := []struct {
		name, file, data string
		want             Dialect
	}{
		{"github plain", "CODEOWNERS", "* @a\n", GitHub},
		{"gitlab dir", ".gitlab/CODEOWNERS", "* @a\n", GitLab},
		{"gitlab dir nested", "repo/.gitlab/CODEOWNERS", "* @a\n", GitLab},
		{"section heading", "CODEOWNERS", "* @a\n[Docs]\n", GitLab},
		{"optional heading", "docs/CODEOWNERS", "^[Docs] @d\n", GitLab},
		{"approval heading", "CODEOWNERS", "  [Docs][2]\n", GitLab},
		{"github dir", ".github/CODEOWNERS", "* @a\n", GitHub},
		{"bracket pattern is not a heading", "CODEOWNERS", "[abc].go @a\n[x\n", GitHub},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, DetectDialect(tt.file, []byte(tt.data)))
		})
	}
}

func TestLocations(t *testing.T) {
	assert.Equal(t, []string{".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"}, Locations(GitHub))
	assert.Equal(t, []string{"CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS"}, Locations(GitLab))
	assert.Equal(t, []string{".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS"}, Locations(Auto))
}

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
	require.Empty(t, rs.Skipped)
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
