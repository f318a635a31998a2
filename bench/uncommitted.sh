#!/bin/sh
# uncommitted.sh REPO [N]: `git status --porcelain` against `gatesel select
# --base HEAD --uncommitted --policy head` on a clone with a work tree (one
# tracked .go file is touched first and restored at the end), N interleaved
# rounds (default 15; rounds/main.go): median wall time, CPU time (user +
# sys) and peak RSS of each, and gatesel's ratios to git. REPO needs a
# gates.yaml (bench/e2e-policy.sh writes one). GATESEL_BEFORE=BIN adds a
# second gatesel binary to the rounds (before and after an optimisation).
# gatesel is built with the release settings (README, Install).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$1" && pwd)
n=${2:-15}
dir=$(mktemp -d)
(cd "$here/.." && CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o "$dir/gatesel" ./cmd/gatesel)
(cd "$here" && go build -o "$dir/rounds" ./rounds)
cd "$repo"
file=$(git ls-files '*.go' | head -n 1)
echo "// touched by bench/uncommitted.sh" >> "$file"
trap 'git checkout -q -- "$file"' EXIT
args="select --base HEAD --uncommitted --policy head --format json"
echo "$(basename "$repo"), $(git ls-files | wc -l) files; $(date -u +%H:%M:%S) UTC, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| command | wall | CPU | RSS | wall ratio | CPU ratio | RSS ratio |"
echo "|---|---|---|---|---|---|---|"
"$dir/rounds" -n "$n" "git status --porcelain" ${GATESEL_BEFORE:+"$GATESEL_BEFORE $args"} "$dir/gatesel $args"
echo
echo "load after $(cut -d' ' -f1-3 /proc/loadavg)"
