package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/gatesel/gatesel/internal/synth"
	"github.com/gatesel/gatesel/internal/testtool"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"gatesel": func() {
			os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
		},
	})
}

// TestScripts runs every testdata/script/*.txtar: one behaviour a script,
// against real git repositories that the scripts build.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(e *testscript.Env) error {
			root, err := filepath.Abs("../..")
			if err != nil {
				return err
			}
			e.Setenv("REPO", root) // this repository, for the README's quick start
			for k, v := range map[string]string{
				"GIT_AUTHOR_NAME":     "Test Author",
				"GIT_AUTHOR_EMAIL":    "author@example.com",
				"GIT_AUTHOR_DATE":     "2026-01-01T00:00:00Z",
				"GIT_COMMITTER_NAME":  "Test Committer",
				"GIT_COMMITTER_EMAIL": "committer@example.com",
				"GIT_COMMITTER_DATE":  "2026-01-01T00:00:00Z",
				"GIT_CONFIG_GLOBAL":   "/dev/null",
				"GIT_CONFIG_NOSYSTEM": "1",
				"NO_COLOR":            "1",
				"GITHUB_OUTPUT":       "",
			} {
				e.Setenv(k, v)
			}
			return nil
		},
		RequireExplicitExec: true,
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exits":     cmdExits,
			"validjson": cmdValidJSON,
			"revenv":    cmdRevEnv,
			"expand":    cmdExpand,
			"synth":     cmdSynth,
			"need":      cmdNeed,
		},
	})
}

// cmdExits runs a program and checks its exact exit code:
// "exits 3 gatesel select" keeps stdout and stderr for the next commands.
func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits CODE PROGRAM [ARGS...]")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("run %s: %v", args[1], err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited %d, want %d", args[1], got, want)
	}
}

// cmdRevEnv sets an environment variable to a commit's full hash:
// "revenv BASE main~1" runs git rev-parse in the current directory. CI
// event payloads in the scripts name commits the scripts make.
func cmdRevEnv(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: revenv NAME REV")
	}
	if err := ts.Exec("git", "rev-parse", "--verify", args[1]+"^{commit}"); err != nil {
		ts.Fatalf("git rev-parse %s: %v", args[1], err)
	}
	ts.Setenv(args[0], strings.TrimSpace(ts.ReadFile("stdout")))
}

// cmdExpand replaces $NAME and ${NAME} in a file with the script's
// environment: "expand event.json" fills a payload with revenv's hashes.
func cmdExpand(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: expand FILE")
	}
	name := ts.MkAbs(args[0])
	data, err := os.ReadFile(name)
	ts.Check(err)
	ts.Check(os.WriteFile(name, []byte(os.Expand(string(data), ts.Getenv)), 0o644))
}

// cmdValidJSON validates a JSON file against a JSON Schema (draft 2020-12,
// formats asserted): "validjson SCHEMA FILE"; "! validjson" expects a
// violation.
func cmdValidJSON(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: validjson SCHEMA FILE")
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader([]byte(ts.ReadFile(args[0]))))
	ts.Check(err)
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	ts.Check(c.AddResource("schema.json", doc))
	schema, err := c.Compile("schema.json")
	ts.Check(err)
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader([]byte(ts.ReadFile(args[1]))))
	ts.Check(err)
	err = schema.Validate(v)
	switch {
	case neg && err == nil:
		ts.Fatalf("%s matches %s", args[1], args[0])
	case !neg && err != nil:
		ts.Fatalf("%s does not match %s: %v", args[1], args[0], err)
	}
}

// cmdSynth generates a synthetic monorepo (internal/synth) of N services
// in DIR, a git repository with its gates.yaml and CODEOWNERS: "synth big
// 150" for the CLI on a policy of 100+ nodes.
func cmdSynth(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: synth DIR SERVICES")
	}
	n, err := strconv.Atoi(args[1])
	ts.Check(err)
	_, err = synth.Generate(context.Background(), ts.MkAbs(args[0]), synth.Options{
		Files: 20 * n, Services: n, Edges: 4 * n, Contracts: n / 10, Domains: max(1, n/15),
		Rules: 4 * n, History: 5, Diverge: 2, Seed: 1,
	})
	ts.Check(err)
}

// cmdNeed fails the script in CI (internal/testtool.Required) when a
// program is missing; elsewhere it does nothing, and the script's next line
// skips: "[!exec:zsh] need zsh" then "[!exec:zsh] skip 'zsh is not installed'".
func cmdNeed(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: need PROGRAM")
	}
	if _, err := exec.LookPath(args[0]); err != nil && testtool.Required() {
		ts.Fatalf("%s is not installed; CI must install it (.ci/run does): %v", args[0], err)
	}
}
