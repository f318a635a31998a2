package ownership

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testbedDir holds real CODEOWNERS files and the tracked files of their
// repositories (see each SOURCE file).
const testbedDir = "../testdata/testbeds"

// testbeds: name, where the repository keeps its CODEOWNERS (for dialect
// detection), and the dialect that must come out.
var testbeds = []struct {
	name     string
	location string
	dialect  Dialect
}{
	{"esphome", "CODEOWNERS", GitHub},
	{"integrations-extras", ".github/CODEOWNERS", GitHub},
	{"dd-trace-py", ".github/CODEOWNERS", GitHub},
	{"gitlab-runner", ".gitlab/CODEOWNERS", GitLab},
}

func loadTestbed(tb testing.TB, name, location string) (*Ruleset, []string) {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join(testbedDir, name, "CODEOWNERS"))
	require.NoError(tb, err)
	rs, err := Parse(location, data, Auto)
	require.NoError(tb, err)
	files, err := os.ReadFile(filepath.Join(testbedDir, name, "files.txt"))
	require.NoError(tb, err)
	return rs, strings.Split(strings.TrimSuffix(string(files), "\n"), "\n")
}

func TestTestbedsParseAndAnswer(t *testing.T) {
	for _, tb := range testbeds {
		t.Run(tb.name, func(t *testing.T) {
			rs, paths := loadTestbed(t, tb.name, tb.location)
			assert.Equal(t, tb.dialect, rs.Dialect)
			require.NotEmpty(t, paths)
			for _, p := range paths {
				m := rs.Match(p)
				require.NotNil(t, m.Owners, p)
				if m.Matched() {
					// The deciding rules really match the path.
					for _, r := range m.Rules {
						one, err := Parse("CODEOWNERS", []byte(escapeSpaces(strings.TrimPrefix(r.Pattern, "!"))+"\n"), rs.Dialect)
						require.NoError(t, err)
						assert.True(t, one.Match(p).Matched(), "%s: rule %d %q", p, r.Line, r.Pattern)
					}
				}
			}
		})
	}
}

func escapeSpaces(s string) string { return strings.ReplaceAll(s, " ", `\ `) }

// Owners checked by reading each testbed's CODEOWNERS by hand.
var testbedSpotChecks = []struct {
	testbed string
	path    string
	owners  []string
	lines   []int
}{
	{"esphome", "esphome/components/adc/adc_sensor.cpp", []string{"@esphome/core"}, []int{18}},
	{"esphome", "pyproject.toml", []string{"@esphome/core"}, []int{9}},
	{"esphome", "README.md", []string{}, nil},
	{"integrations-extras", "ably/README.md", []string{"@ably", "support@ably.com", "@DataDog/documentation", "@DataDog/ecosystems-review"}, []int{282}},
	{"integrations-extras", "ably/CHANGELOG.md", []string{"@ably", "support@ably.com", "@DataDog/ecosystems-review"}, []int{15}},
	{"integrations-extras", "ably/assets/dashboards/ably.json", []string{"@ably", "support@ably.com", "@DataDog/documentation", "@DataDog/reporting-and-sharing", "@DataDog/agent-integrations"}, []int{283}},
	{"dd-trace-py", "ddtrace/internal/schema/default.py", []string{"@DataDog/apm-core-python", "@DataDog/apm-idm-python"}, []int{16}},
	{"dd-trace-py", "ddtrace/internal/ci_visibility/_api_client.py", []string{"@DataDog/ci-app-libraries"}, []int{144}},
	{"gitlab-runner", "helpers/vault/auth.go", []string{"@gitlab-com/runner-maintainers", "@gitlab-com/pipeline-security-group/backend"}, []int{5, 16}},
	{"gitlab-runner", ".gitignore", []string{"@gitlab-com/runner-group", "@gitlab-com/runner-maintainers"}, []int{8}},
	// "/docs-locale/ja-jp" has no trailing slash: in GitLab it names a file,
	// so files below the directory fall back to "/docs-locale/".
	{"gitlab-runner", "docs-locale/ja-jp/_index.md", []string{"@gitlab-com/runner-maintainers", "@gitlab-com/localization/maintainers/tech-docs"}, []int{5, 28}},
}

func TestTestbedSpotChecks(t *testing.T) {
	sets := map[string]*Ruleset{}
	for _, tb := range testbeds {
		sets[tb.name], _ = loadTestbed(t, tb.name, tb.location)
	}
	for _, tt := range testbedSpotChecks {
		t.Run(tt.testbed+" "+tt.path, func(t *testing.T) {
			m := sets[tt.testbed].Match(tt.path)
			assert.Equal(t, tt.owners, m.Owners)
			var lines []int
			for _, r := range m.Rules {
				lines = append(lines, r.Line)
			}
			assert.Equal(t, tt.lines, lines)
		})
	}
}

// Match is safe for concurrent use (run with -race).
func TestMatchConcurrent(t *testing.T) {
	rs, paths := loadTestbed(t, "gitlab-runner", ".gitlab/CODEOWNERS")
	want := make([][]string, len(paths))
	for i, p := range paths {
		want[i] = rs.Match(p).Owners
	}
	done := make(chan bool)
	for g := 0; g < 4; g++ {
		go func() {
			ok := true
			for i, p := range paths {
				got := rs.Match(p).Owners
				ok = ok && strings.Join(got, " ") == strings.Join(want[i], " ")
			}
			done <- ok
		}()
	}
	for g := 0; g < 4; g++ {
		assert.True(t, <-done)
	}
}
