// Command e2e times `gatesel select` against git's own work on the same
// revisions, `git diff --name-only --no-renames BASE...HEAD`, end to end
// (process start included), interleaved run by run, and prints one
// Markdown table row per pair: the median wall times, their ratio, the
// peak resident memory of each (getrusage's ru_maxrss, what GNU time
// prints as %M) and their ratio. Before timing, it checks that gatesel's
// changed paths are exactly git's.
//
// A pair BASE...HEAD checks HEAD out (detached) first, since gatesel reads
// the policy of the checked-out HEAD from the work tree (an untracked
// gates.yaml there is enough; bench/e2e.sh writes one). See bench/e2e.sh.
//
// With -before BIN, a second gatesel binary joins the rounds (git, then the
// two binaries, their order swapped every round) and each row compares the
// two: the median wall time, CPU time (user + sys) and peak RSS of git, of
// BIN and of -gatesel, -gatesel's ratios to BIN, and the CPU and RSS
// ratios of each to git (before → after).
//
//	go run ./e2e -C /tmp/terraform -gatesel /tmp/gatesel -n 21 main~1...main main...origin/v1.5
//	go run ./e2e -C /tmp/terraform -before /tmp/old/gatesel -gatesel /tmp/gatesel -n 21 main~1...main
//
// With -pairs FILE the pairs are read from FILE as well, one BASE...HEAD a
// line (blank lines and lines starting with # are skipped); bench/pairs
// holds the files of the repositories measured in docs/performance.md, and
// bench/real.sh runs them with and without a commit-graph. Each row then
// also gives the median CPU time (user + sys of the child, getrusage) of
// git and gatesel and their ratio, which the load of a shared machine moves
// much less than the wall time; the RSS columns are the median of the runs'
// peaks.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"

	"github.com/gatesel/gatesel/bench/internal/timing"
)

func main() {
	dir := flag.String("C", ".", "the repository (a clone with a work tree)")
	bin := flag.String("gatesel", "gatesel", "the gatesel binary")
	n := flag.Int("n", 21, "timed runs of each command per pair")
	label := flag.String("label", "", "the repository's name in the table (default: -C)")
	checkout := flag.Bool("checkout", true, "check each pair's HEAD out before timing it")
	before := flag.String("before", "", "a second gatesel binary to compare -gatesel with")
	pairsFile := flag.String("pairs", "", "a file of pairs, one BASE...HEAD a line (# comments)")
	flag.Parse()
	if *label == "" {
		*label = *dir
	}
	pairs := flag.Args()
	if *pairsFile != "" {
		more, err := readPairs(*pairsFile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "e2e:", err)
			os.Exit(1)
		}
		pairs = append(pairs, more...)
	}
	for _, pair := range pairs {
		if err := measure(*dir, *bin, *before, *label, pair, *n, *checkout); err != nil {
			fmt.Fprintln(os.Stderr, "e2e:", err)
			os.Exit(1)
		}
	}
}

func measure(dir, bin, before, label, pair string, n int, checkout bool) error {
	base, head, ok := strings.Cut(pair, "...")
	if !ok {
		return fmt.Errorf("%q is not BASE...HEAD", pair)
	}
	if checkout {
		if _, _, err := run(dir, "git", "-c", "advice.detachedHead=false", "checkout", "-q", "--detach", head); err != nil {
			return err
		}
	}
	// Without a checkout (a repository generated with -no-checkout), HEAD
	// is the pair's head as given, and gatesel reads its policy from it.
	rev := "HEAD"
	if !checkout {
		rev = head
	}
	gitCmd := []string{"git", "diff", "--name-only", "--no-renames", base + "..." + rev}
	selCmd := []string{bin, "select", "--base", base, "--head", rev, "--format", "json"}

	// The same paths, or the timing means nothing.
	out, _, err := run(dir, "git", "diff", "-z", "--name-only", "--no-renames", base+"..."+rev)
	if err != nil {
		return err
	}
	want := strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00")
	if len(out) == 0 {
		want = nil
	}
	slices.Sort(want)
	if err := samePaths(dir, pair, want, selCmd); err != nil {
		return err
	}
	if before != "" {
		return compare(dir, label, pair, want, gitCmd, selCmd, before, n)
	}

	var gs, ss []timing.Sample
	for i := -2; i < n; i++ { // two warm-up rounds
		g, err := timing.Run(dir, nil, gitCmd...)
		if err != nil {
			return err
		}
		s, err := timing.Run(dir, nil, selCmd...)
		if err != nil {
			return err
		}
		if i >= 0 {
			gs, ss = append(gs, g), append(ss, s)
		}
	}
	g, s := timing.Medians(gs), timing.Medians(ss)
	fmt.Printf("| %s | `%s` | %d | %.1f ms | %.1f ms | %.2f× | %.1f ms | %.1f ms | **%.2f×** | %.1f MB | %.1f MB | **%.2f×** |\n",
		label, pair, len(want), timing.MS(g.Wall), timing.MS(s.Wall), float64(s.Wall)/float64(g.Wall),
		timing.MS(g.CPU), timing.MS(s.CPU), float64(s.CPU)/float64(g.CPU),
		float64(g.RSS)/1024, float64(s.RSS)/1024, float64(s.RSS)/float64(g.RSS))
	return nil
}

