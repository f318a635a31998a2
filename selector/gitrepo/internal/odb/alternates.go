package odb

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Alternates (objects/info/alternates, written by git clone --shared and
// --reference): more object directories whose objects the repository
// uses, one a line, relative ones to the objects directory that names
// them, each with alternates of its own, read as git reads them
// (link_alt_odb_entries in object-file.c): blank lines and lines starting
// with # are skipped, a line in double quotes is C-unquoted, a directory
// is read once, and the nesting stops at depth 5 (git's limit: "alternate
// ref depth too deep").

// maxAlternateDepth is git's limit on nested alternates.
const maxAlternateDepth = 5

// objectDirs lists objects and the alternates it reaches, in git's
// order: depth first, each once. A line naming a directory that does not
// exist is skipped, as git skips it (with a warning: err says which).
func objectDirs(objects string) (dirs []string, err error) {
	seen := map[string]bool{}
	var errs []error
	var walk func(dir string, depth int)
	walk = func(dir string, depth int) {
		clean := filepath.Clean(dir)
		if seen[clean] {
			return
		}
		seen[clean] = true
		dirs = append(dirs, clean)
		data, rerr := os.ReadFile(filepath.Join(clean, "info", "alternates"))
		if rerr != nil {
			if !errors.Is(rerr, fs.ErrNotExist) {
				errs = append(errs, rerr)
			}
			return
		}
		for _, line := range strings.Split(string(data), "\n") {
			line = strings.TrimSuffix(line, "\r")
			if line == "" || line[0] == '#' {
				continue
			}
			if line[0] == '"' {
				u, qerr := strconv.Unquote(line)
				if qerr != nil {
					errs = append(errs, fmt.Errorf("%s: bad quoting: %s", filepath.Join(clean, "info", "alternates"), line))
					continue
				}
				line = u
			}
			alt := line
			if !filepath.IsAbs(alt) {
				alt = filepath.Join(clean, alt)
			}
			if depth+1 > maxAlternateDepth {
				errs = append(errs, fmt.Errorf("%s: alternate ref depth too deep", alt))
				continue
			}
			if fi, serr := os.Stat(alt); serr != nil || !fi.IsDir() {
				errs = append(errs, fmt.Errorf("object directory %s does not exist; check %s", alt, filepath.Join(clean, "info", "alternates")))
				continue
			}
			walk(alt, depth+1)
		}
	}
	walk(objects, 0)
	return dirs, errors.Join(errs...)
}
