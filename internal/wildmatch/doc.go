// Package wildmatch is git's wildmatch (wildmatch.c as in git 2.39), the
// glob matcher behind .gitignore, pathspecs and CODEOWNERS-style patterns:
// "*", "?", "[...]" with ranges, "!" or "^" negation and the POSIX classes
// ("[[:digit:]]"), "\" escapes, and with Pathname the "**" rules of
// gitignore. It is a port, quirks included, checked against git itself.
//
//	wildmatch.Match("x[!a].y", "xb.y", wildmatch.Pathname) // true
//	wildmatch.Match("a/**/b", "a/b", wildmatch.Pathname)   // true
package wildmatch
