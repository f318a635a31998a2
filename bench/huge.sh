#!/bin/sh
# huge.sh DIR [PAIR...]: issue 18's largest target. Generates synth.Huge()
# (1,000,000 files, 10,000 services, 50,000 edges, 20,000 CODEOWNERS rules,
# a 100,000-file change) into DIR/repo once, without a checkout (reading
# 1,000,000 files back is not what is measured), then times
# `gatesel select --base BASE --head HEAD --format json` against
# `git diff --name-only --no-renames BASE...HEAD` with e2e (N runs each,
# default 5, interleaved, after two warm-up rounds), gatesel reading the
# head's policy from its tree. Prints the generation's time and peak
# memory (GNU time) and one Markdown row per pair: wall, RSS and CPU.
#
#   bench/huge.sh /tmp/huge                       # main...change-100000
#   bench/huge.sh /tmp/huge main...change-10000 main...diverged
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dir=$1
shift
[ $# -gt 0 ] || set -- main...change-100000
if [ ! -f "$dir/pairs.txt" ]; then
	mkdir -p "$dir"
	(cd "$here/.." && /usr/bin/time -v go run ./internal/synth/cmd/synth -dir "$dir/repo" -huge -no-checkout >"$dir/pairs.tmp" 2>"$dir/generate.log") ||
		{ cat "$dir/generate.log" >&2; exit 1; }
	mv "$dir/pairs.tmp" "$dir/pairs.txt"
fi
grep -E 'synth:|Elapsed|Maximum resident' "$dir/generate.log" || true
bin=$(mktemp -d)/gatesel
(cd "$here/.." && go build -o "$bin" ./cmd/gatesel)
cd "$here"
go build -o "$(dirname "$bin")/e2e" ./e2e
echo "load before: $(cat /proc/loadavg)"
"$(dirname "$bin")/e2e" -C "$dir/repo" -gatesel "$bin" -checkout=false -label huge -n "${N:-5}" "$@"
echo "load after: $(cat /proc/loadavg)"
