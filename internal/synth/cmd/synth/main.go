// Command synth writes a synthetic monorepo for benchmarking by hand and
// prints its revision pairs, one "NAME BASE HEAD" a line:
//
//	go run ./internal/synth/cmd/synth -dir /tmp/mono -files 100000
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"time"

	"github.com/gatesel/gatesel/internal/synth"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("synth", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var opt synth.Options
	dir := fs.String("dir", "", "directory to create (must not exist or be empty)")
	small := fs.Bool("small", false, "start from synth.Small() instead of the defaults")
	huge := fs.Bool("huge", false, "start from synth.Huge() (1,000,000 files, 10,000 services, change-100000) instead of the defaults")
	fs.IntVar(&opt.Files, "files", 0, "tracked files (default 100000)")
	fs.IntVar(&opt.Services, "services", 0, "services (default 2000)")
	fs.IntVar(&opt.Edges, "edges", 0, "depends_on and consumes edges (default 10000)")
	fs.IntVar(&opt.Contracts, "contracts", 0, "contracts (default services/10)")
	fs.IntVar(&opt.Domains, "domains", 0, "domains (default 50)")
	fs.IntVar(&opt.Rules, "rules", 0, "CODEOWNERS rules (default 5000)")
	fs.IntVar(&opt.History, "history", 0, "commits on main before the fork (default 2000)")
	fs.IntVar(&opt.Diverge, "diverge", 0, "commits on each side after the fork (default 200)")
	fs.IntVar(&opt.Fragments, "fragments", 0, "services declared in gates.yaml fragments (default services/20, -1 for none)")
	fs.Int64Var(&opt.Seed, "seed", 0, "random seed")
	fs.BoolVar(&opt.NoCheckout, "no-checkout", false, "do not check main out")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *dir == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: synth -dir DIR [flags]")
		return 2
	}
	if *small && *huge {
		fmt.Fprintln(stderr, "synth: -small and -huge exclude each other")
		return 2
	}
	if *small {
		opt = merge(synth.Small(), opt) // the flags given override Small
	}
	if *huge {
		opt = merge(synth.Huge(), opt)
	}
	start := time.Now()
	repo, err := synth.Generate(ctx, *dir, opt)
	if err != nil {
		fmt.Fprintln(stderr, err) // Generate's errors start with "synth: "
		return 1
	}
	fmt.Fprintf(stderr, "synth: %d files, %d services in %s, generated in %s\n", repo.Files, repo.Services, repo.Dir, time.Since(start).Round(time.Millisecond))
	names := make([]string, 0, len(repo.Pairs))
	for name := range repo.Pairs {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		fmt.Fprintf(stdout, "%s %s %s\n", name, repo.Pairs[name][0], repo.Pairs[name][1])
	}
	return 0
}

// merge returns base with the non-zero fields of over.
func merge(base, over synth.Options) synth.Options {
	pick := func(b *int, o int) {
		if o != 0 {
			*b = o
		}
	}
	pick(&base.Files, over.Files)
	pick(&base.Services, over.Services)
	pick(&base.Edges, over.Edges)
	pick(&base.Contracts, over.Contracts)
	pick(&base.Domains, over.Domains)
	pick(&base.Rules, over.Rules)
	pick(&base.History, over.History)
	pick(&base.Diverge, over.Diverge)
	pick(&base.Fragments, over.Fragments)
	if over.Seed != 0 {
		base.Seed = over.Seed
	}
	base.NoCheckout = over.NoCheckout
	return base
}
