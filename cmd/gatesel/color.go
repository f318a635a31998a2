package main

import (
	"io"
	"os"

	"golang.org/x/term"
)

// useColor decides --color: always, never, or auto, which colours a
// terminal's output unless NO_COLOR is set to anything but "" (no-color.org)
// or TERM is dumb. Only the text formats are ever coloured.
func (e *env) useColor() (bool, error) {
	switch e.color {
	case "always":
		return true, nil
	case "never":
		return false, nil
	case "auto", "":
		if e.getenv("NO_COLOR") != "" || e.getenv("TERM") == "dumb" {
			return false, nil
		}
		return isTerminal(e.stdout), nil
	}
	return false, usagef("--color takes auto, always or never, not %q", e.color)
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
