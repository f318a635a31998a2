package odb

import "testing"

func TestValidIndexPath(t *testing.T) {
	for p, want := range map[string]bool{
		"a": true, "a/b/c.go": true, ".gitignore": true, "a/.gitx": true, "..a": true, "a/...": true,
		"": false, "/a": false, "a/": false, "a//b": false, ".": false, "..": false,
		"a/./b": false, "a/../b": false, "a/..": false, ".git": false, "a/.GIT/b": false, "x/.Git": false,
		"a\x00b": false,
	} {
		if got := ValidIndexPath(p); got != want {
			t.Errorf("ValidIndexPath(%q) = %v, want %v", p, got, want)
		}
	}
}
