package ignore

import (
	"os"
	"os/user"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHomeOfAgreesWithOSUser: homeOf gives os/user's home directory (with
// cgo: the C library's getpwnam) for every user of /etc/passwd, and ""
// for a user that does not exist.
func TestHomeOfAgreesWithOSUser(t *testing.T) {
	data, err := os.ReadFile("/etc/passwd")
	require.NoError(t, err)
	n := 0
	for _, line := range strings.Split(string(data), "\n") {
		name, _, ok := strings.Cut(line, ":")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		u, err := user.Lookup(name)
		require.NoError(t, err, name)
		assert.Equal(t, u.HomeDir, homeOf(name), name)
		n++
	}
	require.Positive(t, n)
	assert.Equal(t, "", homeOf("no-such-user-gatesel"))
	assert.Equal(t, "", homeOf(""))
}
