package testtool

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

// recorder is a testing.TB that records Fatalf and Skipf instead of
// stopping the test, to see which one Need calls.
type recorder struct {
	testing.TB
	fatal, skip string
}

func (r *recorder) Helper()                      {}
func (r *recorder) Fatalf(f string, args ...any) { r.fatal = fmt.Sprintf(f, args...) }
func (r *recorder) Skipf(f string, args ...any)  { r.skip = fmt.Sprintf(f, args...) }

var needTests = []struct {
	name, ci, require string
	fails             bool
}{
	{name: "a developer's machine", fails: false},
	{name: "CI=true", ci: "true", fails: true},
	{name: "CI=1", ci: "1", fails: true},
	{name: "CI=false", ci: "false", fails: false},
	{name: "GATESEL_REQUIRE_TOOLS=1", require: "1", fails: true},
	{name: "GATESEL_REQUIRE_TOOLS=1 and CI=false", ci: "false", require: "1", fails: true},
}

func TestNeedMissing(t *testing.T) {
	for _, tt := range needTests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("CI", tt.ci)
			t.Setenv("GATESEL_REQUIRE_TOOLS", tt.require)
			r := &recorder{TB: t}
			assert.Equal(t, "", Need(r, "gatesel-no-such-program", "it checks nothing"))
			if tt.fails {
				assert.Empty(t, r.skip)
				assert.Contains(t, r.fatal, "gatesel-no-such-program is not installed (it checks nothing); CI must install it")
			} else {
				assert.Empty(t, r.fatal)
				assert.Equal(t, "SKIP: gatesel-no-such-program is not installed (it checks nothing), so this check did not run; CI=true or GATESEL_REQUIRE_TOOLS=1 makes this a failure", r.skip)
			}
		})
	}
}

// TestNeedFound: a program on the PATH (git, which every test machine has)
// is returned, in CI or not.
func TestNeedFound(t *testing.T) {
	t.Setenv("GATESEL_REQUIRE_TOOLS", "1")
	r := &recorder{TB: t}
	assert.NotEmpty(t, Need(r, "git", "the tests build repositories"))
	assert.Empty(t, r.fatal+r.skip)
}
