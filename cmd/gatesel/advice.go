package main

import (
	"fmt"
	"strings"

	"github.com/gatesel/gatesel/internal/poserr"
	"github.com/gatesel/gatesel/selector"
	"github.com/gatesel/gatesel/selector/gitrepo"
)

// The library's errors carry facts (the revision, what is missing, the git
// command that fixes it); the advice about gatesel's flags is composed
// here. advise rewrites, in the text of err, each such error of its chain
// with the advice added.

// advise is the text of err with the advice of the CLI.
func advise(err error) string {
	text := err.Error()
	for _, e := range chain(err) {
		if lib, cli, ok := advice(e); ok && lib != cli {
			text = strings.Replace(text, lib, cli, 1)
		}
	}
	return text
}

// chain lists err and every error it wraps, outermost first.
func chain(err error) []error {
	var out []error
	var walk func(error)
	walk = func(e error) {
		if e == nil {
			return
		}
		out = append(out, e)
		switch u := e.(type) {
		case interface{ Unwrap() error }:
			walk(u.Unwrap())
		case interface{ Unwrap() []error }:
			for _, w := range u.Unwrap() {
				walk(w)
			}
		}
	}
	walk(err)
	return out
}

// advice is e's own text (lib) and its text with the advice (cli), ok
// when e is an error the CLI advises on. cli keeps the text of the errors
// e wraps as the library wrote it, for their own advice.
func advice(e error) (lib, cli string, ok bool) {
	switch e := e.(type) {
	case *gitrepo.HistoryError:
		return e.Error(), fmt.Sprintf("%v (fix: %s)", e.Err, historyFix(e)), true
	case *gitrepo.UnreadableError:
		files := "pass the changes with --files instead, e.g. git diff --name-only --no-renames BASE...HEAD | gatesel select --files -"
		if e.Grafts != "" {
			return e.Error(), fmt.Sprintf("open repository %s: it has grafts (%s), which change the parents git walks (git applies them, "+
				"even with GIT_NO_REPLACE_OBJECTS=1) and gatesel does not; %s (git diff applies the grafts)", e.Dir, e.Grafts, files), true
		}
		if e.Replace {
			return e.Error(), fmt.Sprintf("open repository %s: it has replacement refs (refs/replace/, made by git replace), "+
				"which change the history git walks and gatesel does not apply; %s, "+
				"or set GIT_NO_REPLACE_OBJECTS=1 to read the history as recorded", e.Dir, files), true
		}
		return e.Error(), fmt.Sprintf("open repository %s: gatesel cannot read this repository (%v); %s", e.Dir, e.Err, files), true
	case *gitrepo.DamagedError:
		return e.Error(), e.Error() + " (git fsck names the damage; a fresh clone repairs it, fetching more history does not)", true
	case *selector.HeadTreeError:
		return e.Error(), fmt.Sprintf("--head %s: the policy of a revision needs -C to be the top level of a git repository", e.Head), true
	case *selector.BasePolicyError:
		return e.Error(), "read the base revision's policy, which the change edits (fetch the base revision's files, " +
			"or pass --policy head to decide with the head's alone):\n" + e.Err.Error(), true
	case *selector.PolicyRootError:
		return e.Error(), e.Error() + " (fix: run gatesel in the top level, -C " + e.Root + ", with the paths relative to it, or pass --policy head to decide with the head's policy alone)", true
	case *selector.NoFallbackError:
		return e.Error(), e.Cause.Error() + "\n(--on-error all found no readable policy to plan every gate from)", true
	}
	return "", "", false
}

// historyFix is the fix of a history error: the git commands, and what to
// pass instead.
func historyFix(e *gitrepo.HistoryError) string {
	flag := "--base"
	if e.Role == gitrepo.RoleHead {
		flag = "--head"
	}
	fixes := e.Commands
	switch e.Problem {
	case gitrepo.NotFound:
		fixes = append(fixes[:len(fixes):len(fixes)], "pass "+flag+" with a commit that is present")
	case gitrepo.NoDefaultBase:
		fixes = append(fixes[:len(fixes):len(fixes)], "pass --base")
	case gitrepo.BadSyntax:
		if len(e.Commands) > 0 {
			fixes = []string{fmt.Sprintf("pass the commit's full hash, e.g. %s $(%s)", flag, e.Commands[0])}
		}
	case gitrepo.MissingObject:
		fixes = append(fixes[:len(fixes):len(fixes)], "pass the changes with --files")
	case gitrepo.Unrelated:
		fixes = append(fixes[:len(fixes):len(fixes)], "pass --base with a revision that shares history with "+e.Other)
	}
	return strings.Join(fixes, ", or ")
}

// oneLine folds a multi-line error into one line, as the plan's fallback
// escalation does.
func oneLine(s string) string {
	return poserr.OneLine(s)
}
