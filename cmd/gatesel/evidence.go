package main

import (
	"context"
	"fmt"
	"io/fs"

	"github.com/spf13/cobra"

	"github.com/gatesel/gatesel/evidence"
	"github.com/gatesel/gatesel/selector"
	"github.com/gatesel/gatesel/selector/gitrepo"
)

// newEvidenceCmd is `gatesel evidence`: an in-toto Statement v1 about the
// head commit, with the plan, the blob hashes of the policy files at base
// and head, every instance with its reasons and result, and the
// escalations. It writes the statement whatever the verdict (the
// predicate's "verified" says it) and exits 1 when the plan did not pass,
// so that a pipeline does not sign a failure by mistake.
func newEvidenceCmd(e *env) *cobra.Command {
	var f evidenceFlags
	c := newCommand("evidence", "--plan FILE [-C DIR] [-o FILE] RESULT...", "write an in-toto statement of the plan, its policy and its results", func(c *cobra.Command, args []string) error {
		return runEvidence(c.Context(), e, f, args)
	})
	fs := c.Flags()
	fs.StringVar(&f.planFile, "plan", "", "the plan `FILE` (gatesel select --format json)")
	fs.StringVarP(&f.dir, "directory", "C", ".", "the repository (a directory inside it), to hash the policy files")
	fs.StringVar(&f.config, "config", "gates.yaml", "the policy `file`, as select was given it")
	fs.StringVar(&f.codeowners, "codeowners", "", "the CODEOWNERS `file`, as select was given it")
	fs.StringVar(&f.repo, "repository", "", "the repository `URL` (default: CI's); the results must come from it")
	fs.StringVarP(&f.out, "output", "o", "", "write the statement to `FILE` instead of stdout")
	registerCompletion(c, "directory", completeDirs)
	return c
}

// evidenceFlags are the flags of evidence.
type evidenceFlags struct{ planFile, dir, config, codeowners, repo, out string }

func runEvidence(ctx context.Context, e *env, f evidenceFlags, args []string) error {
	planFile, dir, config, codeowners, repo, out := &f.planFile, &f.dir, &f.config, &f.codeowners, &f.repo, &f.out
	if *planFile == "" {
		return usagef("evidence needs --plan")
	}
	if err := checkDir(*dir); err != nil {
		return err
	}
	plan, err := readPlan(*planFile)
	if err != nil {
		return err
	}
	repository := cmpOr(*repo, ciRepository(e.getenv))
	rep, err := verifyResults(plan, *planFile, args, repository)
	if err != nil {
		return err
	}
	if plan.Head == nil {
		return fmt.Errorf("evidence: the plan has no head commit (it was computed from --files): there is no commit to attest")
	}
	policy, err := policyEvidence(ctx, plan, selector.Options{Dir: *dir, Config: *config, Codeowners: *codeowners})
	if err != nil {
		return err
	}
	st, err := evidence.NewStatement(plan, rep, policy, repository)
	if err != nil {
		return err
	}
	b, err := st.Marshal()
	if err != nil {
		return err
	}
	if err := writeOut(e, *out, b); err != nil {
		return err
	}
	if !rep.OK() {
		return fmt.Errorf("evidence: the plan did not pass (%d problem(s)); the statement says so (predicate.verified false)", len(rep.Findings))
	}
	return nil
}

// policyEvidence hashes the policy files of the plan's base and head
// commits: gates.yaml, its fragments (and link targets) and CODEOWNERS,
// as the selector finds them in each commit's tree.
func policyEvidence(ctx context.Context, plan *selector.Plan, opt selector.Options) (evidence.PolicyEvidence, error) {
	var pe evidence.PolicyEvidence
	repo, err := gitrepo.Open(ctx, opt.Dir)
	if err != nil {
		return pe, fmt.Errorf("evidence: hash the policy files: %w", err)
	}
	defer repo.Close()
	sha256Repo := len(plan.Head.Commit) == 64
	files := func(commit string, optional bool) ([]evidence.ResourceDescriptor, error) {
		tree, err := repo.TreeFS(ctx, commit)
		if err != nil {
			return nil, err
		}
		if _, err := fs.Stat(tree, cmpOr(opt.Config, "gates.yaml")); err != nil && optional {
			return []evidence.ResourceDescriptor{}, nil // the base had no policy yet
		}
		o := opt
		o.Head = commit
		in, _, err := selector.LoadPolicy(ctx, o)
		if err != nil {
			return nil, err
		}
		names := append([]string(nil), in.Graph.Files...)
		if in.Owners != nil {
			names = append(names, in.Owners.Name)
		}
		return evidence.PolicyFiles(tree, names, sha256Repo)
	}
	if pe.Head, err = files(plan.Head.Commit, false); err != nil {
		return pe, fmt.Errorf("evidence: the policy files at head %s: %w", plan.Head.Commit, err)
	}
	if plan.Base != nil {
		if pe.Base, err = files(plan.Base.Commit, true); err != nil {
			return pe, fmt.Errorf("evidence: the policy files at base %s: %w", plan.Base.Commit, err)
		}
	}
	return pe, nil
}
