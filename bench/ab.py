#!/usr/bin/env python3
"""ab.py N DIR BIN... -- ARGS [-- ARGS...]: interleaved CPU time of commands.

Runs each BIN in DIR with each argument list in turn (BIN1 ARGS1, BIN1
ARGS2, ..., BIN2 ARGS1, ...), N rounds after one warm-up round, and prints
for each BIN the median CPU time (user + sys, from wait4) of all its runs,
its ratio to the first BIN's, its median wall time, then the load average.
A BIN may start with one VAR=VALUE (GOMAXPROCS=1 /tmp/gatesel) set in its
environment. Output goes to /dev/null; a run that fails stops the script.

    python3 bench/ab.py 41 /tmp/q/moby /tmp/before /tmp/after -- \
        select --base master~1 --head HEAD --format json

Several argument lists alternate within a round: with two heads whose
policies share an entry, each run finds the entry written for the other
(docs/performance.md, round 7):

    python3 bench/ab.py 11 /tmp/huge/repo /tmp/before /tmp/after -- \
        select --base main --head change-100 --format json -- \
        select --base main --head change-1 --format json
"""
import os
import shutil
import statistics
import sys
import time


def run(bin_, args):
    env = dict(os.environ)
    cmd = bin_.split()
    if "=" in cmd[0]:
        k, v = cmd.pop(0).split("=", 1)
        env[k] = v
    path = cmd[0] if "/" in cmd[0] else shutil.which(cmd[0])
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        os.execve(path, cmd + args, env)
    _, status, ru = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        sys.exit("ab.py: %s %s: exit status %d" % (bin_, " ".join(args), os.waitstatus_to_exitcode(status)))
    return (ru.ru_utime + ru.ru_stime) * 1000, wall * 1000


def main():
    if len(sys.argv) < 5 or "--" not in sys.argv:
        sys.exit(__doc__)
    n, dir_ = int(sys.argv[1]), sys.argv[2]
    rest = sys.argv[3:]
    cut = rest.index("--")
    bins, argsets = rest[:cut], [[]]
    for a in rest[cut + 1:]:
        if a == "--":
            argsets.append([])
        else:
            argsets[-1].append(a)
    os.chdir(dir_)
    cpu = {b: [] for b in bins}
    wall = {b: [] for b in bins}
    for round_ in range(n + 1):
        for b in bins:
            for args in argsets:
                c, w = run(b, args)
                if round_ > 0:  # the first round warms the caches up
                    cpu[b].append(c)
                    wall[b].append(w)
    base = statistics.median(cpu[bins[0]])
    for b in bins:
        m = statistics.median(cpu[b])
        print("%-40s cpu %8.2f ms (x%.3f)  wall %8.2f ms" % (b[-40:], m, m / base, statistics.median(wall[b])))
    with open("/proc/loadavg") as f:
        print("load", f.read().strip())


if __name__ == "__main__":
    main()
