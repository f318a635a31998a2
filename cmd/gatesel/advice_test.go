package main

import (
	"errors"
	"fmt"
	"testing"

	"github.com/gatesel/gatesel/selector"
	"github.com/gatesel/gatesel/selector/gitrepo"
	"github.com/stretchr/testify/assert"
)

// adviceTests: the library's errors carry facts; the CLI adds the advice
// about its flags, with the texts gatesel printed before the library
// stopped naming them.
var adviceTests = []struct {
	name string
	err  error
	want string
}{
	{
		name: "revision not found, base",
		err: fmt.Errorf("read base: %w", &gitrepo.HistoryError{Rev: "nope", Role: gitrepo.RoleBase, Problem: gitrepo.NotFound,
			Commands: []string{"git fetch origin nope:nope"}, Err: fmt.Errorf("resolve base revision nope: %w", gitrepo.ErrNoBase)}),
		want: "read base: resolve base revision nope: revision not found (fix: git fetch origin nope:nope, or pass --base with a commit that is present)",
	},
	{
		name: "revision not found, head, no remote",
		err: &gitrepo.HistoryError{Rev: "x", Role: gitrepo.RoleHead, Problem: gitrepo.NotFound,
			Err: fmt.Errorf("resolve head revision x: %w", gitrepo.ErrNoBase)},
		want: "resolve head revision x: revision not found (fix: pass --head with a commit that is present)",
	},
	{
		name: "no default base",
		err: &gitrepo.HistoryError{Rev: "origin/main", Role: gitrepo.RoleBase, Problem: gitrepo.NoDefaultBase, Commands: []string{"git fetch origin main"},
			Err: fmt.Errorf("find the default base revision: none of origin/HEAD, origin/main, main resolves: %w", gitrepo.ErrNoBase)},
		want: "find the default base revision: none of origin/HEAD, origin/main, main resolves: revision not found (fix: git fetch origin main, or pass --base)",
	},
	{
		name: "syntax",
		err: &gitrepo.HistoryError{Rev: "main@{1}", Role: gitrepo.RoleHead, Problem: gitrepo.BadSyntax, Commands: []string{"git rev-parse 'main@{1}'"},
			Err: errors.New(`resolve head revision "main@{1}": unsupported revision syntax`)},
		want: `resolve head revision "main@{1}": unsupported revision syntax (fix: pass the commit's full hash, e.g. --head $(git rev-parse 'main@{1}'))`,
	},
	{
		name: "shallow",
		err: &gitrepo.HistoryError{Rev: "origin/feature", Role: gitrepo.RoleBase, Problem: gitrepo.Shallow, Shallow: 2,
			Commands: []string{"git fetch --deepen=200 origin feature", "git fetch --unshallow"},
			Err:      fmt.Errorf("merge base of origin/feature and HEAD: %w: history ends at 2 shallow commits", gitrepo.ErrShallow)},
		want: "merge base of origin/feature and HEAD: shallow clone: history ends at 2 shallow commits (fix: git fetch --deepen=200 origin feature, or git fetch --unshallow)",
	},
	{
		name: "unrelated",
		err: &gitrepo.HistoryError{Rev: "main", Role: gitrepo.RoleBase, Problem: gitrepo.Unrelated, Other: "orphan",
			Err: fmt.Errorf("merge base of main and orphan: %w: the histories are unrelated", gitrepo.ErrNoMergeBase)},
		want: "merge base of main and orphan: no merge base: the histories are unrelated (fix: pass --base with a revision that shares history with orphan)",
	},
	{
		name: "unreadable format",
		err:  &gitrepo.UnreadableError{Dir: "/r", Err: errors.New("unknown repository extension found: frobnicate")},
		want: "open repository /r: gatesel cannot read this repository (unknown repository extension found: frobnicate); pass the changes with --files instead, e.g. git diff --name-only --no-renames BASE...HEAD | gatesel select --files -",
	},
	{
		name: "replace refs",
		err:  &gitrepo.UnreadableError{Dir: "/r", Replace: true},
		want: "open repository /r: it has replacement refs (refs/replace/, made by git replace), which change the history git walks and gatesel does not apply; " +
			"pass the changes with --files instead, e.g. git diff --name-only --no-renames BASE...HEAD | gatesel select --files -, or set GIT_NO_REPLACE_OBJECTS=1 to read the history as recorded",
	},
	{
		name: "head tree",
		err:  &selector.HeadTreeError{Head: "feature", Dir: "sub"},
		want: "--head feature: the policy of a revision needs -C to be the top level of a git repository",
	},
	{
		name: "base policy wrapping a history error",
		err: &selector.BasePolicyError{Err: &gitrepo.HistoryError{Rev: "main", Role: gitrepo.RoleBase, Problem: gitrepo.NotFound,
			Err: fmt.Errorf("resolve base revision main: %w", gitrepo.ErrNoBase)}},
		want: "read the base revision's policy, which the change edits (fetch the base revision's files, or pass --policy head to decide with the head's alone):\n" +
			"resolve base revision main: revision not found (fix: pass --base with a commit that is present)",
	},
	{
		name: "no fallback",
		err:  &selector.NoFallbackError{Cause: errors.New("read policy gates.yaml: boom")},
		want: "read policy gates.yaml: boom\n(--on-error all found no readable policy to plan every gate from)",
	},
	{
		name: "joined",
		err: errors.Join(errors.New("first"), &gitrepo.HistoryError{Rev: "b", Role: gitrepo.RoleBase, Problem: gitrepo.NotFound,
			Err: fmt.Errorf("resolve base revision b: %w", gitrepo.ErrNoBase)}),
		want: "first\nresolve base revision b: revision not found (fix: pass --base with a commit that is present)",
	},
	{
		name: "other errors unchanged",
		err:  errors.New("read --files: no such file"),
		want: "read --files: no such file",
	},
}

func TestAdvise(t *testing.T) {
	for _, tt := range adviceTests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, advise(tt.err))
		})
	}
}
