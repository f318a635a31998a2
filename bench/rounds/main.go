// Command rounds times several commands against each other, interleaved:
// each round runs every command once (the order rotated every round, so that
// none is always first after another), two warm-up rounds are dropped, and
// it prints one Markdown row per command with the median wall time, the
// median CPU time (user + sys of the child, getrusage), the median peak RSS
// (ru_maxrss) and, for every command after the first, its ratios to the
// first. A command is one argument, split on blanks (no shell); leading
// NAME=value words are added to its environment.
//
//	go run ./rounds -n 200 'git --version' '/tmp/gatesel version'
//	go run ./rounds -C /tmp/terraform -n 21 'git status --porcelain' '/tmp/gatesel select --base HEAD --uncommitted'
//
// bench/startup.sh and bench/uncommitted.sh use it.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"syscall"
	"time"
)

type sample struct {
	wall, cpu time.Duration
	rss       int64 // KiB
}

func main() {
	dir := flag.String("C", ".", "the directory the commands run in")
	n := flag.Int("n", 21, "timed rounds")
	flag.Parse()
	cmds := make([][]string, flag.NArg())
	for i, c := range flag.Args() {
		cmds[i] = strings.Fields(c)
		if len(cmds[i]) == 0 {
			fmt.Fprintln(os.Stderr, "rounds: an empty command")
			os.Exit(2)
		}
	}
	res := make([][]sample, len(cmds))
	for r := -2; r < *n; r++ {
		for k := range cmds {
			i := (k + max(r, 0)) % len(cmds)
			s, err := timed(*dir, cmds[i])
			if err != nil {
				fmt.Fprintln(os.Stderr, "rounds:", err)
				os.Exit(1)
			}
			if r >= 0 {
				res[i] = append(res[i], s)
			}
		}
	}
	var first sample
	for i, c := range flag.Args() {
		m := medians(res[i])
		row := fmt.Sprintf("| `%s` | %.2f ms | %.2f ms | %.1f MB |", c, ms(m.wall), ms(m.cpu), float64(m.rss)/1024)
		if i == 0 {
			first = m
			row += " | | |"
		} else {
			row += fmt.Sprintf(" %.2f× | **%.2f×** | **%.2f×** |", ratio(m.wall, first.wall), ratio(m.cpu, first.cpu), float64(m.rss)/float64(first.rss))
		}
		fmt.Println(row)
	}
}

func ratio(a, b time.Duration) float64 { return float64(a) / float64(b) }

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func medians(s []sample) sample {
	w, c, r := make([]time.Duration, len(s)), make([]time.Duration, len(s)), make([]int64, len(s))
	for i, x := range s {
		w[i], c[i], r[i] = x.wall, x.cpu, x.rss
	}
	slices.Sort(w)
	slices.Sort(c)
	slices.Sort(r)
	return sample{w[len(s)/2], c[len(s)/2], r[len(s)/2]}
}

// timed runs args with its output to /dev/null.
func timed(dir string, args []string) (sample, error) {
	var env []string
	for len(args) > 1 && strings.Contains(args[0], "=") {
		env, args = append(env, args[0]), args[1:]
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir = dir
	if env != nil {
		cmd.Env = append(os.Environ(), env...)
	}
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
	s := sample{wall: time.Since(start)}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		s.rss = ru.Maxrss
		s.cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	return s, nil
}
