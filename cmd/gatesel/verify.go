package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/gatesel/gatesel/evidence"
	"github.com/gatesel/gatesel/internal/poserr"
	"github.com/gatesel/gatesel/selector"
	"github.com/gatesel/gatesel/selector/gitrepo"
)

// newVerifyCmd is `gatesel verify`: the one required check. It passes only
// when every planned instance has exactly one pass bound to the plan's
// digest and head; with --recompute, only when the plan is also the one
// the repository's revisions give.
func newVerifyCmd(e *env) *cobra.Command {
	var f verifyFlags
	c := newCommand("verify", "--plan FILE [--recompute] [--format text|json|markdown] RESULT...", "check that every planned gate passed once, for this plan (the required check)", func(c *cobra.Command, args []string) error {
		return runVerify(c.Context(), e, c.Flags(), f, args)
	})
	fs := c.Flags()
	fs.StringVar(&f.planFile, "plan", "", "the plan `FILE` (gatesel select --format json)")
	fs.StringVar(&f.format, "format", "text", "report `format`: text, json or markdown")
	fs.StringVar(&f.repo, "repository", "", "the repository `URL` the results must come from (default: CI's; without one the results must agree)")
	fs.BoolVar(&f.recompute, "recompute", false, "recompute the plan from the repository at its recorded base and head, and check the digest")
	f.rf.register(fs)
	registerValues(c, "format", evidence.ReportFormats)
	registerValues(c, "policy", policies)
	registerCompletion(c, "directory", completeDirs)
	return c
}

// verifyFlags are the flags of verify.
type verifyFlags struct {
	planFile, format, repo string
	recompute              bool
	rf                     recomputeFlags
}

func runVerify(ctx context.Context, e *env, fs *pflag.FlagSet, f verifyFlags, args []string) error {
	planFile, format, repo, recompute, rf := &f.planFile, &f.format, &f.repo, &f.recompute, f.rf
	if *planFile == "" {
		return usagef("verify needs --plan")
	}
	if !slices.Contains(evidence.ReportFormats, *format) {
		return usagef("unknown --format %q (want %s)", *format, strings.Join(evidence.ReportFormats, ", "))
	}
	if len(args) == 0 && !*recompute {
		return usagef("verify needs RESULT files or directories, or --recompute")
	}
	if !*recompute && rf.visited(fs) {
		return usagef("-C, --config, --codeowners and --policy go with --recompute")
	}
	if *recompute {
		if err := checkDir(rf.dir); err != nil {
			return err
		}
	}
	plan, err := readPlan(*planFile)
	if err != nil {
		return err
	}
	if *recompute {
		if err := recomputePlan(ctx, plan, rf); err != nil {
			return err
		}
		if len(args) == 0 {
			fmt.Fprintf(e.stdout, "PASS: the plan is the one the repository gives (plan %s, base %s, head %s)\n", plan.Digest, plan.Base.Commit, plan.Head.Commit)
			return nil
		}
	}
	rep, err := verifyResults(plan, *planFile, args, cmpOr(*repo, ciRepository(e.getenv)))
	if err != nil {
		return err
	}
	if err := evidence.RenderReport(e.stdout, rep, *format); err != nil {
		return err
	}
	if !rep.OK() {
		return fmt.Errorf("verify: %d problem(s): the plan did not pass", len(rep.Findings))
	}
	return nil
}

// verifyResults reads the results and verifies them against the plan.
func verifyResults(plan *selector.Plan, planFile string, args []string, repo string) (*evidence.Report, error) {
	results, err := readResults(planFile, args)
	if err != nil {
		return nil, err
	}
	return evidence.Verify(plan, results, evidence.VerifyOptions{Repository: repo})
}

// readResults reads result records from files and directories (every
// *.json file below a directory, the plan file excepted). A file named
// twice is read once. Every unreadable record is reported, one a line.
func readResults(planFile string, args []string) ([]*evidence.Result, error) {
	planAbs, _ := filepath.Abs(planFile)
	seen := map[string]bool{}
	var names []string
	add := func(name string) {
		abs, err := filepath.Abs(name)
		if err != nil || seen[abs] || abs == planAbs {
			return
		}
		seen[abs] = true
		names = append(names, name)
	}
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil {
			return nil, fmt.Errorf("read results: %w", err)
		}
		if !st.IsDir() {
			add(a)
			continue
		}
		var found []string
		err = filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && strings.HasSuffix(p, ".json") {
				found = append(found, p)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("read results: %w", err)
		}
		slices.Sort(found)
		for _, f := range found {
			add(f)
		}
	}
	var errs poserr.List
	var results []*evidence.Result
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			errs.Add(fmt.Errorf("read result: %w", err))
			continue
		}
		r, err := evidence.ParseResult(n, data)
		if err != nil {
			errs.Add(err)
			continue
		}
		results = append(results, r)
	}
	return results, errs.Err()
}

