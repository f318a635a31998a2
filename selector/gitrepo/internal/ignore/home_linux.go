package ignore

import (
	"os"
	"strings"
)

// homeOf is the home directory of the user name, from /etc/passwd, as Go's
// os/user reads it without cgo ("" when not there). Reading the file
// itself keeps os/user, and with it cgo and the C library, out of the
// binary: a default `go build` of gatesel then starts as a static binary
// (docs/performance.md). A user known only to NSS (LDAP, sssd) is not
// found: the excludes file of "~name/…" is then not read, so more files
// show as untracked, never fewer.
func homeOf(name string) string {
	data, err := os.ReadFile("/etc/passwd")
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Split(line, ":")
		if len(f) >= 7 && f[0] == name && !strings.HasPrefix(line, "#") {
			return f[5]
		}
	}
	return ""
}
