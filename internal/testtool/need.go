package testtool

import (
	"os"
	"os/exec"
	"testing"
)

// Need returns the path of the program name, found on the PATH. Where it is
// missing, Need skips the test, or fails it when Required; why says what the
// program checks, for the message.
func Need(tb testing.TB, name, why string) string {
	tb.Helper()
	p, err := exec.LookPath(name)
	if err == nil {
		return p
	}
	if Required() {
		tb.Fatalf("%s is not installed (%s); CI must install it (.ci/run does): %v", name, why, err)
	} else {
		tb.Skipf("SKIP: %s is not installed (%s), so this check did not run; CI=true or GATESEL_REQUIRE_TOOLS=1 makes this a failure", name, why)
	}
	return ""
}

// Required reports whether a missing program fails a test: under
// GATESEL_REQUIRE_TOOLS=1, or in CI (CI set to anything but "", "0" or
// "false").
func Required() bool {
	if os.Getenv("GATESEL_REQUIRE_TOOLS") == "1" {
		return true
	}
	switch os.Getenv("CI") {
	case "", "0", "false":
		return false
	}
	return true
}
