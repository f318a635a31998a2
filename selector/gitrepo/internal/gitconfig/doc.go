// Package gitconfig reads git's configuration files as git 2.39 does
// (config.c): the syntax (sections, subsections, quoting, escapes, line
// continuations, comments), the files in git's order (system, global,
// repository, worktree, GIT_CONFIG_COUNT) with the last value winning,
// include.path, and git's booleans. It reads values for the work tree
// reader; it never writes.
//
//	c, err := gitconfig.Load(gitconfig.Files{Repo: ".git/config"}, os.Getenv)
//	fileMode := c.Bool("core.filemode", true)
//
// [includeIf] sections are not followed: the settings gatesel reads from
// configuration (core.fileMode, core.trustCtime, core.checkStat,
// core.excludesFile) then keep their defaults, which report more
// changes, never fewer.
package gitconfig