// readPairs reads a pairs file: one BASE...HEAD a line, # comments.
func readPairs(name string) ([]string, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	var pairs []string
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if !strings.Contains(line, "...") {
			return nil, fmt.Errorf("%s:%d: %q is not BASE...HEAD", name, i+1, line)
		}
		pairs = append(pairs, line)
	}
	return pairs, nil
}

// samePaths checks that the plan of cmd lists exactly the paths want
// (sorted) lists.
func samePaths(dir, pair string, want, cmd []string) error {
	out, _, err := run(dir, cmd...)
	if err != nil {
		return err
	}
	var plan struct {
		Changes []struct {
			Path string `json:"path"`
		} `json:"changes"`
	}
	if err := json.Unmarshal(out, &plan); err != nil {
		return fmt.Errorf("read the plan: %w", err)
	}
	var got []string
	for _, c := range plan.Changes {
		got = append(got, c.Path)
	}
	slices.Sort(got)
	if !slices.Equal(want, got) {
		return fmt.Errorf("%s: %s lists %d changed paths, git %d", pair, cmd[0], len(got), len(want))
	}
	return nil
}

// compare times git, the before binary and the after one (selCmd) in
// rounds, the two binaries' order swapped every round, and prints one row:
// the medians of wall, CPU and peak RSS of each, and after's ratios to
// before.
func compare(dir, label, pair string, want, gitCmd, selCmd []string, before string, n int) error {
	befCmd := append([]string{before}, selCmd[1:]...)
	if err := samePaths(dir, pair, want, befCmd); err != nil {
		return err
	}
	var gs, bs, as []timing.Sample
	for i := -2; i < n; i++ { // two warm-up rounds
		g, err := timing.Run(dir, nil, gitCmd...)
		if err != nil {
			return err
		}
		first, second := befCmd, selCmd
		if i%2 != 0 {
			first, second = selCmd, befCmd
		}
		x, err := timing.Run(dir, nil, first...)
		if err != nil {
			return err
		}
		y, err := timing.Run(dir, nil, second...)
		if err != nil {
			return err
		}
		if i%2 != 0 {
			x, y = y, x
		}
		if i >= 0 {
			gs, bs, as = append(gs, g), append(bs, x), append(as, y)
		}
	}
	g, b, a := timing.Medians(gs), timing.Medians(bs), timing.Medians(as)
	fmt.Printf("| %s | `%s` | %d | %.1f / %.1f ms, %.1f MB | %.1f / %.1f ms, %.1f MB | %.1f / %.1f ms, %.1f MB | %.3f | %.3f | %.3f | %.2f× → **%.2f×** | %.2f× → **%.2f×** |\n",
		label, pair, len(want),
		timing.MS(g.Wall), timing.MS(g.CPU), float64(g.RSS)/1024,
		timing.MS(b.Wall), timing.MS(b.CPU), float64(b.RSS)/1024,
		timing.MS(a.Wall), timing.MS(a.CPU), float64(a.RSS)/1024,
		float64(a.Wall)/float64(b.Wall), float64(a.CPU)/float64(b.CPU), float64(a.RSS)/float64(b.RSS),
		float64(b.CPU)/float64(g.CPU), float64(a.CPU)/float64(g.CPU), float64(b.RSS)/float64(g.RSS), float64(a.RSS)/float64(g.RSS))
	return nil
}

func run(dir string, args ...string) ([]byte, []byte, error) {
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, nil, fmt.Errorf("%s: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return stdout.Bytes(), stderr.Bytes(), nil
}
