#!/bin/sh
# interleave.sh COUNT BENCH BIN... -- [TESTFLAGS]: runs the benchmarks
# matching BENCH in each test binary in turn (before, after, before, ...),
# COUNT rounds, and prints each result line prefixed with the binary's name
# and the load average (`/proc/loadavg`) read just before it. Build the
# binaries first, e.g.
#
#	git stash; go test -c -o /tmp/before.test ./selector; git stash pop
#	go test -c -o /tmp/after.test ./selector
#	GATESEL_BENCH_FULL=1 bench/interleave.sh 5 'SynthSelect/change-10000' \
#	    /tmp/before.test /tmp/after.test -- -test.benchtime 10x -test.cpu 1
#
# The benchmarks' own environment (GATESEL_BENCH_FULL, GATESEL_BENCH_CACHE,
# GATESEL_BENCH_REPO) passes through. Summarise with benchstat, or by eye:
# on a shared machine read the cpu-ns/op column, not ns/op.
set -eu
count=$1 bench=$2
shift 2
bins=""
while [ $# -gt 0 ] && [ "$1" != "--" ]; do bins="$bins $1"; shift; done
[ $# -gt 0 ] && shift
i=0
while [ $i -lt "$count" ]; do
  for b in $bins; do
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    "$b" -test.run '^$' -test.bench "$bench" -test.benchmem "$@" | grep '^Benchmark' |
      sed "s|^|$(basename "$b") [load $load] |"
  done
  i=$((i + 1))
done
