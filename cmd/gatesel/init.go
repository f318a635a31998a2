package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gatesel/gatesel/ownership"
	"github.com/gatesel/gatesel/scaffold"
	"github.com/gatesel/gatesel/selector/gitrepo"
)

// runInit writes a starting gates.yaml (package scaffold) at the root of
// the repository, refusing to replace one unless --force; --stdout prints
// it instead. Written, it is validated as `validate --coverage` does, so
// the coverage and the unclaimed directories follow.
func newInitCmd(e *env) *cobra.Command {
	var f initFlags
	c := newCommand("init", "[-C DIR] [--config F] [--force] [--stdout]", "write a starting gates.yaml from the repository's manifests, CODEOWNERS and CI files", func(c *cobra.Command, args []string) error {
		if len(args) > 0 {
			return usagef("init takes no arguments, got %q", args[0])
		}
		return runInit(c.Context(), e, f)
	})
	fs := c.Flags()
	fs.StringVarP(&f.dir, "directory", "C", ".", "run as if started in `DIR`")
	fs.StringVar(&f.config, "config", "gates.yaml", "policy `file` to write, relative to the repository root")
	fs.BoolVar(&f.force, "force", false, "replace an existing policy file")
	fs.BoolVar(&f.stdout, "stdout", false, "print the policy instead of writing it")
	registerCompletion(c, "directory", completeDirs)
	c.ValidArgsFunction = cobra.NoFileCompletions
	return c
}

// initFlags are the flags of init.
type initFlags struct {
	dir, config   string
	force, stdout bool
}

func runInit(ctx context.Context, e *env, f initFlags) error {
	dir, config, force, stdout := &f.dir, &f.config, &f.force, &f.stdout
	if err := checkDir(*dir); err != nil {
		return err
	}
	root := *dir
	var files []string
	repo, gitErr := gitrepo.Open(ctx, *dir)
	if gitErr == nil {
		if repo.Root() != "" {
			root = repo.Root()
		}
		var err error
		if files, err = repo.Tracked(ctx); err != nil {
			return err
		}
	} else {
		var err error
		if files, err = walkFiles(root); err != nil {
			return err
		}
	}
	name, err := repoConfigName(root, *config)
	if err != nil {
		return err
	}
	target := filepath.Join(root, filepath.FromSlash(name))
	if !*stdout && !*force {
		if _, err := os.Lstat(target); err == nil {
			return fmt.Errorf("%s exists: pass --force to replace it, or --stdout to print the new policy", name)
		}
	}
	var owners *ownership.Ruleset
	for _, loc := range ownership.Locations(ownership.Auto) {
		if _, err := os.Lstat(filepath.Join(root, filepath.FromSlash(loc))); err == nil {
			if owners, err = loadCodeowners(e, root, loc, ownership.Auto); err != nil {
				return err
			}
			break
		}
	}
	out, err := scaffold.Generate(ctx, os.DirFS(root), scaffold.Options{Files: files, Owners: owners})
	if err != nil {
		return err
	}
	if *stdout {
		_, err := e.stdout.Write(out)
		return err
	}
	if err := os.WriteFile(target, out, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %s\n", name)
	if gitErr != nil {
		return runValidate(ctx, e, validateFlags{dir: root, config: name})
	}
	return runValidate(ctx, e, validateFlags{dir: root, config: name, coverage: true})
}

// walkFiles lists the files below root when it is not a git repository.
func walkFiles(root string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if d.Type().IsRegular() {
			rel, err := filepath.Rel(root, p)
			if err != nil {
				return err
			}
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		return nil, errors.New("list the files of " + root + ": " + strings.TrimPrefix(err.Error(), "lstat "))
	}
	return files, nil
}