// recomputeFlags say how the plan was computed, as select was told.
type recomputeFlags struct {
	dir, config, codeowners, policy string
}

func (f *recomputeFlags) register(fs *pflag.FlagSet) {
	fs.StringVarP(&f.dir, "directory", "C", ".", "with --recompute: the repository (a directory inside it)")
	fs.StringVar(&f.config, "config", "gates.yaml", "with --recompute: the policy `file`, as select was given it")
	fs.StringVar(&f.codeowners, "codeowners", "", "with --recompute: the CODEOWNERS `file`, as select was given it")
	fs.StringVar(&f.policy, "policy", "", "with --recompute: --policy as select was given it (both, base or head)")
}

func (f *recomputeFlags) visited(fs *pflag.FlagSet) bool {
	set := false
	fs.Visit(func(fl *pflag.Flag) {
		switch fl.Name {
		case "directory", "config", "codeowners", "policy":
			set = true
		}
	})
	return set
}

// recomputePlan recomputes the plan at its recorded base and head commits
// and compares the digests. The revisions are asked by the names the plan
// records when they still name the same commits (so the plan's text is
// reproduced), by the commits otherwise; a plan whose head was read from
// the work tree ("HEAD") is recomputed from the work tree when HEAD is
// still that commit, from the commit's tree otherwise.
func recomputePlan(ctx context.Context, plan *selector.Plan, f recomputeFlags) error {
	for _, esc := range plan.Escalations {
		if esc.Kind == "fallback" {
			return fmt.Errorf("recompute: the plan is a fallback (--on-error all: %s), not the plan of its revisions", esc.Cause)
		}
	}
	if plan.Base == nil || plan.Head == nil {
		return errors.New("recompute: the plan was not computed from git revisions (--files): there is nothing to recompute it from")
	}
	policy, err := selector.ParsePolicy(f.policy)
	if err != nil {
		return usagef("--policy takes both, base or head, not %q", f.policy)
	}
	if err := checkDir(f.dir); err != nil {
		return err
	}
	repo, err := gitrepo.Open(ctx, f.dir)
	if err != nil {
		return fmt.Errorf("recompute: %w", err)
	}
	defer repo.Close()
	name := func(r *selector.Revision) string {
		if got, err := repo.Resolve(ctx, r.Rev); err == nil && got.Commit == r.Commit {
			return r.Rev
		}
		return r.Commit
	}
	opt := selector.Options{Dir: f.dir, Config: f.config, Codeowners: f.codeowners, Policy: policy,
		Profile: plan.Profile, Base: name(plan.Base), Head: name(plan.Head)}
	if opt.Head == "HEAD" {
		opt.Head = ""
	}
	got, err := selector.Compute(ctx, opt)
	if err != nil {
		return fmt.Errorf("recompute the plan at base %s and head %s: %w", plan.Base.Commit, plan.Head.Commit, err)
	}
	got.Base.Rev, got.Head.Rev = plan.Base.Rev, plan.Head.Rev
	if plan.Head.Rev == "HEAD" && opt.Head != "" {
		// select read the head's policy from the work tree, which HEAD no
		// longer is: the policy escalation names where it was read
		for i, esc := range got.Escalations {
			if esc.Kind == "policy" {
				got.Escalations[i].Cause = strings.Replace(esc.Cause, "head "+plan.Head.Commit[:12]+" policies", "work tree policies", 1)
			}
		}
	}
	digest, err := evidence.Digest(got)
	if err != nil {
		return err
	}
	if digest == plan.Digest {
		return nil
	}
	return fmt.Errorf("recompute: the plan's digest is %s, the repository gives %s at base %s and head %s%s",
		plan.Digest, digest, plan.Base.Commit, plan.Head.Commit, planDiff(plan, got))
}

// planDiff says in what two plans differ, for the recompute error.
func planDiff(want, got *selector.Plan) string {
	ids := func(p *selector.Plan) map[string]bool {
		m := map[string]bool{}
		for _, in := range p.Gates {
			m[in.ID] = true
		}
		return m
	}
	w, g := ids(want), ids(got)
	var only, extra []string
	for id := range w {
		if !g[id] {
			only = append(only, id)
		}
	}
	for id := range g {
		if !w[id] {
			extra = append(extra, id)
		}
	}
	slices.Sort(only)
	slices.Sort(extra)
	var parts []string
	if len(only) > 0 {
		parts = append(parts, "only in the plan: "+strings.Join(only, ", "))
	}
	if len(extra) > 0 {
		parts = append(parts, "only in the recomputed plan: "+strings.Join(extra, ", "))
	}
	if len(want.Changes) != len(got.Changes) {
		parts = append(parts, fmt.Sprintf("%d changed file(s) in the plan, %d in the repository", len(want.Changes), len(got.Changes)))
	}
	if len(parts) == 0 {
		parts = append(parts, "the same instances, with other reasons, changes, escalations or warnings")
	}
	return "\n" + strings.Join(parts, "\n")
}
