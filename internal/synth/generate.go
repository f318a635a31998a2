package synth

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strings"
)

// Repo is a generated repository.
type Repo struct {
	Dir string // the work tree; the repository is Dir/.git
	// Main is the main branch, "main".
	Main string
	// Pairs are (base, head) revisions by name, every one a branch of the
	// repository. "change-1", "change-100" and "change-10000" are branches on
	// top of main whose tips change exactly that many files (edits, a few
	// additions and deletions, no renames) relative to their merge base with
	// main, spread over services, libraries, contracts and docs; a pair is
	// left out when the repository has too few files for it. "diverged" forks
	// from main Diverge commits before its tip and has Diverge commits of its own.
	Pairs map[string][2]string
	// Services and Files are the number of services and of tracked files on main.
	Services, Files int
}

// Generate writes a synthetic monorepo into dir, which must not exist or be
// empty, through git fast-import, repacks it into one pack as a clone has,
// writes a commit-graph and, unless opt.NoCheckout, checks main out. It needs
// the git binary.
func Generate(ctx context.Context, dir string, opt Options) (*Repo, error) {
	opt = opt.withDefaults()
	if err := opt.check(); err != nil {
		return nil, fmt.Errorf("synth: %w", err)
	}
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return nil, fmt.Errorf("synth: %s is not empty", dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("synth: %w", err)
	}
	rng := rand.New(rand.NewPCG(uint64(opt.Seed), 0x9e3779b97f4a7c15))
	l, err := newLayout(opt, rng)
	if err != nil {
		return nil, fmt.Errorf("synth: %w", err)
	}
	policy := map[string][]byte{gatesFile: l.gatesYAML(), codeownersFile: l.codeowners(rng)}
	for i := range l.services {
		if sv := &l.services[i]; sv.fragment {
			policy[sv.dir+"/"+gatesFile] = l.fragmentYAML(sv)
		}
	}
	if err := git(ctx, dir, nil, "init", "-q", "-b", "main"); err != nil {
		return nil, err
	}
	h := &history{rng: rng, l: l}
	if err := fastImport(ctx, dir, func(w *bufio.Writer) error {
		h.w = w
		return h.write(policy)
	}); err != nil {
		return nil, err
	}
	// fast-import's pack holds objects in stream order with few deltas; a clone
	// gets one pack written by pack-objects, in recency order with a full delta
	// search, which is what repack -f writes (and what benchmarks should read).
	if err := git(ctx, dir, nil, "repack", "-a", "-d", "-f", "-q"); err != nil {
		return nil, err
	}
	if err := git(ctx, dir, nil, "commit-graph", "write", "--reachable"); err != nil {
		return nil, err
	}
	if !opt.NoCheckout {
		if err := git(ctx, dir, nil, "reset", "-q", "--hard", "main"); err != nil {
			return nil, err
		}
	}
	return &Repo{Dir: dir, Main: "main", Pairs: h.pairs, Services: len(l.services), Files: len(l.files)}, nil
}

// fastImport runs git fast-import in dir and streams write's output into it.
func fastImport(ctx context.Context, dir string, write func(*bufio.Writer) error) error {
	cmd := command(ctx, dir, "fast-import", "--quiet")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return fmt.Errorf("synth: git fast-import: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("synth: git fast-import: %w", err)
	}
	werr := write(bufio.NewWriterSize(stdin, 1<<20))
	cerr := stdin.Close()
	if err := cmd.Wait(); err != nil {
		return fmt.Errorf("synth: git fast-import: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	if err := errors.Join(werr, cerr); err != nil {
		return fmt.Errorf("synth: write fast-import stream: %w", err)
	}
	return nil
}

// git runs a git command in dir; its output goes to stdout when not nil.
func git(ctx context.Context, dir string, stdout *bytes.Buffer, args ...string) error {
	cmd := command(ctx, dir, args...)
	var stderr bytes.Buffer
	if stdout != nil {
		cmd.Stdout = stdout
	}
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("synth: git %s: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return nil
}

// command is a git command isolated from the caller's configuration and
// repository, so that the output depends only on the options.
func command(ctx context.Context, dir string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = dir
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GIT_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null", "GIT_TERMINAL_PROMPT=0")
	return cmd
}
