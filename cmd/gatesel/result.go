package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/gatesel/gatesel/evidence"
	"github.com/gatesel/gatesel/selector"
)

func newResultCmd(e *env) *cobra.Command {
	var f resultFlags
	c := newCommand("result", "--plan FILE --id ID (--status pass|fail|skip | --junit FILE...) [-o FILE]", "write the result record of one gate instance", func(c *cobra.Command, args []string) error {
		if len(args) > 0 {
			return usagef("result takes no arguments (got %q)", args[0])
		}
		return runResult(c.Context(), e, f)
	})
	fs := c.Flags()
	fs.StringVar(&f.planFile, "plan", "", "the plan `FILE` (gatesel select --format json)")
	fs.StringVar(&f.id, "id", "", "the gate instance `ID` (GATE:SCOPE) this job ran")
	fs.StringVar(&f.status, "status", "", "the outcome: pass, fail or skip (with --junit: the worse of the two)")
	fs.StringArrayVar(&f.junit, "junit", nil, "read the outcome from JUnit XML `FILE` (repeatable): a failure or an error is fail, no test case at all is skip")
	fs.StringVar(&f.started, "started", "", "when the gate started, RFC 3339 (default: now)")
	fs.StringVar(&f.finished, "finished", "", "when the gate finished, RFC 3339 (default: now)")
	fs.StringVar(&f.repo, "repository", "", "the repository `URL` (default: CI's, from $GITHUB_SERVER_URL/$GITHUB_REPOSITORY, $CI_PROJECT_URL or $BUILDKITE_REPO)")
	fs.StringVarP(&f.out, "output", "o", "", "write the record to `FILE` instead of stdout")
	registerValues(c, "status", []string{"pass", "fail", "skip"})
	registerCompletion(c, "id", completePlanIDs)
	c.ValidArgsFunction = cobra.NoFileCompletions
	return c
}

// resultFlags are the flags of result.
type resultFlags struct {
	planFile, id, status, started, finished, repo, out string
	junit                                              []string
}

// runResult is `gatesel result`: the record of one gate instance's
// outcome, bound to the plan's digest and head, for `gatesel verify`.
// It exits 0 when the record is written, whatever the status: the gate's
// own step already failed the job, and the record must still be uploaded.
func runResult(ctx context.Context, e *env, f resultFlags) error {
	planFile, id, status, started, finished, repo, out, junit := &f.planFile, &f.id, &f.status, &f.started, &f.finished, &f.repo, &f.out, f.junit
	if *planFile == "" || *id == "" {
		return usagef("result needs --plan and --id")
	}
	if *status == "" && len(junit) == 0 {
		return usagef("result needs --status or --junit")
	}
	st := evidence.Pass
	if *status != "" {
		var err error
		if st, err = evidence.ParseStatus(*status); err != nil {
			return usageError{"--status: " + err.Error()}
		}
	}
	now := time.Now().UTC().Truncate(time.Second)
	start, err := parseTime("--started", *started, now)
	if err != nil {
		return err
	}
	end, err := parseTime("--finished", *finished, now)
	if err != nil {
		return err
	}
	plan, err := readPlan(*planFile)
	if err != nil {
		return err
	}
	var reports []evidence.JUnitSummary
	for _, f := range junit {
		data, err := os.ReadFile(f)
		if err != nil {
			return fmt.Errorf("read --junit: %w", err)
		}
		s, err := evidence.ParseJUnit(f, data)
		if err != nil {
			return err
		}
		reports = append(reports, s)
	}
	if len(reports) > 0 {
		total := evidence.JUnitSummary{}
		for _, s := range reports {
			total.Tests += s.Tests
			total.Failures += s.Failures
			total.Errors += s.Errors
		}
		if *status == "" {
			st = total.Status()
		} else {
			st = evidence.Worst(st, total.Status())
		}
	}
	r, err := evidence.NewResult(plan, *id, st, start, end)
	if err != nil {
		return err
	}
	r.Repository = cmpOr(*repo, ciRepository(e.getenv))
	r.RunURL = ciRunURL(e.getenv)
	r.JUnit = reports
	b, err := r.Marshal()
	if err != nil {
		return err
	}
	return writeOut(e, *out, b)
}

// readPlan reads and checks a plan file: a tampered one is refused.
func readPlan(name string) (*selector.Plan, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("read --plan: %w", err)
	}
	return evidence.ParsePlan(name, data)
}

func parseTime(flag, s string, def time.Time) (time.Time, error) {
	if s == "" {
		return def, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return t, usagef("%s takes an RFC 3339 time (2026-01-02T15:04:05Z), not %q", flag, s)
	}
	return t, nil
}

// writeOut writes b to the file name, or to stdout when name is "".
func writeOut(e *env, name string, b []byte) error {
	if name == "" {
		_, err := e.stdout.Write(b)
		return err
	}
	if err := os.WriteFile(name, b, 0o644); err != nil {
		return fmt.Errorf("write -o: %w", err)
	}
	return nil
}

// ciRepository is the CI's URL of the repository being built, "" outside CI.
func ciRepository(getenv func(string) string) string {
	if r := getenv("GITHUB_REPOSITORY"); r != "" {
		return strings.TrimSuffix(cmpOr(getenv("GITHUB_SERVER_URL"), "https://github.com"), "/") + "/" + r
	}
	return cmpOr(getenv("CI_PROJECT_URL"), getenv("BUILDKITE_REPO"))
}

// ciRunURL is the CI's URL of this run or job, "" outside CI.
func ciRunURL(getenv func(string) string) string {
	if id := getenv("GITHUB_RUN_ID"); id != "" && getenv("GITHUB_REPOSITORY") != "" {
		u := ciRepository(getenv) + "/actions/runs/" + id
		if a := getenv("GITHUB_RUN_ATTEMPT"); a != "" {
			u += "/attempts/" + a
		}
		return u
	}
	if u := getenv("CI_JOB_URL"); u != "" {
		return u
	}
	if u := getenv("BUILDKITE_BUILD_URL"); u != "" {
		if j := getenv("BUILDKITE_JOB_ID"); j != "" {
			u += "#" + j
		}
		return u
	}
	return ""
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
