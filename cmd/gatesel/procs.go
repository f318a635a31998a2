package main

import (
	"sync"

	"github.com/gatesel/gatesel/selector"
)

// setProcs asks for a number of processors: laterProcs.ask in the process
// (main sets it), nil in the tests, which call run in their own process and
// keep its processors.
var setProcs func(int)

// serialSelect asks for one processor (GOMAXPROCS=1) unless GOMAXPROCS is
// set or the change includes the work tree. A select is a short, mostly
// serial computation: with two processors the runtime kept an idle one
// spinning for work and ran idle-time mark workers and the background
// sweeper on it, CPU that shortened nothing. On one, interleaved against
// the default (docs/performance.md, round 6), the 15 real pairs took 6 %
// less CPU with a commit-graph (median; 0-14 %) and as much without one
// (median 0.99), and the 100,000-file change of a 1,000,000-file
// repository 15 % less CPU and 10 % less time, for 9 % more peak memory.
// --uncommitted keeps every processor: its index, work-tree and untracked
// walks run in parallel.
func serialSelect(e *env, opt selector.Options) {
	if setProcs != nil && e.getenv("GOMAXPROCS") == "" && !opt.Uncommitted {
		setProcs(1)
	}
}

// laterProcs holds a request for a number of processors until the run has
// lasted interruptAfter. Giving one up stops the world and hands the
// spans the second processor cached back to the heap: about 0.12 ms, 4.5 %
// of a one-file pair, which ends before a second processor costs anything
// (it never collects). A run that lasts gives it up at 10 ms and keeps the
// saving: moby master~2000 x1.006-1.019 against giving it up at once,
// where at its first collection, or at 5 ms, cost more (docs/performance.md,
// round 9).
type laterProcs struct {
	mu      sync.Mutex
	set     func(int) int // runtime.GOMAXPROCS
	n       int           // the processors asked for; 0 for none
	elapsed bool
}

// ask asks for n processors: now if the run has lasted, else when it has.
func (p *laterProcs) ask(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n = n
	if p.elapsed {
		p.set(n)
	}
}

// due marks the run as having lasted, and sets what was asked for.
func (p *laterProcs) due() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.elapsed = true
	if p.n > 0 {
		p.set(p.n)
	}
}
