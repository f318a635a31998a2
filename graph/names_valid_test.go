package graph

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"
)

// namePattern is what validName accepts.
var namePattern = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]*$`)

var nameCases = []string{
	"", "a", "A9", "_x", "svc-0001", "a.b", "a..b", "a-", ".a", "-a", "a:b", "a b", "é", "a/b", "a\x00", "9", "a_b.c-d", "\xff",
}

func TestValidNameIsNamePattern(t *testing.T) {
	for _, s := range nameCases {
		require.Equal(t, namePattern.MatchString(s), validName(s), "%q", s)
	}
	require.True(t, validName("svc-0001.v2"))
	require.False(t, validName("-svc"))
}

func FuzzValidName(f *testing.F) {
	for _, s := range nameCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		require.Equal(t, namePattern.MatchString(s), validName(s))
	})
}
