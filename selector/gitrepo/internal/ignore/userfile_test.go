package ignore

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

var userFileTests = []struct {
	name, excludesFile string
	env                map[string]string
	want               string
}{
	{"configured absolute", "/etc/ign", map[string]string{"HOME": "/h"}, "/etc/ign"},
	{"configured tilde", "~/ign", map[string]string{"HOME": "/h"}, "/h/ign"},
	{"configured relative is from the root", "ign", map[string]string{"HOME": "/h"}, "/repo/ign"},
	{"configured tilde without HOME", "~/ign", nil, ""},
	{"XDG", "", map[string]string{"HOME": "/h", "XDG_CONFIG_HOME": "/x"}, "/x/git/ignore"},
	{"empty XDG falls back to HOME", "", map[string]string{"HOME": "/h", "XDG_CONFIG_HOME": ""}, "/h/.config/git/ignore"},
	{"neither", "", nil, ""},
}

func TestUserFile(t *testing.T) {
	for _, tt := range userFileTests {
		t.Run(tt.name, func(t *testing.T) {
			got := UserFile(tt.excludesFile, "/repo", func(k string) string { return tt.env[k] })
			assert.Equal(t, tt.want, got)
		})
	}
}
