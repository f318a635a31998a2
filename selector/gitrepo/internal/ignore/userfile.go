package ignore

import (
	"path/filepath"
	"strings"
)

// UserFile returns the path of the user's excludes file as git 2.39 finds
// it: the value of core.excludesFile (excludesFile, "" when unset), with
// "~/" and "~user/" expanded and a relative path taken from the work tree
// root; else $XDG_CONFIG_HOME/git/ignore when that variable is set and not
// empty; else $HOME/.config/git/ignore. It returns "" when there is none
// (no HOME, or a "~user" that does not exist). The file need not exist.
func UserFile(excludesFile, root string, getenv func(string) string) string {
	if excludesFile != "" {
		p, ok := expandUser(excludesFile, getenv)
		if !ok {
			return ""
		}
		if !filepath.IsAbs(p) {
			p = filepath.Join(root, p)
		}
		return p
	}
	if x := getenv("XDG_CONFIG_HOME"); x != "" {
		return filepath.Join(x, "git", "ignore")
	}
	if h := getenv("HOME"); h != "" {
		return filepath.Join(h, ".config", "git", "ignore")
	}
	return ""
}

// expandUser is git's expand_user_path for "~" and "~user".
func expandUser(p string, getenv func(string) string) (string, bool) {
	if !strings.HasPrefix(p, "~") {
		return p, true
	}
	name, rest, _ := strings.Cut(p[1:], "/")
	var home string
	if name == "" {
		home = getenv("HOME")
	} else {
		home = homeOf(name)
	}
	if home == "" {
		return "", false
	}
	return filepath.Join(home, rest), true
}
