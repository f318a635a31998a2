//go:build !linux

package ignore

import "os/user"

// homeOf is the home directory of the user name ("" when unknown).
func homeOf(name string) string {
	if u, err := user.Lookup(name); err == nil {
		return u.HomeDir
	}
	return ""
}
