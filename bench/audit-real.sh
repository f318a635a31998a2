#!/bin/sh
# audit-real.sh REPO BRANCH POLICY [N]: times `gatesel audit` over the last
# N (default 1000) first-parent commits of BRANCH of a real repository.
# No public repository has a gates.yaml in its history, so a copy of REPO
# (in a temporary directory; REPO is not touched) gets POLICY as gates.yaml
# in every commit of BRANCH~(N+1)..BRANCH: `git fast-export --no-data`
# through bench/audit/with-policy.py into `git fast-import`. The trees are
# the repository's own, plus that one file; the commit hashes change.
# Prints the load average before and after each of 3 runs, wall, user+sys
# and peak RSS (GNU time), and keeps the last report in $OUT (default
# /tmp/audit-real.txt). GATESEL is the binary (default: built from here).
set -eu
repo=$1 branch=$2 policy=$(realpath "$3") n=${4:-1000}
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gatesel=${GATESEL:-$tmp/gatesel}
[ -n "${GATESEL:-}" ] || (cd "$here" && go build -o "$gatesel" ./cmd/gatesel)
git clone -q --no-checkout "$repo" "$tmp/repo"
cd "$tmp/repo"
git checkout -q -B "$branch" "origin/$branch" 2>/dev/null || git checkout -q "$branch"
blob=$(git hash-object -w "$policy")
git fast-export --no-data --reference-excluded-parents --signed-tags=strip "$branch~$((n + 1))..$branch" |
	python3 "$here/bench/audit/with-policy.py" "$blob" gates.yaml |
	git fast-import --quiet --force
git reset -q --hard "$branch"
git commit-graph write --reachable 2>/dev/null || true
git gc -q --auto
test "$(git show "$branch~$n:gates.yaml" | git hash-object --stdin)" = "$blob"
for run in 1 2 3; do
	echo "load before: $(cat /proc/loadavg)"
	/usr/bin/time -f "wall %e s, user %U s, sys %S s, peak RSS %M KB" \
		"$gatesel" audit --range "$branch~$n..$branch" --first-parent -o "${OUT:-/tmp/audit-real.txt}"
	echo "load after:  $(cat /proc/loadavg)"
done
sed -n 1,40p "${OUT:-/tmp/audit-real.txt}"
