#!/bin/sh
# uncommitted.sh REPO [N]: median wall time of `git status --porcelain`
# against `gatesel select --base HEAD --uncommitted --policy head` on a clone
# with a work tree (one tracked .go file is touched first and restored at the
# end), N interleaved runs each (default 15). REPO needs a gates.yaml
# (bench/e2e-policy.sh writes one).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$1" && pwd)
n=${2:-15}
bin=$(mktemp -d)/gatesel
(cd "$here/.." && go build -o "$bin" ./cmd/gatesel)
cd "$repo"
file=$(git ls-files '*.go' | head -n 1)
echo "// touched by bench/uncommitted.sh" >> "$file"
trap 'git checkout -q -- "$file"' EXIT
ms() { s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000 )); }
: > /tmp/unc.git; : > /tmp/unc.gs
i=0
while [ $i -lt "$n" ]; do
  ms git status --porcelain >> /tmp/unc.git
  ms "$bin" select --base HEAD --uncommitted --policy head --format json >> /tmp/unc.gs
  i=$((i + 1))
done
median() { sort -n "$1" | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}'; }
echo "$(basename "$repo"): git status $(median /tmp/unc.git) ms, gatesel --uncommitted $(median /tmp/unc.gs) ms"
