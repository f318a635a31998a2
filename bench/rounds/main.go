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
	"strings"
	"time"

	"github.com/gatesel/gatesel/bench/internal/timing"
)

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
	res := make([][]timing.Sample, len(cmds))
	for r := -2; r < *n; r++ {
		for k := range cmds {
			i := (k + max(r, 0)) % len(cmds)
			s, err := run(*dir, cmds[i])
			if err != nil {
				fmt.Fprintln(os.Stderr, "rounds:", err)
				os.Exit(1)
			}
			if r >= 0 {
				res[i] = append(res[i], s)
			}
		}
	}
	var first timing.Sample
	for i, c := range flag.Args() {
		m := timing.Medians(res[i])
		row := fmt.Sprintf("| `%s` | %.2f ms | %.2f ms | %.1f MB |", c, timing.MS(m.Wall), timing.MS(m.CPU), float64(m.RSS)/1024)
		if i == 0 {
			first = m
			row += " | | |"
		} else {
			row += fmt.Sprintf(" %.2f× | **%.2f×** | **%.2f×** |", ratio(m.Wall, first.Wall), ratio(m.CPU, first.CPU), float64(m.RSS)/float64(first.RSS))
		}
		fmt.Println(row)
	}
}

func ratio(a, b time.Duration) float64 { return float64(a) / float64(b) }

// run runs a command whose leading NAME=value words are its environment.
func run(dir string, args []string) (timing.Sample, error) {
	var env []string
	for len(args) > 1 && strings.Contains(args[0], "=") {
		env, args = append(env, args[0]), args[1:]
	}
	return timing.Run(dir, env, args...)
}
