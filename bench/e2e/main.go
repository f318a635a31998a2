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
//	go run ./e2e -C /tmp/terraform -gatesel /tmp/gatesel -n 21 main~1...main main...origin/v1.5
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
	"syscall"
	"time"
)

func main() {
	dir := flag.String("C", ".", "the repository (a clone with a work tree)")
	bin := flag.String("gatesel", "gatesel", "the gatesel binary")
	n := flag.Int("n", 21, "timed runs of each command per pair")
	label := flag.String("label", "", "the repository's name in the table (default: -C)")
	checkout := flag.Bool("checkout", true, "check each pair's HEAD out before timing it")
	flag.Parse()
	if *label == "" {
		*label = *dir
	}
	for _, pair := range flag.Args() {
		if err := measure(*dir, *bin, *label, pair, *n, *checkout); err != nil {
			fmt.Fprintln(os.Stderr, "e2e:", err)
			os.Exit(1)
		}
	}
}

type sample struct {
	wall time.Duration
	rss  int64 // KiB
}

func measure(dir, bin, label, pair string, n int, checkout bool) error {
	base, head, ok := strings.Cut(pair, "...")
	if !ok {
		return fmt.Errorf("%q is not BASE...HEAD", pair)
	}
	if checkout {
		if _, _, err := run(dir, "git", "-c", "advice.detachedHead=false", "checkout", "-q", "--detach", head); err != nil {
			return err
		}
	}
	gitCmd := []string{"git", "diff", "--name-only", "--no-renames", base + "...HEAD"}
	selCmd := []string{bin, "select", "--base", base, "--head", "HEAD", "--format", "json"}

	// The same paths, or the timing means nothing.
	out, _, err := run(dir, "git", "diff", "-z", "--name-only", "--no-renames", base+"...HEAD")
	if err != nil {
		return err
	}
	want := strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00")
	if len(out) == 0 {
		want = nil
	}
	out, _, err = run(dir, selCmd...)
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
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(want, got) {
		return fmt.Errorf("%s: gatesel lists %d changed paths, git %d", pair, len(got), len(want))
	}

	var gs, ss []sample
	for i := -2; i < n; i++ { // two warm-up rounds
		g, err := timed(dir, gitCmd...)
		if err != nil {
			return err
		}
		s, err := timed(dir, selCmd...)
		if err != nil {
			return err
		}
		if i >= 0 {
			gs, ss = append(gs, g), append(ss, s)
		}
	}
	gw, sw := medianWall(gs), medianWall(ss)
	gm, sm := peakRSS(gs), peakRSS(ss)
	fmt.Printf("| %s | `%s` | %d | %.1f ms | %.1f ms | %.2f× | %.1f MB | %.1f MB | %.2f× |\n",
		label, pair, len(want), ms(gw), ms(sw), float64(sw)/float64(gw),
		float64(gm)/1024, float64(sm)/1024, float64(sm)/float64(gm))
	return nil
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

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

// timed runs a command with its output to /dev/null and returns its wall time and peak RSS.
func timed(dir string, args ...string) (sample, error) {
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir = dir
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		return sample{}, err
	}
	defer null.Close()
	cmd.Stdout, cmd.Stderr = null, null
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return sample{}, fmt.Errorf("%s: %w", strings.Join(args, " "), err)
	}
	wall := time.Since(start)
	ru, _ := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	var rss int64
	if ru != nil {
		rss = ru.Maxrss
	}
	return sample{wall, rss}, nil
}

func medianWall(s []sample) time.Duration {
	w := make([]time.Duration, len(s))
	for i, x := range s {
		w[i] = x.wall
	}
	slices.Sort(w)
	return w[len(w)/2]
}

func peakRSS(s []sample) int64 {
	var m int64
	for _, x := range s {
		m = max(m, x.rss)
	}
	return m
}
